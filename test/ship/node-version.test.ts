import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript file (bin/ runs before any build), typed by the assertions below.
import { SUPPORTED, nodeVersionProblem } from "../../bin/node-version.js";
import { ensureNodeRelease } from "../helpers/node-release.js";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "dust-skills.js");
const check = nodeVersionProblem as (version: string) => string;

describe("the Node version check that runs before the bundle loads", () => {
  it("accepts ^20.19 || >=22, as package.json engines says", async () => {
    const pkg = (await import("../../package.json", { with: { type: "json" } })).default as { engines: { node: string } };
    expect(SUPPORTED).toBe(pkg.engines.node);
    for (const v of ["20.19.0", "20.20.2", "22.0.0", "24.21.0", "30.1.2"]) expect(check(v)).toBe("");
  });

  it("refuses older and odd releases in one line that names this Node", () => {
    for (const v of ["18.20.4", "20.18.3", "20.0.0", "21.7.3", "16.0.0", "14.21.3"]) {
      expect(check(v)).toBe(`dust-skills needs Node ^20.19 || >=22 (this is v${v})`);
    }
  });

  it("under a real Node 18 (npm package node@18): one line on stderr, exit 1, nothing else", async () => {
    const node18 = await ensureNodeRelease(18);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(node18, [BIN, "validate", "."], (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stdout, stderr }));
    });
    expect(run.stderr).toMatch(/^dust-skills needs Node \^20\.19 \|\| >=22 \(this is v18\.\d+\.\d+\)\n$/);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(1);
  }, 240_000);
});
