import { describe, expect, it } from "vitest";
import { baseName, enclosingBundle, filesByBundle, findBundles, bundlesMatchingPaths, isSkillMdName, isSkillMdPath } from "../../src/bundle/discover.js";
import { dustDropReason } from "../../src/bundle/extensions.js";

const paths = [
  "README.md",
  "skills/a/SKILL.md",
  "skills/a/scripts/run.py",
  "skills/a/inner/skill.md",
  "skills/a/inner/notes.txt",
  "skills/ab/SKILL.md",
  "skills/b/Skill.MD",
  "skills/b/SKILL.md",
  "docs/guide.md",
];

describe("findBundles", () => {
  it("finds every folder holding skill.md in any case, reading the first in ZIP (code-unit) order", () => {
    const found = findBundles(paths);
    expect([...found.keys()].sort()).toEqual(["skills/a", "skills/a/inner", "skills/ab", "skills/b"]);
    expect(found.get("skills/b")).toEqual({ dir: "skills/b", skillMd: "skills/b/SKILL.md", otherSkillMds: ["skills/b/Skill.MD"] });
  });

  it("treats a SKILL.md at the root as a bundle with dir ''", () => {
    expect(findBundles(["SKILL.md", "x.py"]).get("")?.skillMd).toBe("SKILL.md");
  });
});

describe("filesByBundle", () => {
  it("gives a nested bundle's files to that bundle only (each is uploaded in its own record folder), and never a sibling's with a common prefix", () => {
    const files = filesByBundle(paths, ["skills/a", "skills/a/inner", "skills/ab"]);
    expect(files.get("skills/a")).toEqual(["SKILL.md", "scripts/run.py"]);
    expect(files.get("skills/a/inner")).toEqual(["notes.txt", "skill.md"]);
    expect(files.get("skills/ab")).toEqual(["SKILL.md"]);
  });
});

describe("bundlesMatchingPaths", () => {
  const dirs = ["skills/a", "skills/a/inner", "skills/ab", "skills/b"];

  it("selects everything for the root and bundles under a folder", () => {
    expect(bundlesMatchingPaths(dirs, [""])).toEqual(dirs);
    expect(bundlesMatchingPaths(dirs, ["skills/a"])).toEqual(["skills/a", "skills/a/inner"]);
  });

  it("selects every bundle holding a file, so a changed inner file re-checks the outer bundle", () => {
    expect(bundlesMatchingPaths(dirs, ["skills/a/inner/notes.txt"])).toEqual(["skills/a", "skills/a/inner"]);
    expect(bundlesMatchingPaths(dirs, ["skills/a/scripts"])).toEqual(["skills/a"]);
    expect(bundlesMatchingPaths(dirs, ["README.md", "docs/guide.md"])).toEqual([]);
  });
});

describe("enclosingBundle", () => {
  it("finds the nearest bundle strictly above", () => {
    const set = new Set(["", "skills/a", "skills/a/inner/deep"]);
    expect(enclosingBundle("skills/a/inner/deep", set)).toBe("skills/a");
    expect(enclosingBundle("skills/a", set)).toBe("");
    expect(enclosingBundle("", set)).toBeNull();
    expect(enclosingBundle("other", new Set(["skills/a"]))).toBeNull();
  });
});

describe("dustDropReason", () => {
  it.each([
    ["scripts/run.py", null],
    ["assets/Logo.PNG", null],
    ["references/notes.markdown", null],
    [".eslintrc.json", null],
    // kept since 2026 (dust-api.md): .svg, .bmp, .eml and fonts
    ["assets/logo.svg", null],
    ["assets/pic.BMP", null],
    ["mail/sample.eml", null],
    ["assets/font.woff2", null],
    ["fonts/Inter.ttf", null],
    ["fonts/a.woff", null],
    ["fonts/a.otf", null],
    ["fonts/a.ttc", null],
    ["fonts/a.otc", null],
  ])("keeps %s", (rel, expected) => expect(dustDropReason(rel)).toBe(expected));

  it.each([
    ["LICENSE", "no extension"],
    ["Makefile", "no extension"],
    [".env", "no extension"],
    ["trailing.", "no extension"],
    ["pyproject.toml", "`.toml`"],
    ["assets/favicon.ico", "`.ico`"],
    ["archive.tar.gz", "`.gz`"],
    ["..notes.md", "`..`"],
  ])("drops %s", (rel, why) => expect(dustDropReason(rel)).toContain(why));
});

describe("isSkillMdPath", () => {
  it.each(["SKILL.md", "skill.md", "a/SKILL.MD", "a/b/Skill.Md", "a/S\u212AILL.md", "askill.md", "a/xSKILL.md", "a/SKILL.mdx", "a/SKILL.m", "SKILL.md/", "a/S\u0130LL.md", "a/SKİLL.md", "", "d", "/SKILL.md", "a//SKILL.md", "a/.SKILL.md"])(
    "%j answers as isSkillMdName(baseName(path))",
    (path) => {
      expect(isSkillMdPath(path)).toBe(isSkillMdName(baseName(path)));
    },
  );

  it("matches the Kelvin-sign spelling, which lower-cases to skill.md as in isSkillMdName", () => {
    expect(isSkillMdPath("a/S\u212AILL.md")).toBe(true);
    expect(isSkillMdPath("a/SKILL.mdx")).toBe(false);
  });
});
