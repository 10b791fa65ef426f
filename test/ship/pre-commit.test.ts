import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTALL_TIMEOUT_MS, ensureDebianProgram } from "../helpers/debian-package.js";
import { ROOT, git, run, snapshotRepo, userEnv } from "./snapshot.js";

/**
 * The hook as a user gets it: the real pre-commit framework (Debian's package), a `.pre-commit-config.yaml` whose
 * `repo:` is a clone of this repository at a commit, `pre-commit install`, then `git commit`. pre-commit clones
 * the repository, runs `npm install` and `npm pack` there and installs the package into its own environment —
 * where a `prepare` build used to fail with `tsc: not found`.
 */
describe("the pre-commit hook, installed by the pre-commit framework from a clone", () => {
  let preCommit: string;
  let hookRepo: { dir: string; sha: string };
  let skills: string;
  let cache: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    preCommit = await ensureDebianProgram({ path: "/usr/bin/pre-commit", debianPackage: "pre-commit", neededBy: "the pre-commit hook test" });
    hookRepo = snapshotRepo();
    cache = mkdtempSync(join(tmpdir(), "dust-skills-pre-commit-home-"));
    env = userEnv({ PRE_COMMIT_HOME: cache });
    skills = mkdtempSync(join(tmpdir(), "dust-skills-hooked-"));
    git(skills, "init", "-q", "-b", "main");
    cpSync(join(ROOT, "skills-example"), join(skills, "skills"), { recursive: true });
    writeFileSync(
      join(skills, ".pre-commit-config.yaml"),
      `repos:\n  - repo: ${hookRepo.dir}\n    rev: ${hookRepo.sha}\n    hooks:\n      - id: dust-skills-validate\n`,
    );
    const install = await run(preCommit, ["install", "--install-hooks"], skills, env, INSTALL_TIMEOUT_MS);
    expect(install.code, install.stdout + install.stderr).toBe(0);
  }, INSTALL_TIMEOUT_MS * 2);

  afterAll(() => {
    for (const dir of [hookRepo?.dir, skills, cache]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lets a commit of valid bundles through", async () => {
    git(skills, "add", "-A");
    const commit = await run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-m", "skills"], skills, env);
    expect(commit.code, commit.stdout + commit.stderr).toBe(0);
    expect(commit.stdout + commit.stderr).toMatch(/validate Dust skills\.+Passed/);
  }, 120_000);

  it("stops a commit that breaks a bundle, naming the file and line", async () => {
    writeFileSync(join(skills, "skills", "release-notes", "SKILL.md"), "---\nname: release-notes\ndescription: [unclosed\n---\nBody.\n");
    git(skills, "add", "-A");
    const commit = await run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-m", "broken"], skills, env);
    expect(commit.code).not.toBe(0);
    expect(commit.stdout + commit.stderr).toMatch(/validate Dust skills\.+Failed/);
    expect(commit.stdout + commit.stderr).toMatch(/skills\/release-notes\/SKILL\.md:\d+:\d+: error/);
    expect(git(skills, "log", "--format=%s").trim().split("\n")).toEqual(["skills"]);
  }, 120_000);
});
