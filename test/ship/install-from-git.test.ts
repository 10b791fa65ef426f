import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, run, snapshotRepo } from "./snapshot.js";

/**
 * `npm i -D github:OWNER/dust-skills` is a git install: npm clones the repository and packs it, running `prepare`
 * if there is one (where a build would fail: git installs give it no dev dependencies). There is none, because
 * dist/ is committed. Here the repository is a local clone (git+file://) and a plain folder path.
 */
describe("installed from git, with no build step", () => {
  let snapshot: { dir: string; sha: string };
  const temps: string[] = [];
  const consumer = (): string => {
    const dir = mkdtempSync(join(tmpdir(), "dust-skills-git-consumer-"));
    temps.push(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "skills-repo", private: true }));
    cpSync(join(ROOT, "skills-example"), join(dir, "skills"), { recursive: true });
    return dir;
  };

  beforeAll(() => {
    snapshot = snapshotRepo();
  });
  afterAll(() => {
    for (const dir of [snapshot?.dir, ...temps]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["a git URL (git+file://, as github:… is)", () => `git+file://${snapshot.dir}#${snapshot.sha}`],
    ["a clone's folder", () => snapshot.dir],
  ])("npm i -D %s, then npx --no dust-skills validate", async (_label, spec) => {
    const dir = consumer();
    const install = await run("npm", ["install", "--save-dev", "--no-audit", "--no-fund", spec()], dir);
    expect(install.code, install.stdout + install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/prepare|tsc: not found|install-scripts/);
    expect(existsSync(join(dir, "node_modules", "dust-skills", "dist", "cli.js"))).toBe(true);
    const validate = await run("npx", ["--no", "dust-skills", "validate", "skills"], dir);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout + validate.stderr).toMatch(/0 errors, \d+ warnings? in 6 bundles/);
  }, 180_000);

  it("npm publish --dry-run passes: the release step in README's Install", async () => {
    const r = await run("npm", ["publish", "--dry-run"], snapshot.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("dust-skills@0.1.0");
    expect(r.stderr).toMatch(/dist\/cli\.js/);
  }, 120_000);
});
