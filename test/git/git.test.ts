import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changedPathsSince } from "../../src/git/changes.js";
import { gitRaw } from "../../src/git/client.js";
import { GitError } from "../../src/git/errors.js";
import { stagedPaths, trackedFiles, untrackedRepoFiles } from "../../src/git/files.js";
import { gitTopLevel, publicUrl, repoUrl } from "../../src/git/repo.js";
import { tempRepos } from "./repo.js";

const repo = tempRepos();

describe("gitRaw", () => {
  it("answers stdout as it is, fails with git's own words when git complains, and answers a silent non-zero exit", async () => {
    const r = repo();
    r.write({ "a b.md": "x", "é.md": "y" });
    r.git("add", "-A");
    expect(await gitRaw(r.dir, ["ls-files", "-z"])).toBe("a b.md\0é.md\0".normalize());
    const err = await gitRaw(r.dir, ["cat-file", "-p", "no-such-object"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).message).toMatch(/^git cat-file failed in .+: fatal: Not a valid object name no-such-object$/);
    // `--quiet`: exit 1 and nothing on stderr; the caller reads the empty answer.
    expect(await gitRaw(r.dir, ["rev-parse", "--verify", "--quiet", "no-such-ref^{commit}"])).toBe("");
    const outside = await gitRaw(repo(false).dir, ["rev-parse", "--show-toplevel"]).catch((e: unknown) => e);
    expect((outside as GitError).message).toContain("not a git repository");
  });
});

describe("gitTopLevel", () => {
  it("finds the top from a subfolder and gives null outside git or for a missing folder", async () => {
    const r = repo();
    mkdirSync(join(r.dir, "a/b"), { recursive: true });
    expect(await gitTopLevel(join(r.dir, "a/b"))).toBe(r.dir);
    expect(await gitTopLevel(repo(false).dir)).toBeNull();
    expect(await gitTopLevel(join(r.dir, "missing"))).toBeNull();
  });
});

describe("trackedFiles / untrackedRepoFiles / stagedPaths", () => {
  it("separates tracked-or-staged files from untracked ones and never lists ignored files", async () => {
    const r = repo();
    r.write({ ".gitignore": ".env\nbuild/\n", "a/SKILL.md": "x", "a/.env": "SECRET=1", "a/build/out.js": "x", "a/new.md": "x", "weird name, ü.md": "x" });
    r.git("add", ".gitignore", "a/SKILL.md", "weird name, ü.md");
    expect((await trackedFiles(r.dir)).sort()).toEqual([".gitignore", "a/SKILL.md", "weird name, ü.md"]);
    expect(await untrackedRepoFiles(r.dir)).toEqual(["a/new.md"]);
    expect((await stagedPaths(r.dir)).sort()).toEqual([".gitignore", "a/SKILL.md", "weird name, ü.md"]);
  });

  it("lists the whole repository with top-level paths when asked from a subfolder", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": "x", "b/c/d.md": "x" });
    r.git("add", "-A");
    r.write({ "a/new.md": "x" });
    expect((await trackedFiles(join(r.dir, "b/c"))).sort()).toEqual(["a/SKILL.md", "b/c/d.md"]);
    expect(await untrackedRepoFiles(join(r.dir, "b/c"))).toEqual(["a/new.md"]);
  });

  it("lists a path in conflict once, though the index holds it once per stage (base, ours, theirs)", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": "base\n", "b.md": "x" });
    r.git("add", "-A");
    r.git("commit", "-q", "-m", "base");
    r.git("checkout", "-q", "-b", "other");
    r.write({ "a/SKILL.md": "other\n" });
    r.git("commit", "-q", "-am", "other");
    r.git("checkout", "-q", "main");
    r.write({ "a/SKILL.md": "main\n" });
    r.git("commit", "-q", "-am", "main");
    expect(() => r.git("merge", "-q", "other")).toThrow();
    expect((await gitRaw(r.dir, ["ls-files", "--cached"])).split("\n").filter((l) => l === "a/SKILL.md")).toHaveLength(3);
    expect(await trackedFiles(r.dir)).toEqual(["a/SKILL.md", "b.md"]);
  });

  it("works in an empty repository", async () => {
    const r = repo();
    expect(await trackedFiles(r.dir)).toEqual([]);
    expect(await untrackedRepoFiles(r.dir)).toEqual([]);
    expect(await stagedPaths(r.dir)).toEqual([]);
  });

  it("gives top-level paths of staged files from a subfolder, whatever diff.relative says", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": "x", "b/c/d.md": "x" });
    r.git("add", "-A");
    r.git("config", "diff.relative", "true");
    expect((await stagedPaths(join(r.dir, "b"))).sort()).toEqual(["a/SKILL.md", "b/c/d.md"]);
  });

  it("lists both sides of a staged rename", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": "x" });
    r.git("add", "-A");
    r.commit("one");
    r.git("mv", "a", "b");
    expect((await stagedPaths(r.dir)).sort()).toEqual(["a/SKILL.md", "b/SKILL.md"]);
  });
});

describe("changedPathsSince", () => {
  it("includes committed, staged, modified, deleted and untracked changes since the ref", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": "1", "b/SKILL.md": "1", "c/SKILL.md": "1", "d/SKILL.md": "1" });
    r.git("add", "-A");
    r.commit("base");
    r.git("tag", "base");
    r.write({ "a/SKILL.md": "2" });
    r.git("add", "-A");
    r.commit("change a");
    r.write({ "b/SKILL.md": "2", "e/new.md": "x" });
    r.git("rm", "-q", "c/SKILL.md");
    expect([...(await changedPathsSince(r.dir, "base"))].sort()).toEqual(["a/SKILL.md", "b/SKILL.md", "c/SKILL.md", "e/new.md"]);
    expect([...(await changedPathsSince(r.dir, "HEAD"))].sort()).toEqual(["b/SKILL.md", "c/SKILL.md", "e/new.md"]);
  });

  it("throws a GitError naming a ref that does not exist, or the all-zero SHA", async () => {
    const r = repo();
    r.commit("one");
    await expect(changedPathsSince(r.dir, "no-such-branch")).rejects.toThrow(GitError);
    await expect(changedPathsSince(r.dir, "no-such-branch")).rejects.toThrow('unknown git ref "no-such-branch"');
    await expect(changedPathsSince(r.dir, "0".repeat(40))).rejects.toThrow("all-zero SHA");
    await expect(changedPathsSince(r.dir, "--output=/tmp/x")).rejects.toThrow("invalid git ref");
  });
});


describe("repoUrl", () => {
  it("returns origin as a browsable https URL without credentials", async () => {
    const r = repo();
    expect(await repoUrl(r.dir)).toBeNull();
    r.git("remote", "add", "upstream", "git@github.com:acme/skills.git");
    expect(await repoUrl(r.dir)).toBe("https://github.com/acme/skills");
    r.git("remote", "add", "origin", "https://x-access-token:ghs_secret@github.com/acme/skills.git");
    expect(await repoUrl(r.dir)).toBe("https://github.com/acme/skills");
  });

  it.each([
    ["ssh://git@gitlab.example.com:2222/team/skills.git", "https://gitlab.example.com/team/skills"],
    ["https://github.com/acme/skills/", "https://github.com/acme/skills"],
    ["/srv/git/skills.git", null],
    ["file:///srv/git/skills.git", null],
  ])("publicUrl(%s)", (url, expected) => expect(publicUrl(url)).toBe(expected));
});

describe("symlinks in git", () => {
  it("lists a tracked symlink as a file entry (the loader decides whether to follow it)", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": "x" });
    symlinkSync("/etc/hostname", join(r.dir, "a/host.txt"));
    r.git("add", "-A");
    expect((await trackedFiles(r.dir)).sort()).toEqual(["a/SKILL.md", "a/host.txt"]);
  });
});
