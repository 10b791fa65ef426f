/**
 * validate over 1,000 generated bundles, inside and outside git: target < 1 s wall for the CLI end to end.
 * Run: npx tsc -p tsconfig.build.json && npx tsx bench/validate.ts
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

async function timeLoad(dir: string): Promise<{ ms: number; bundles: number; diagnostics: number }> {
  const t0 = performance.now();
  const r = await loadBundles({ roots: [dir], cwd: dir, strict: true });
  return { ms: performance.now() - t0, bundles: r.bundles.length, diagnostics: r.diagnostics.length };
}

function timeCli(dir: string): { ms: number; code: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, "validate", dir], { cwd: dir, encoding: "utf-8" });
  return { ms: performance.now() - t0, code: r.status };
}

function line(label: string, ms: number): string {
  return `${label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / TARGET_MS).toFixed(2)}x of the ${TARGET_MS} ms target`;
}

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), "dust-skills-bench-"));
  try {
    const inGit = join(base, "repo");
    const plain = join(base, "plain");
    generate(inGit);
    generate(plain);
    git(inGit, "init", "-q");
    git(inGit, "add", "-A");
    git(inGit, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "bench");

    console.log(`validate: ${BUNDLES} bundles x 4 files (${process.platform}, node ${process.version})`);
    for (const [label, dir] of [["in git", inGit], ["outside git", plain]] as const) {
      const cold = await timeLoad(dir);
      const warm = await timeLoad(dir);
      console.log(line(`loadBundles ${label} (first run)`, cold.ms), `  ${cold.bundles} bundles, ${cold.diagnostics} diagnostics`);
      console.log(line(`loadBundles ${label} (second run)`, warm.ms));
      if (!existsSync(join(repoRoot, "dist/cli.js"))) {
        console.log("CLI: dist/ missing; run `npx tsc -p tsconfig.build.json` first");
        continue;
      }
      const runs = [timeCli(dir), timeCli(dir), timeCli(dir)];
      const best = Math.min(...runs.map((r) => r.ms));
      console.log(line(`CLI validate ${label} (best of 3)`, best), `  exit ${runs[0]?.code}`);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

await main();
