// Packing speed: 1,000 generated bundles of 3 files each in a temporary git repository.
// Target (issue 2): `pack` under 3 s on a 2-core machine. Run: npx tsx bench/pack.ts
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBundles } from "../src/bundle/load.js";
import { packBundles } from "../src/bundle/pack/index.js";

const BUNDLES = 1000;
const TARGET_MS = 3000;
const project = join(dirname(fileURLToPath(import.meta.url)), "..");

async function generate(root: string): Promise<void> {
  for (let i = 0; i < BUNDLES; i++) {
    const dir = join(root, "skills", `skill-${String(i).padStart(4, "0")}`);
    await mkdir(join(dir, "scripts"), { recursive: true });
    await mkdir(join(dir, "references"), { recursive: true });
    await writeFile(
      join(dir, "SKILL.md"),
      `---\nname: skill-${i}\ndescription: Generated skill ${i}; use it when the benchmark asks.\n---\n` +
        `# Skill ${i}\n\n${"Follow the checklist, then report what changed and why.\n".repeat(20)}`,
    );
    await writeFile(join(dir, "scripts", "run.py"), `import sys\n\n${"print('step', sys.argv)\n".repeat(40)}# ${i}\n`);
    await writeFile(join(dir, "references", "guide.md"), `# Guide ${i}\n\n${"Reference text about conventions. ".repeat(60)}\n`);
  }
  execFileSync("git", ["init", "-q"], { cwd: root });
  execFileSync("git", ["add", "-A"], { cwd: root });
}

const ms = (start: number): number => Math.round(performance.now() - start);
const ratio = (t: number): string => `${(t / TARGET_MS).toFixed(2)} of the ${TARGET_MS} ms target`;

const root = await mkdtemp(join(tmpdir(), "dust-skills-bench-pack-"));
try {
  await generate(root);
  console.log(`${BUNDLES} bundles x 3 files in ${root} (git repo), node ${process.version}`);

  let t = performance.now();
  const loaded = await loadBundles({ roots: [root], cwd: root });
  const loadMs = ms(t);
  const runs: number[] = [];
  let summary = "";
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    const result = await packBundles(loaded.bundles);
    runs.push(ms(t));
    summary = `${result.uploads.length} uploads, ${result.uploads.map((u) => `${u.entries} entries/${u.data.length} bytes`).join(", ")}`;
  }
  console.log(`loadBundles                ${loadMs} ms`);
  console.log(`packBundles (cold, best)   ${runs[0]} ms, ${Math.min(...runs)} ms  -> ${summary}`);
  console.log(`load + pack (cold)         ${loadMs + (runs[0] ?? 0)} ms  (${ratio(loadMs + (runs[0] ?? 0))})`);

  // The CLI runs dist/: build it from the current sources (type errors elsewhere do not stop the emit).
  spawnSync(process.execPath, [join(project, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: project });
  if (!existsSync(join(project, "dist/commands/pack.js"))) throw new Error("dist/commands/pack.js missing: build failed");
  const out = join(root, ".out");
  const cli = [join(project, "bin/dust-skills.js"), "pack", root, "--out", out];
  const cliRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    const r = spawnSync(process.execPath, cli, { cwd: root, encoding: "utf8" });
    cliRuns.push(ms(t));
    if (r.status !== 0) throw new Error(`CLI exited ${r.status}: ${r.stderr}`);
  }
  const best = Math.min(...cliRuns);
  console.log(`CLI \`dust-skills pack\` wall  ${cliRuns.join(", ")} ms  (best ${best} ms: ${ratio(best)})`);
} finally {
  await rm(root, { recursive: true, force: true });
}
