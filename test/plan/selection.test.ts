import { describe, expect, it } from "vitest";
import { globToRegExp, selectBundles } from "../../src/plan/selection.js";
import { bundle } from "./factories.js";

const a = bundle("alpha", { dir: "team-a/alpha" });
const b = bundle("beta", { dir: "team-b/beta" });
const broken = bundle("broken", { invalid: true });

describe("globToRegExp", () => {
  it("`*` and `?` stay inside one folder; `**/` spans any number, none included", () => {
    expect(globToRegExp("skills/*").test("skills/a")).toBe(true);
    expect(globToRegExp("skills/*/x").test("skills/a/b/x")).toBe(false);
    expect(globToRegExp("skills/?").test("skills/ab")).toBe(false);
    expect(globToRegExp("**/alpha").test("alpha")).toBe(true);
    expect(globToRegExp("**/alpha").test("x/y/alpha")).toBe(true);
    expect(globToRegExp("./skills/").test("skills/a/SKILL.md")).toBe(true);
    expect(globToRegExp("a.b").test("axb")).toBe(false);
  });
});

describe("selectBundles", () => {
  it("with no filter selects every bundle and is not a selection", () => {
    const r = selectBundles([a, b, broken], undefined, null, "ref");
    expect(r.selected).toEqual([a, b, broken]);
    expect(r.active).toBe(false);
    expect(r.excluded).toEqual([]);
  });

  it("combines filters with AND and names the first filter that left each bundle out", () => {
    const r = selectBundles([a, b, broken], { names: ["alpha", "beta"], globs: ["skills/team-a"] }, null, "ref");
    expect(r.selected).toEqual([a]);
    expect(r.excluded).toEqual([
      { name: "beta", dir: "skills/team-b/beta", skillMd: "skills/team-b/beta/SKILL.md", reason: "matches no selected path" },
      { name: null, dir: "skills/broken", skillMd: "skills/broken/SKILL.md", reason: "not in --names" },
    ]);
    expect(r.active).toBe(true);
  });

  it("reports names and globs that match nothing", () => {
    const r = selectBundles([a, b], { names: ["alpah"], globs: ["nowhere/**", "**/beta"] }, null, "ref");
    expect(r.unknownNames).toEqual(["alpah"]);
    expect(r.unmatchedGlobs).toEqual(["nowhere/**"]);
  });

  it("--only-changed keeps bundles changed since the ref, and is ignored without change information", () => {
    const r = selectBundles([a, b], { changedOnly: true }, new Set([b.dir]), "main");
    expect(r.selected).toEqual([b]);
    expect(r.excluded[0]?.reason).toBe("no file changed since main");
    expect(selectBundles([a, b], { changedOnly: true }, null, "main").selected).toEqual([a, b]);
  });
});
