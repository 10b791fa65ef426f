/**
 * plan and sync at scale, against Dust's own GitHub Action (whole-repo ZIP on every push).
 *
 *   npx tsx bench/sync.ts            (builds dist/ first for the spawned CLI runs)
 *
 * For 300, 1,000 and 5,000 generated bundles (SKILL.md + 2 attachments, ~8 KB per bundle) in a real git repo:
 * sync them all once (setup), change 10 bundles and commit, then measure `plan` (in-process and spawned) and
 * `sync` of the 10, checking from the emulator's request log that plan lists at most twice and writes nothing,
 * and that sync uploads exactly the 10. Target (issue 4): each under 2 s wall against the local emulator.
 * The same push is then handled the Action's way; 300 bundles is about the largest repository it accepts.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../src/emulator/index.js";
import { MAX_ZIP_ENTRIES } from "../src/emulator/import/read-zip.js";
import type { Emulator } from "../src/emulator/index.js";
import { tempRepo } from "../test/git/repo.js";
import type { TempRepo } from "../test/git/repo.js";
import { bundleFiles, REPO_EXTRAS, skillName, writeBundles } from "./lib/bundle-corpus.js";
import { listRequests, mutatingRequests, runInProcess, runSpawned } from "./lib/cli-run.js";
import type { CliRun, CliTarget } from "./lib/cli-run.js";
import { actionPush } from "./lib/upsert-skills.js";
import type { ActionPush } from "./lib/upsert-skills.js";

const TARGET_MS = 2_000;
const CHANGED = 10;
const SCALES = [300, 1_000, 5_000];
const KEY = "sk-bench-admin-5f0c2a91";
const ACTION_KEY = "sk-bench-action-7d3e18b4";
const WS = "w_bench";
const WS_ACTION = "w_action";
const DAY = 86_400_000;
/** Spawned `plan` runs per scale (median shown): three for the headline 1,000, one elsewhere to keep the run short. */
const spawnedPlanRuns = (n: number): number => (n === 1_000 ? 3 : 1);
const project = join(dirname(fileURLToPath(import.meta.url)), "..");

class BenchFailure extends Error {}
function check(ok: boolean, what: string): void {
  if (!ok) throw new BenchFailure(what);
}

const ms = (t: number): string => `${Math.round(t)} ms`;
const kib = (b: number): string => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
const vsTarget = (t: number): string => `${(t / TARGET_MS).toFixed(2)}× of 2 s`;

interface Row {
  bundles: number;
  what: string;
  requests: string;
  bytes: string;
  writes: string;
  wall: string;
  cpu: string;
  ratio: string;
}
const rows: Row[] = [];
const notes: string[] = [];

/** Server-side writes between two snapshots: new skills plus version bumps (Dust versions every update). */
function versions(emulator: Emulator, wId: string): Map<string, number> {
  return new Map(emulator.store.liveSkills(wId).map((s) => [s.sId, s.version]));
}
function writesBetween(before: Map<string, number>, after: Map<string, number>): number {
  let n = 0;
  for (const [sId, v] of after) n += before.has(sId) ? v - (before.get(sId) ?? v) : 1;
  return n;
}

function firstLines(text: string, matching: RegExp): string {
  return text.split("\n").filter((l) => matching.test(l)).slice(0, 3).join(" | ");
}

function describeRequests(log: CliRun["requests"]): string {
  const lists = listRequests(log);
  const posts = log.filter((r) => r.method === "POST").length;
  const deletes = log.filter((r) => r.method === "DELETE").length;
  return [`${lists} list`, posts ? `${posts} POST` : "", deletes ? `${deletes} DELETE` : ""].filter(Boolean).join(" + ");
}

async function changeBundles(repo: TempRepo, indices: number[], revision: number): Promise<string[]> {
  for (const i of indices) repo.write(bundleFiles(i, revision));
  repo.git("add", "-A");
  repo.commit(`edit ${indices.length} skills (revision ${revision})`);
  return indices.map(skillName).sort();
}

function assertPlanRun(run: CliRun, label: string, updates = CHANGED): void {
  check(run.code === 0, `${label} exited ${run.code}: ${run.err.slice(0, 500)}`);
  const lists = listRequests(run.requests);
  check(lists <= 2, `${label} made ${lists} list requests (at most 2 allowed)`);
  check(mutatingRequests(run.requests).length === 0, `${label} sent a mutating request`);
  const plan = JSON.parse(run.out) as { summary: { update: number; create: number; unchanged: number; drifted: number } };
  check(plan.summary.update === updates && plan.summary.create === 0 && plan.summary.drifted === 0, `${label} summary ${JSON.stringify(plan.summary)}`);
}

/** sync of the 10 changed: exactly those names POSTed; returns the bytes it reports. */
function assertSyncRun(run: CliRun, label: string, changed: string[]): number {
  check(run.code === 0, `${label} exited ${run.code}: ${run.err.slice(0, 500)}`);
  const uploaded = mutatingRequests(run.requests).flatMap((r) => r.skillNames ?? []).sort();
  check(JSON.stringify(uploaded) === JSON.stringify(changed), `${label} uploaded ${uploaded.length} skills: ${uploaded.slice(0, 12).join(", ")}`);
  const result = JSON.parse(run.out) as { bytesUploaded: number; ok: boolean };
  check(result.ok, `${label} reported ok=false`);
  return result.bytesUploaded;
}

function pushRow(n: number, what: string, run: CliRun, bytes: number, writes: number): void {
  rows.push({
    bundles: n,
    what,
    requests: describeRequests(run.requests),
    bytes: bytes ? kib(bytes) : "0",
    writes: String(writes),
    wall: ms(run.wallMs),
    cpu: run.cpuMs === null ? "" : ms(run.cpuMs),
    ratio: vsTarget(run.wallMs),
  });
}

function pushActionRow(n: number, what: string, push: ActionPush, writes: number): void {
  const outcome = push.status === null ? "refused by the Action before sending" : push.status === 200 ? "200" : `${push.status} refused`;
  rows.push({
    bundles: n,
    what: `${what} (${outcome})`,
    requests: push.requests ? `${push.requests} POST` : "0",
    bytes: push.bytesUploaded ? kib(push.bytesUploaded) : "0",
    writes: push.status === 200 ? `${writes} (${push.imported} imported + ${push.updated} updated)` : "0",
    wall: ms(push.wallMs),
    cpu: "",
    ratio: vsTarget(push.wallMs),
  });
}

async function scale(n: number): Promise<void> {
  const repo = tempRepo();
  // Dust's clock runs an hour behind the commits: the 10 edits committed right after the setup sync must
  // read as "changed in git", not as "edited in Dust after the last commit" (drift), whatever the second.
  const emulator = await startEmulator({
    now: () => Date.now() - 3_600_000,
    seed: {
      workspaces: [
        { id: WS, keys: [{ key: KEY, role: "admin" }], skills: [] },
        { id: WS_ACTION, keys: [{ key: ACTION_KEY, role: "admin" }], skills: [] },
      ],
    },
  });
  const target: CliTarget = { emulator, workspaceId: WS, apiKey: KEY, cwd: repo.dir };
  try {
    const t = performance.now();
    repo.write(REPO_EXTRAS);
    repo.git("add", "-A");
    repo.commit("repository skeleton", Date.now() - 2 * DAY);
    const skeleton = repo.git("rev-parse", "HEAD").trim();
    await writeBundles(repo.dir, 0, n);
    repo.git("add", "-A");
    repo.commit(`${n} skills`, Date.now() - DAY);
    console.log(`\n== ${n.toLocaleString("en-US")} bundles (${3 * n} files) generated and committed in ${ms(performance.now() - t)}`);

    // Setup: our tool syncs everything once; the Action pushes the same tree once to its own workspace.
    let before = versions(emulator, WS);
    const initial = await runInProcess(target, ["sync", "skills", "--format", "json"]);
    const initialResult = JSON.parse(initial.out) as { bytesUploaded: number; uploads: unknown[] };
    pushRow(n, "dust-skills initial sync (all new)", initial, initialResult.bytesUploaded, writesBetween(before, versions(emulator, WS)));
    if (initial.code !== 0) {
      // Recorded, not hidden: the documented recovery is a re-run, which must converge.
      notes.push(`${n} bundles, initial sync exited ${initial.code}: ${firstLines(initial.err, /failed/)}`);
      before = versions(emulator, WS);
      const rerun = await runInProcess(target, ["sync", "skills", "--format", "json"]);
      check(rerun.code === 0, `initial sync re-run exited ${rerun.code}: ${rerun.err.slice(0, 500)}`);
      const rerunBytes = (JSON.parse(rerun.out) as { bytesUploaded: number }).bytesUploaded;
      pushRow(n, "dust-skills initial sync, re-run", rerun, rerunBytes, writesBetween(before, versions(emulator, WS)));
    }
    check(emulator.store.liveSkills(WS).length === n, `initial sync left ${emulator.store.liveSkills(WS).length} skills, expected ${n}`);
    // Above the server's entry limit the first push is refused before any write, like the measured one below.
    const firstPush = 3 * n + Object.keys(REPO_EXTRAS).length <= MAX_ZIP_ENTRIES ? await actionPush(repo.dir, emulator.url, WS_ACTION, ACTION_KEY) : null;

    // The push being compared: 10 bundles edited in one commit.
    const stride = Math.floor(n / CHANGED);
    const changed = await changeBundles(repo, Array.from({ length: CHANGED }, (_, k) => k * stride + 1), 1);

    const plan = await runInProcess(target, ["plan", "skills", "--format", "json"]);
    assertPlanRun(plan, "plan (in-process)");
    pushRow(n, "dust-skills plan, in-process", plan, 0, 0);
    const spawnedPlans: CliRun[] = [];
    for (let k = 0; k < spawnedPlanRuns(n); k++) {
      const run = await runSpawned(target, project, ["plan", "skills", "--format", "json"]);
      assertPlanRun(run, "plan (spawned)");
      spawnedPlans.push(run);
    }
    spawnedPlans.sort((a, b) => a.wallMs - b.wallMs);
    const medianPlan = spawnedPlans[Math.floor(spawnedPlans.length / 2)]!;
    pushRow(n, `dust-skills plan, spawned (median of ${spawnedPlans.length})`, medianPlan, 0, 0);

    // A PR that adds or touches every bundle, planned with --changed-since its base: every path is changed,
    // so every bundle's attachments count as changed (an update each).
    const allChanged = await runInProcess(target, ["plan", "skills", "--format", "json", "--changed-since", skeleton]);
    assertPlanRun(allChanged, "plan --changed-since", n);
    pushRow(n, "dust-skills plan --changed-since (all changed), in-process", allChanged, 0, 0);

    before = versions(emulator, WS);
    const sync = await runInProcess(target, ["sync", "skills", "--format", "json"]);
    const bytes = assertSyncRun(sync, "sync (in-process)", changed);
    pushRow(n, "dust-skills sync of 10, in-process", sync, bytes, writesBetween(before, versions(emulator, WS)));

    const actionBefore = versions(emulator, WS_ACTION);
    const push = await actionPush(repo.dir, emulator.url, WS_ACTION, ACTION_KEY);
    pushActionRow(n, "Dust Action: whole-repo ZIP", push, writesBetween(actionBefore, versions(emulator, WS_ACTION)));
    notes.push(
      `${n} bundles, Dust Action: ZIP of ${push.entries} entries, ${kib(push.zipBytes)}; first push: ${
        firstPush === null ? "not sent (over the entry limit)" : firstPush.status === 200 ? `200, ${firstPush.imported} imported` : firstPush.message
      }; the 10-changed push: ${push.status === 200 ? `200, ${push.imported} imported + ${push.updated} updated, ${push.errored} errored` : push.message}`,
    );
    if (push.status === null) {
      const forced = await actionPush(repo.dir, emulator.url, WS_ACTION, ACTION_KEY, { force: true, zip: push.zip });
      notes.push(`${n} bundles, the same ZIP POSTed anyway: HTTP ${forced.status} ${forced.message ?? ""}`);
    }

    // Same push once more, through the built CLI as CI would run it (Node startup included).
    const changedAgain = await changeBundles(repo, Array.from({ length: CHANGED }, (_, k) => k * stride + 2), 2);
    before = versions(emulator, WS);
    const spawnedSync = await runSpawned(target, project, ["sync", "skills", "--format", "json"]);
    const spawnedBytes = assertSyncRun(spawnedSync, "sync (spawned)", changedAgain);
    pushRow(n, "dust-skills sync of 10, spawned", spawnedSync, spawnedBytes, writesBetween(before, versions(emulator, WS)));
  } finally {
    await emulator.close();
    repo.cleanup();
  }
}

function printTable(): void {
  const head: Row = { bundles: 0, what: "what", requests: "requests", bytes: "ZIP bytes up", writes: "server writes", wall: "wall", cpu: "cpu", ratio: "wall vs target" };
  const cells = (r: Row): string[] => [r === head ? "bundles" : r.bundles.toLocaleString("en-US"), r.what, r.requests, r.bytes, r.writes, r.wall, r.cpu, r.ratio];
  const all = [head, ...rows].map(cells);
  const widths = all[0]!.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  console.log("");
  for (const row of all) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
}

const started = performance.now();
// The spawned CLI runs dist/: rebuild it from the current sources (`npm run build`).
spawnSync(process.execPath, [join(project, "scripts/build.mjs")], { cwd: project, stdio: "inherit" });
if (!existsSync(join(project, "dist/cli.js"))) throw new Error("dist/cli.js missing: build failed");
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`node ${process.version}, ${cpus().length} cores, load average ${load()}; target: plan and sync of ${CHANGED} changed each under ${TARGET_MS} ms wall`);
try {
  for (const n of SCALES) await scale(n);
} catch (err) {
  printTable();
  console.error(`\nBENCH FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
printTable();
console.log("");
for (const note of notes) console.log(note);
console.log(
  "\ncpu: in-process = this process (CLI + emulator, git excluded); spawned = the CLI and its git children.\n" +
    `total run ${ms(performance.now() - started)}; load average at the end ${load()}`,
);
