// Packing speed: 1,000 generated bundles of 3 files each in a temporary git repository.
// Target (issue 2): `pack` under 3 s on a 2-core machine. Run: npx tsx bench/pack.ts
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { loadBundles } from "../src/bundle/load.js";
import { packBundles } from "../src/bundle/pack/index.js";
import { readShipped, defaultReadFile } from "../src/bundle/pack/read.js";
import { buildZip, compressEntry } from "../src/bundle/pack/zip.js";
import { writeBundles } from "./lib/bundle-corpus.js";

const BUNDLES = 1000;
const TARGET_MS = 3000;
const project = join(dirname(fileURLToPath(import.meta.url)), "..");

async function generate(root: string): Promise<void> {
  // Seeded prose that deflates like real Markdown (~3x), not repeated lines that flatter compression.
  await writeBundles(root, 0, BUNDLES);
  execFileSync("git", ["init", "-q"], { cwd: root });
  execFileSync("git", ["add", "-A"], { cwd: root });
}

const ms = (start: number): number => Math.round(performance.now() - start);
/** CPU ms of finished child processes (Linux /proc, 100 ticks per second); null elsewhere. */
function childrenCpuMs(): number | null {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
    // After "pid (comm) ": state is field 3, cutime and cstime are fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}
const ratio = (t: number): string => `${(t / TARGET_MS).toFixed(2)} of the ${TARGET_MS} ms target`;

const root = await mkdtemp(join(tmpdir(), "dust-skills-bench-pack-"));
try {
  await generate(root);
  const [load1] = loadavg();
  console.log(`${BUNDLES} bundles x 3 files (bench/lib/bundle-corpus.ts) in ${root} (git repo), node ${process.version}`);
  console.log(`load average ${load1?.toFixed(1)} on ${availableParallelism()} cores${(load1 ?? 0) > availableParallelism() ? ": busy machine, wall times are inflated; CPU times are the steadier figure" : ""}`);

  // Wall and CPU (user + system, this process only) of one step.
  const measure = async <T>(f: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> => {
    const c = process.cpuUsage();
    const w = performance.now();
    const value = await f();
    const u = process.cpuUsage(c);
    return { value, wall: ms(w), cpu: Math.round((u.user + u.system) / 1000) };
  };
  const show = (m: { wall: number; cpu: number }): string => `${m.wall} ms wall, ${m.cpu} ms CPU`;

  const load = await measure(() => loadBundles({ roots: [root], cwd: root }));
  const runs = [];
  for (let run = 0; run < 3; run++) runs.push(await measure(() => packBundles(load.value.bundles, { repository: "github.com/bench/skills" })));
  const cold = runs[0]!;
  const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  const uploads = cold.value.uploads.map((u) => `${u.entries} entries/${u.data.length} bytes`).join(", ");
  console.log(`loadBundles                ${show(load)}`);
  console.log(`packBundles cold           ${show(cold)}  -> ${cold.value.uploads.length} uploads: ${uploads}`);
  console.log(`packBundles best of 3      ${show(best)}`);
  console.log(`load + pack (cold)         ${load.wall + cold.wall} ms wall (${ratio(load.wall + cold.wall)}), ${load.cpu + cold.cpu} ms CPU (${ratio(load.cpu + cold.cpu)})`);

  // Why the ZIP writer is our own: the same 3,000 files zipped by jszip (pako, one pipeline per entry).
  const files = (await Promise.all(load.value.bundles.map((b) => readShipped(b, defaultReadFile)))).flat();
  const cpu = async (f: () => Promise<unknown>): Promise<string> => show(await measure(f));
  const own = await cpu(async () => buildZip(files.map((f) => compressEntry({ path: `upload/${f.repoPath}`, data: f.data }))));
  const jszip = await cpu(async () => {
    const zip = new JSZip();
    for (const f of files) zip.file(`upload/${f.repoPath}`, f.data, { binary: true, createFolders: false, date: new Date(Date.UTC(1980, 0, 1)) });
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "UNIX" });
  });
  console.log(`zip ${files.length} files: zlib + own writer ${own}; jszip ${jszip}`);

  // The CLI runs dist/: rebuild it from the current sources (`npm run build`).
  spawnSync(process.execPath, [join(project, "scripts/build.mjs")], { cwd: project, stdio: "inherit" });
  if (!existsSync(join(project, "dist/cli.js"))) throw new Error("dist/cli.js missing: build failed");
  const out = join(root, ".out");
  const cli = [join(project, "bin/dust-skills.js"), "pack", root, "--out", out];
  const cliRuns: { wall: number; cpu: number | null }[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    const before = childrenCpuMs();
    const r = spawnSync(process.execPath, cli, { cwd: root, encoding: "utf8" });
    const after = childrenCpuMs();
    cliRuns.push({ wall: ms(t), cpu: before === null || after === null ? null : after - before });
    if (r.status !== 0) throw new Error(`CLI exited ${r.status}: ${r.stderr}`);
  }
  const fastest = cliRuns.reduce((a, b) => (b.wall < a.wall ? b : a));
  const cpuText = fastest.cpu === null ? "CPU n/a" : `${fastest.cpu} ms CPU (${ratio(fastest.cpu)})`;
  console.log(`CLI \`dust-skills pack\`      ${cliRuns.map((r) => r.wall).join(", ")} ms wall; best ${fastest.wall} ms (${ratio(fastest.wall)}), ${cpuText}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
