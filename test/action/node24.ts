import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A Node 24 binary for running the Action as a runner with actions/setup-node@v4 `node-version: 24` would.
 * It comes from the npm package `node@24` (which installs the official binary through a registry package),
 * into a cache folder OUTSIDE the repository so the project's own package.json and lock stay untouched.
 * Installed once per machine; later runs reuse it.
 */
export const NODE24_PREFIX = join(tmpdir(), "dust-skills-node24");
export const NODE24_BIN = join(NODE24_PREFIX, "node_modules", "node", "bin", "node");

export async function ensureNode24(): Promise<string> {
  if (existsSync(NODE24_BIN)) return NODE24_BIN;
  // Install beside the final folder and rename: two test processes racing never see a half-installed Node.
  const staging = mkdtempSync(join(tmpdir(), "dust-skills-node24-staging-"));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        "npm",
        ["install", "--prefix", staging, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", "node@24"],
        { timeout: 180_000 },
        (err, _stdout, stderr) => (err ? reject(new Error(`npm install node@24 failed: ${stderr || err.message}`)) : resolve()),
      );
    });
    if (!existsSync(join(staging, "node_modules", "node", "bin", "node"))) {
      throw new Error("npm install node@24 finished but node_modules/node/bin/node is missing (install scripts disabled?)");
    }
    // Another test process may have finished first: its copy is as good as ours.
    if (!existsSync(NODE24_BIN)) {
      // A folder without the binary is what an interrupted install leaves: replace it.
      rmSync(NODE24_PREFIX, { recursive: true, force: true });
      try {
        renameSync(staging, NODE24_PREFIX);
      } catch (err) {
        if (!existsSync(NODE24_BIN)) throw err;
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return NODE24_BIN;
}

/** The Nodes the Action is run under in tests: the one setup-node gives users, and the one running the tests. */
export const TEST_NODES: Array<[label: string, which: "24" | "current"]> = [
  ["Node 24 (npm package node@24)", "24"],
  [`the Node here (${process.version})`, "current"],
];

export async function nodeBinary(which: "24" | "current"): Promise<string> {
  return which === "24" ? ensureNode24() : process.execPath;
}

/** What main.js logs as its Node version under each. */
export function nodeVersionLabel(which: "24" | "current"): string {
  return `on Node ${which === "24" ? "v24." : process.version}`;
}
