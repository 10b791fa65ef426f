/**
 * dust-skills at scale against the emulator, side by side with the physical floor, in one run.
 *
 *   npx tsx bench/scale.ts                      (1,000, 5,000, 10,000 and 20,000 bundles; 20k takes minutes)
 *   npx tsx bench/scale.ts --sizes 1000,5000
 *
 * For each size: a git repository of generated bundles (SKILL.md + 2 attachments, ~5 KB of prose-like text
 * per bundle), an emulator in its own process (so peak RSS is the CLI's alone), and the built CLI spawned under
 * /usr/bin/time. Steps: validate; the first sync of every bundle; 1% of the bundles edited and committed;
 * the floor (bench/lib/floor.mjs: `git ls-files` + reading every file + one GET of the listing); plan; sync
 * of the 1%. For each: requests (from the emulator's log), ZIP bytes uploaded, wall, peak RSS, and wall as a
 * ratio of the floor measured in the same run. Targets (issue 14): first sync peak RSS ≤ 250 MB at 5,000 and
 * ≤ 400 MB at 20,000; plan ≤ 2× the floor at 1,000 and ≤ 1.1× at 20,000; imports = max(⌈bytes / 5 MiB⌉,
 * ⌈skills / 998⌉).
 * The machine is shared: the load average is printed with the table; compare ratios, not raw walls.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempRepo } from "../test/git/repo.js";
import type { TempRepo } from "../test/git/repo.js";
import { bundleFiles, REPO_EXTRAS, writeBundles } from "./lib/bundle-corpus.js";
import { startChildEmulator } from "./lib/child-emulator.js";

const KEY = "sk-bench-scale-4e1b7c";
const WS = "w_scale";
const MiB = 1024 * 1024;
const REQUEST_BYTES = 5 * MiB;
const SKILLS_PER_REQUEST = 998;
const project = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(project, "bin/dust-skills.js");
const TIME = "/usr/bin/time";
const MARK = "@@time ";

function sizesFromArgs(): number[] {
  const at = process.argv.indexOf("--sizes");
  if (at < 0) return [1_000, 5_000, 10_000, 20_000];
  const sizes = (process.argv[at + 1] ?? "").split(",").map((s) => Number(s.trim().replace(/k$/i, "000")));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100)) {
    console.error("--sizes takes a comma-separated list of bundle counts of at least 100, e.g. --sizes 1000,5000");
    process.exit(1);
  }
  return sizes;
}

interface Run {
  code: number;
  out: string;
  err: string;
  wallMs: number;
  /** Peak resident set size of the CLI process, in MB (from /usr/bin/time %M). */
  rssMb: number | null;
}

async function spawned(cwd: string, env: Record<string, string>, args: string[]): Promise<Run> {
  const argv = [process.execPath, ...args];
  const timed = existsSync(TIME);
  const command = timed ? [TIME, "-f", `${MARK}%M`, ...argv] : argv;
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  let err = "";
  child.stdout.on("data", (c: Buffer) => out.push(c));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c) => resolve(c ?? 1));
  });
  const wallMs = performance.now() - started;
  let rssMb: number | null = null;
  const at = err.lastIndexOf(MARK);
  if (at >= 0) {
    rssMb = Number(err.slice(at + MARK.length).trim()) / 1024;
    err = err.slice(0, at);
  }
  return { code, out: Buffer.concat(out).toString(), err, wallMs, rssMb };
}

interface LogEntry {
  method: string;
  path: string;
  query: string;
  skillNames?: string[];
}

async function requestLog(url: string): Promise<LogEntry[]> {
  const res = await fetch(`${url}/__emulator/requests`);
  return ((await res.json()) as { requests: LogEntry[] }).requests;
}

interface Row {
  bundles: number;
  step: string;
  requests: string;
  bytes: string;
  wall: string;
  rss: string;
  floor: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const failures: string[] = [];

const mb = (b: number): string => (b >= MiB ? `${(b / MiB).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
const ms = (t: number): string => `${Math.round(t).toLocaleString("en-US")} ms`;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");

function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

function describeRequests(log: LogEntry[]): string {
  const lists = log.filter((r) => r.method === "GET" && r.path.endsWith("/skills")).length;
  const posts = log.filter((r) => r.method === "POST").length;
  return [`${lists} list`, posts ? `${posts} import` : ""].filter(Boolean).join(" + ");
}

async function scale(n: number): Promise<void> {
  const repo: TempRepo = tempRepo();
  const emulator = await startChildEmulator({ workspaces: [{ id: WS, keys: [{ key: KEY, role: "admin" }], skills: [] }] });
  const env = { DUST_BASE_URL: emulator.url, DUST_WORKSPACE_ID: WS, DUST_API_KEY: KEY, NO_COLOR: "1" };
  let seen = 0;
  const step = async (label: string, args: string[], floorMs: number | null, bytesUp = (_run: Run): number => 0): Promise<Run> => {
    const run = await spawned(repo.dir, env, [bin, ...args]);
    const log = (await requestLog(emulator.url)).slice(seen);
    seen += log.length;
    rows.push({
      bundles: n,
      step: label,
      requests: describeRequests(log),
      bytes: run.code === 0 || bytesUp(run) > 0 ? mb(bytesUp(run)) : "-",
      wall: ms(run.wallMs),
      rss: run.rssMb === null ? "" : `${Math.round(run.rssMb)} MB`,
      floor: floorMs === null ? "" : `${(run.wallMs / floorMs).toFixed(2)}×`,
    });
    return run;
  };
  const syncBytes = (r: Run): number => {
    try {
      return (JSON.parse(r.out) as { bytesUploaded: number }).bytesUploaded;
    } catch {
      return 0;
    }
  };
  try {
    const t = performance.now();
    repo.write(REPO_EXTRAS);
    // Uploads record which repository owns them: an origin, as in any clone.
    repo.git("remote", "add", "origin", "https://github.com/bench/scale.git");
    await writeBundles(repo.dir, 0, n);
    repo.git("add", "-A");
    repo.commit(`${n} skills`, Date.now() - 86_400_000);
    console.log(`\n== ${n.toLocaleString("en-US")} bundles (${(3 * n).toLocaleString("en-US")} files) generated and committed in ${ms(performance.now() - t)}; load ${load()}`);

    const validate = await step("validate", ["validate", "skills"], null);
    check(validate.code === 0, `${n}: validate exited ${validate.code}: ${validate.err.slice(0, 300)}`);

    const first = await step("sync, first (all new)", ["sync", "skills", "--format", "json"], null, syncBytes);
    if (first.code !== 0) throw new Error(`${n}: first sync exited ${first.code}: ${first.err.slice(0, 300)}`);
    const firstBytes = syncBytes(first);
    const imports = (JSON.parse(first.out) as { requests: number }).requests;
    // A request is full at 5 MiB, or at 998 skills (Dust's form takes 1,000 fields; two are onConflict and availability).
    const ideal = Math.max(Math.ceil(firstBytes / REQUEST_BYTES), Math.ceil(n / SKILLS_PER_REQUEST));
    notes.push(`${n}: first sync sent ${imports} import request(s) for ${mb(firstBytes)}; max(⌈bytes / 5 MiB⌉, ⌈skills / 998⌉) = ${ideal}`);
    check(imports <= ideal + 1, `${n}: ${imports} imports, expected about ${ideal}`);
    if (n === 5_000) check((first.rssMb ?? 0) <= 250, `${n}: first sync peak RSS ${first.rssMb} MB > 250 MB`);
    if (n === 20_000) check((first.rssMb ?? 0) <= 400, `${n}: first sync peak RSS ${first.rssMb} MB > 400 MB`);

    // 1% of the bundles edited in one commit, dated after the sync so it never reads as a Dust edit.
    const changed = Math.max(1, Math.floor(n / 100));
    const stride = Math.floor(n / changed);
    repo.write(Object.assign({}, ...Array.from({ length: changed }, (_, k) => bundleFiles(k * stride, 1))));
    repo.git("add", "-A");
    repo.commit(`edit ${changed} skills`, Date.now() + 60_000);

    // Floor and plan side by side, twice each, interleaved; the better of each counts.
    // Both are whole processes (Node's start included), timed the same way.
    const floors: { ms: number; listingBytes: number }[] = [];
    const plans: Run[] = [];
    for (let round = 0; round < 2; round++) {
      const floorRun = await spawned(repo.dir, env, [join(project, "bench/lib/floor.mjs"), repo.dir, emulator.url, WS]);
      floors.push({ ms: floorRun.wallMs, listingBytes: (JSON.parse(floorRun.out) as { listingBytes: number }).listingBytes });
      plans.push(await spawned(repo.dir, env, [bin, "plan", "skills", "--format", "json"]));
    }
    seen = (await requestLog(emulator.url)).length;
    const floorMs = Math.min(...floors.map((f) => f.ms));
    const plan = plans.sort((a, b) => a.wallMs - b.wallMs)[0]!;
    check(plan.code === 0, `${n}: plan exited ${plan.code}: ${plan.err.slice(0, 300)}`);
    const summary = (JSON.parse(plan.out) as { summary: { update: number } }).summary;
    check(summary.update === changed, `${n}: plan has ${summary.update} updates, expected ${changed}`);
    const ratio = plan.wallMs / floorMs;
    if (n === 1_000) check(ratio <= 2, `${n}: plan ${ratio.toFixed(2)}× the floor > 2×`);
    if (n === 20_000) check(ratio <= 1.1, `${n}: plan ${ratio.toFixed(2)}× the floor > 1.1×`);
    rows.push({ bundles: n, step: "floor (ls-files + read all + 1 GET)", requests: "1 list", bytes: "", wall: ms(floorMs), rss: "", floor: "1.00×" });
    rows.push({
      bundles: n,
      step: `plan (${changed} changed)`,
      requests: "2 list",
      bytes: "",
      wall: ms(plan.wallMs),
      rss: plan.rssMb === null ? "" : `${Math.round(plan.rssMb)} MB`,
      floor: `${(plan.wallMs / floorMs).toFixed(2)}×`,
    });
    notes.push(`${n}: listing body ${mb(floors[0]!.listingBytes)}; floor ${floors.map((f) => ms(f.ms)).join(" / ")}, plan ${plans.map((p) => ms(p.wallMs)).join(" / ")} (best of 2 each)`);

    const second = await step(`sync of ${changed} (1%)`, ["sync", "skills", "--format", "json"], floorMs, syncBytes);
    check(second.code === 0, `${n}: 1% sync exited ${second.code}: ${second.err.slice(0, 300)}`);
  } finally {
    emulator.stop();
    repo.cleanup();
  }
}

function printTable(): void {
  const head = ["bundles", "step", "requests", "ZIP bytes up", "wall", "peak RSS", "÷ floor"];
  const all = [head, ...rows.map((r) => [r.bundles.toLocaleString("en-US"), r.step, r.requests, r.bytes, r.wall, r.rss, r.floor])];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  console.log("");
  for (const row of all) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
}

const started = performance.now();
const sizes = sizesFromArgs();
// The spawned CLI runs dist/: rebuild it from the current sources.
if (spawnSync(process.execPath, [join(project, "scripts/build.mjs")], { cwd: project, stdio: "inherit" }).status !== 0) {
  console.error("The build failed: run `npm ci`, then the bench again.");
  process.exit(1);
}
console.log(`node ${process.version}, ${cpus().length} cores, load average ${load()}; sizes ${sizes.join(", ")}`);
for (const n of sizes) {
  try {
    await scale(n);
  } catch (err) {
    // One size failing still prints what the others measured.
    failures.push(err instanceof Error ? err.message : String(err));
  }
}
printTable();
console.log("");
for (const note of notes) console.log(note);
console.log(`\ntotal ${ms(performance.now() - started)}; load average at the end ${load()}`);
if (failures.length > 0) {
  console.log(`\nTARGETS MISSED:\n${failures.map((f) => `  ${f}`).join("\n")}`);
  process.exitCode = 1;
}
