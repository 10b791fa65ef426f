import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { climbsOut, isInside, isInsideRepoPath, pathInside, repoPathRelativeTo, toPosix } from "../../src/lib/paths.js";

const root = join(sep, "repo");

describe("isInside (filesystem paths)", () => {
  it("counts the folder itself and everything below it", () => {
    expect(isInside(root, root)).toBe(true);
    expect(isInside(join(root, "skills", "a"), root)).toBe(true);
    expect(pathInside(root, join(root, "skills", "a"))).toBe(join("skills", "a"));
    expect(pathInside(root, root)).toBe("");
  });

  it("treats a folder named `..x` as inside: it is a name, not a way up", () => {
    expect(isInside(join(root, "..x"), root)).toBe(true);
    expect(isInside(join(root, "..x", "SKILL.md"), root)).toBe(true);
    expect(pathInside(root, join(root, "..x", "a"))).toBe(join("..x", "a"));
  });

  it("keeps out the parent, siblings sharing a prefix, and anything reached through `..`", () => {
    expect(isInside(sep, root)).toBe(false);
    expect(isInside(join(sep, "repo-old", "a"), root)).toBe(false);
    expect(isInside(`${root}${sep}..${sep}etc`, root)).toBe(false);
    expect(pathInside(root, join(sep, "elsewhere"))).toBeNull();
  });
});

describe("isInsideRepoPath (repository paths)", () => {
  it("the root holds everything, `..x` included", () => {
    expect(isInsideRepoPath("..x/SKILL.md", "")).toBe(true);
    expect(isInsideRepoPath("skills/..x/SKILL.md", "skills")).toBe(true);
    expect(repoPathRelativeTo("skills/..x/SKILL.md", "skills")).toBe("..x/SKILL.md");
    expect(repoPathRelativeTo("a/b", "")).toBe("a/b");
    expect(repoPathRelativeTo("a/b", "a/b")).toBe("");
  });

  it("a sibling sharing a prefix is outside", () => {
    expect(isInsideRepoPath("skills-old/a/SKILL.md", "skills")).toBe(false);
    expect(isInsideRepoPath("skills", "skills/a")).toBe(false);
    expect(isInsideRepoPath("skills/a", "skills/a")).toBe(true);
  });

  it("agrees with the filesystem rule on the same paths", () => {
    const cases: [string, string][] = [["skills/..x/a", "skills"], ["skills-old/a", "skills"], ["skills", "skills"], ["a/b", ""], ["..x", ""]];
    for (const [path, dir] of cases) {
      expect(isInsideRepoPath(path, dir), `${path} in ${dir}`).toBe(isInside(join(root, path), join(root, dir)));
    }
  });

  it("climbsOut is `..` as a whole segment only", () => {
    expect(climbsOut("..", "/")).toBe(true);
    expect(climbsOut("../a", "/")).toBe(true);
    expect(climbsOut("..x/a", "/")).toBe(false);
    expect(climbsOut("a/..", "/")).toBe(false);
  });

  it("toPosix spells any platform path with `/`", () => {
    expect(toPosix(join("a", "b", "c"))).toBe("a/b/c");
  });
});
