import { describe, expect, it } from "vitest";
import { SLUG_MAX, SLUG_PATTERN, assignFolders, fallbackSlug, slugify } from "../../src/pull/slug.js";

describe("slugify", () => {
  it.each([
    ["Release notes", "release-notes"],
    ["  SQL Review: v2!  ", "sql-review-v2"],
    ["Crème brûlée façade", "creme-brulee-facade"],
    ["Straße & Œuvre", "strasse-oeuvre"],
    ["Ørsted Łódź", "orsted-lodz"],
    ["Ｆｕｌｌｗｉｄｔｈ １２３", "fullwidth-123"],
    ["日本語 report", "report"],
    ["🚀Launch🚀plan", "launch-plan"],
    ["--leading-and-trailing--", "leading-and-trailing"],
    ["snake_case.and.dots", "snake-case-and-dots"],
    ["yes", "yes"],
    ["2024-01-01", "2024-01-01"],
    ['say "hi"', "say-hi"],
  ])("%j -> %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("gives nothing for a name without Latin letters or digits", () => {
    expect(slugify("データ分析")).toBe("");
    expect(slugify("---")).toBe("");
  });

  it("cuts long names to 64 characters without a trailing dash", () => {
    const slug = slugify(`${"a".repeat(63)} b c`);
    expect(slug).toBe("a".repeat(63));
    expect(slugify("word ".repeat(40)).length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slugify("word ".repeat(40))).toMatch(SLUG_PATTERN);
  });
});

describe("fallbackSlug", () => {
  it("is stable per sId and distinct between sIds", () => {
    expect(fallbackSlug("abc123")).toBe(fallbackSlug("abc123"));
    expect(fallbackSlug("abc123")).not.toBe(fallbackSlug("abc124"));
    expect(fallbackSlug("abc123")).toMatch(/^skill-[0-9a-f]{8}$/);
  });
});

describe("assignFolders", () => {
  it("numbers collisions -2, -3 in name order, whatever the input order", () => {
    const skills = [
      { sId: "s3", name: "report!" },
      { sId: "s1", name: "Report" },
      { sId: "s2", name: "report" },
    ];
    const expected = new Map([
      ["s1", "report"],
      ["s2", "report-2"],
      ["s3", "report-3"],
    ]);
    expect(assignFolders(skills, [])).toEqual(expected);
    expect(assignFolders([...skills].reverse(), [])).toEqual(expected);
  });

  it("steps around existing folders, case-insensitively", () => {
    const folders = assignFolders([{ sId: "s1", name: "Report" }], ["Report", "report-2", "other"]);
    expect(folders.get("s1")).toBe("report-3");
  });

  it("uses the sId fallback for names with nothing to slug, and keeps those apart too", () => {
    const folders = assignFolders(
      [
        { sId: "a", name: "分析" },
        { sId: "b", name: "レポート" },
      ],
      [fallbackSlug("a")],
    );
    expect(folders.get("a")).toBe(`${fallbackSlug("a")}-2`);
    expect(folders.get("b")).toBe(fallbackSlug("b"));
  });

  it("keeps suffixed slugs within 64 characters and valid", () => {
    const name = "x".repeat(80);
    const folders = assignFolders(
      Array.from({ length: 12 }, (_, i) => ({ sId: `s${i}`, name: `${name}${"!".repeat(i)}` })),
      [],
    );
    const values = [...folders.values()];
    expect(new Set(values).size).toBe(12);
    for (const folder of values) {
      expect(folder.length).toBeLessThanOrEqual(SLUG_MAX);
      expect(folder).toMatch(SLUG_PATTERN);
    }
    expect(values).toContain(`${"x".repeat(61)}-12`);
  });
});
