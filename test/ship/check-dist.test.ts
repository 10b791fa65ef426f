import { execFile } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FIX = "dist/ is stale or corrupted: run npm run build and commit dist/.";

function checkDist(dir?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, "scripts/check-dist.mjs"), ...(dir ? [dir] : [])], { cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe("check-dist: the committed dist/ is a fresh build of src/", () => {
  const temps: string[] = [];
  const copyOfDist = (): string => {
    const dir = mkdtempSync(join(tmpdir(), "dust-skills-dist-copy-"));
    temps.push(dir);
    cpSync(join(ROOT, "dist"), dir, { recursive: true });
    return dir;
  };
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("holds for the committed dist/", async () => {
    const run = await checkDist();
    expect(run.stderr, "dist/ differs from src/: run npm run build and commit dist/").toBe("");
    expect(run.stdout).toBe("check-dist: dist/ matches a fresh build\n");
    expect(run.code).toBe(0);
  }, 60_000);

  it("names a stale bundle, where it parts from a fresh build, and the fix", async () => {
    const dir = copyOfDist();
    appendFileSync(join(dir, "cli.js"), "// edited by hand\n");
    const run = await checkDist(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^check-dist: ${join(dir, "cli.js")} differs from a fresh build \\(first at line \\d+\\)\\n`));
    expect(run.stderr).toContain(FIX);
    expect(run.stderr).not.toContain("action.js");
  }, 60_000);

  it("names a missing, a truncated and an extra file", async () => {
    const dir = copyOfDist();
    rmSync(join(dir, "action.js"));
    writeFileSync(join(dir, "licenses.txt"), "");
    writeFileSync(join(dir, "old-chunk.js"), "export {};\n");
    const run = await checkDist(dir);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      `check-dist: ${join(dir, "action.js")} is missing`,
      `check-dist: ${join(dir, "licenses.txt")} differs from a fresh build (first at line 1)`,
      `check-dist: ${join(dir, "old-chunk.js")} is not made by the build`,
      `check-dist: ${FIX}`,
    ]);
  }, 60_000);
});
