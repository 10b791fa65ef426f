/**
 * validate over 1,000 generated bundles, inside and outside git: target < 1 s wall for the CLI end to end.
 * Run: npm run build && npx tsx bench/validate.ts
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBundles } from "../src/bundle/load.js";

const BUNDLES = 1000;
const TARGET_MS = 1000;
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(repoRoot, "bin/dust-skills.js");

function generate(dir: string): void {
  for (let i = 0; i < BUNDLES; i += 1) {
    const b = join(dir, "skills", `skill-${String(i).padStart(4, "0")}`);
    mkdirSync(join(b, "scripts"), { recursive: true });
    mkdirSync(join(b, "references"), { recursive: true });
    writeFileSync(
      join(b, "SKILL.md"),
      `---\nname: skill-${i}\ndescription: Generated skill ${i}. Use it when the benchmark asks for skill ${i}.\nmetadata:\n  owner: bench\n---\n\n# Skill ${i}\n\n${"Do the thing carefully.\n".repeat(40)}`,
    );
    writeFileSync(join(b, "scripts", "run.py"), `print(${i})\n`);
    writeFileSync(join(b, "references", "guide.md"), `# Guide ${i}\n${"text ".repeat(200)}\n`);
    writeFileSync(join(b, "LICENSE"), "MIT\n");
  }
}

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", args, { cwd, stdio: "ignore", env: { ...process.env, GIT_DIR: undefined, GIT_INDEX_FILE: undefined } });
}

interface Timing {
  ms: number;
  /** CPU time (user + system): what the run costs on an idle machine when others compete for the cores. */
  cpuMs: number;
}

async function timeLoad(dir: string): Promise<Timing & { bundles: number; diagnostics: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await loadBundles({ roots: [dir], cwd: dir, strict: true });
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, bundles: r.bundles.length, diagnostics: r.diagnostics.length };
}

/** Runs the CLI with a preloaded hook that prints the child's own CPU time as it exits (git children excluded). */
function timeCli(dir: string, cpuHook: string): Timing & { code: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", cpuHook, bin, "validate", dir], { cwd: dir, encoding: "utf-8" });
  const ms = performance.now() - t0;
  const cpuMs = Number(/DUST_BENCH_CPU_MS=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, cpuMs, code: r.status };
}

function line(label: string, t: Timing): string {
  const ratio = (ms: number): string => `${(ms / TARGET_MS).toFixed(2)}x`;
  return `${label.padEnd(38)} wall ${t.ms.toFixed(0).padStart(5)} ms (${ratio(t.ms)})   cpu ${t.cpuMs.toFixed(0).padStart(5)} ms (${ratio(t.cpuMs)})`;
}

async function main(): Promise<void> {
  const base = mkdtempSync(join(os.tmpdir(), "dust-skills-bench-"));
  try {
    const inGit = join(base, "repo");
    const plain = join(base, "plain");
    generate(inGit);
    generate(plain);
    git(inGit, "init", "-q");
    git(inGit, "add", "-A");
    git(inGit, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "bench");

    const cpuHook = join(base, "cpu-hook.mjs");
    writeFileSync(cpuHook, "process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write(`DUST_BENCH_CPU_MS=${(c.user + c.system) / 1000}\\n`); });\n");
    const load = os.loadavg()[0] ?? 0;
    console.log(`validate: ${BUNDLES} bundles x 4 files, target ${TARGET_MS} ms (${process.platform}, node ${process.version}, ${os.cpus().length} cores, load average ${load.toFixed(1)})`);
    if (load > os.cpus().length) console.log("warning: the machine is busy; wall times are inflated, CPU times are the fairer measure");
    for (const [label, dir] of [["in git", inGit], ["outside git", plain]] as const) {
      const cold = await timeLoad(dir);
      const warm = await timeLoad(dir);
      console.log(line(`loadBundles ${label} (first)`, cold), `  ${cold.bundles} bundles, ${cold.diagnostics} diagnostics`);
      console.log(line(`loadBundles ${label} (second)`, warm));
      if (!existsSync(join(repoRoot, "dist/cli.js"))) {
        console.log("CLI: dist/ missing; run `npm run build` first");
        continue;
      }
      const runs = [timeCli(dir, cpuHook), timeCli(dir, cpuHook), timeCli(dir, cpuHook)];
      const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
      console.log(line(`CLI validate ${label} (best of 3)`, best), `  exit ${best.code}`);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

await main();
