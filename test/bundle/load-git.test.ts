import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BundleError } from "../../src/bundle/errors.js";
import { loadBundles } from "../../src/bundle/load.js";
import { GitError } from "../../src/git/errors.js";
import { tempRepos } from "../git/repo.js";
import { skillMd } from "./memfs.js";

const repo = tempRepos();
const brief = (r: { diagnostics: { file: string; line: number; col: number; rule: string }[] }): string[] =>
  r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.rule}`);

describe("loadBundles inside git", () => {
  it("ships only what git tracks or has staged: an ignored .env and untracked files stay out", async () => {
    const r = repo();
    r.write({
      ".gitignore": ".env\n",
      "skills/a/SKILL.md": skillMd("a"),
      "skills/a/.env": "API_KEY=secret",
      "skills/a/scripts/run.py": "print()",
      "skills/a/draft.md": "not added yet",
      "skills/new/SKILL.md": skillMd("new"),
    });
    r.git("add", ".gitignore", "skills/a/SKILL.md", "skills/a/scripts/run.py");
    const res = await loadBundles({ roots: [], cwd: r.dir });
    expect(res.inGit).toBe(true);
    expect(res.root).toBe(r.dir);
    expect(res.bundles.map((b) => b.dir)).toEqual(["skills/a"]);
    expect(res.bundles[0]?.files.map((f) => f.rel)).toEqual(["SKILL.md", "scripts/run.py"]);
    expect(res.notes.join("\n")).toContain("1 untracked SKILL.md not checked (skills/new/SKILL.md)");

    const all = await loadBundles({ roots: [], cwd: r.dir, includeUntracked: true });
    expect(all.bundles.map((b) => b.dir)).toEqual(["skills/a", "skills/new"]);
    expect(all.bundles[0]?.files.map((f) => f.rel)).toEqual(["SKILL.md", "draft.md", "scripts/run.py"]);
  });

  it("ships tracked dotfiles with a kept extension (git decides, not the name)", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": skillMd("a"), "a/.prettierrc.json": "{}" });
    r.git("add", "-A");
    const res = await loadBundles({ roots: [], cwd: r.dir });
    expect(res.bundles[0]?.attachments.map((f) => f.rel)).toEqual([".prettierrc.json"]);
  });

  it("skips a tracked file deleted from the working tree and refuses a symlink to a file outside the repo", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": skillMd("a"), "a/gone.md": "x", "outside.txt": "secret" });
    symlinkSync(join(r.dir, "outside.txt"), join(r.dir, "a/link.txt"));
    symlinkSync("/etc/passwd", join(r.dir, "a/passwd.txt"));
    r.git("add", "-A");
    rmSync(join(r.dir, "a/gone.md"));
    const res = await loadBundles({ roots: [], cwd: r.dir });
    expect(res.bundles[0]?.files.map((f) => f.rel)).toEqual(["SKILL.md"]);
    expect(brief(res)).toEqual(["a/link.txt:1:1 symlink-outside-bundle", "a/passwd.txt:1:1 symlink-outside-bundle"]);
  });

  it("says an empty repository has no tracked files yet", async () => {
    const res = await loadBundles({ roots: [], cwd: repo().dir });
    expect(res.bundles).toEqual([]);
    expect(res.notes.join("\n")).toContain("no tracked files yet");
  });

  it("refuses a path outside the repository with a BundleError", async () => {
    const r = repo();
    await expect(loadBundles({ roots: [".", repo(false).dir], cwd: r.dir })).rejects.toThrow(BundleError);
  });
});

describe("staged", () => {
  it("keeps only bundles with a staged change, deletions and nested files included", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": skillMd("a"), "b/SKILL.md": skillMd("b"), "c/SKILL.md": skillMd("c"), "c/old.md": "x", "d/SKILL.md": skillMd("d") });
    r.git("add", "-A");
    r.commit("base");
    r.write({ "a/SKILL.md": skillMd("a", "changed"), "b/SKILL.md": skillMd("b", "not staged") });
    r.git("add", "a/SKILL.md");
    r.git("rm", "-q", "c/old.md");
    const res = await loadBundles({ roots: [], cwd: r.dir, staged: true });
    expect(res.bundles.map((b) => b.dir)).toEqual(["a", "c"]);
  });

  it("works before the first commit and explains when nothing is staged", async () => {
    const r = repo();
    r.write({ "a/SKILL.md": skillMd("a") });
    r.git("add", "-A");
    expect((await loadBundles({ roots: [], cwd: r.dir, staged: true })).bundles.map((b) => b.dir)).toEqual(["a"]);
    r.commit("one");
    const none = await loadBundles({ roots: [], cwd: r.dir, staged: true });
    expect(none.bundles).toEqual([]);
    expect(none.notes.join("\n")).toContain("no staged change touches a bundle");
  });

  it("throws a GitError outside git", async () => {
    const dir = repo(false).dir;
    await expect(loadBundles({ roots: [], cwd: dir, staged: true })).rejects.toThrow(GitError);
    await expect(loadBundles({ roots: [], cwd: dir, staged: true })).rejects.toThrow("--staged needs a git repository");
  });
});
