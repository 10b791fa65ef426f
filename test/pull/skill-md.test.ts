import { describe, expect, it } from "vitest";
import { renderSkillMd, roundTripProblems, yamlQuote } from "../../src/pull/skill-md.js";
import { readLikeDust } from "./dust-reading.js";

/** What Dust gets: the file goes through UTF-8 on disk and in the ZIP. */
function throughUtf8(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

const TRICKY_VALUES = [
  "yes", "no", "on", "off", "true", "False", "null", "Null", "~", "", "2024-01-01", "2024-01-01T10:00:00Z",
  "123", "0x1F", "1e3", ".inf", "-.5", "0o17", "12:30:00",
  'say "hi"', "it's", "a: b", "key: value: more", "- leading dash", "-", "--", "---", "...", "? question",
  "# not a comment", "a # b", "&anchor", "*alias", "!tag", "!!str x", "%directive", "@at", "`tick`", "|", ">",
  "{a: 1}", "[1, 2]", "a, b", "back\\slash", "\\n literal", "tab\there", "line1\nline2", "cr\r\nlf", "\n---\n",
  "naïve café", "Straße", "日本語のスキル", "😀 emoji", "Ελληνικά", "right-to-left עברית", "\u00a0nbsp\u00a0inside",
  "zero\u200bwidth", "bell\u0007", "nul\u0000byte", "del\u007f", "nel\u0085", "c1\u0090", "ls\u2028ps\u2029",
  "bom\ufeffinside", "\ufffe\uffff", "lone \ud800 high", "lone \udc00 low", "pair \ud83d\ude00", "'single'",
  "\"\"", "a\"", "%", "<<", "= equals", "+ plus", "x".repeat(300),
];

/** A small deterministic PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(next: () => number): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 4);
  for (let i = 0; i < count; i++) {
    if (next() < 0.7) parts.push(TRICKY_VALUES[Math.floor(next() * TRICKY_VALUES.length)] ?? "");
    else parts.push(String.fromCharCode(Math.floor(next() * 0x3000)));
  }
  return parts.join(next() < 0.5 ? " " : "");
}

describe("yamlQuote", () => {
  it.each(TRICKY_VALUES)("reads back exactly with js-yaml 4: %j", (value) => {
    const skill = readLikeDust(`---\nname: ${yamlQuote(`x${value}x`)}\ndescription: d\n---\nbody`);
    expect(skill?.name).toBe(`x${value}x`);
  });

  it("keeps printable unicode readable and escapes what an editor would hide", () => {
    expect(yamlQuote("café 日本 😀")).toBe('"café 日本 😀"');
    expect(yamlQuote('a"b\\c\nd\te\u0007\u2028\ufeff')).toBe('"a\\"b\\\\c\\nd\\te\\x07\\u2028\\uFEFF"');
  });

  it("writes everything on one line, so no value can close the front matter", () => {
    for (const value of TRICKY_VALUES) expect(yamlQuote(value)).not.toMatch(/[\n\r]/);
  });
});

describe("renderSkillMd round trip through Dust's reading", () => {
  const instructionsCases = [
    "# Title\n\nDo things.\n",
    "No trailing newline",
    "Trailing newlines\n\n\n",
    "Trailing spaces   \n  \t",
    "CRLF\r\nlines\r\n",
    "Has a rule\n---\nbelow the rule\n---\n",
    "---\nstarts with a rule",
    "name: not front matter\n---",
    "unicode ✓ 日本語 😀\n",
    "\\ backslash and \"quotes\" and 'single'",
  ];

  it.each(instructionsCases)("instructions %j come back byte-exact", (instructions) => {
    const skill = { name: "n", description: "d", instructions };
    expect(roundTripProblems(skill)).toEqual([]);
    expect(readLikeDust(throughUtf8(renderSkillMd(skill)))).toEqual(skill);
  });

  it("survives 2,000 random combinations of tricky names, descriptions and instructions", () => {
    const next = rng(7);
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const skill = {
        name: randomValue(next).trim(),
        description: randomValue(next).trim(),
        instructions: randomValue(next).trimStart().replace(/[\ud800-\udfff]/g, ""),
      };
      if (roundTripProblems(skill).length > 0) continue;
      expect(readLikeDust(throughUtf8(renderSkillMd(skill)))).toEqual(skill);
      checked++;
    }
    // The filter above must not hollow the test out.
    expect(checked).toBeGreaterThan(1500);
  });

  it("starts with the front matter and puts the instructions after a blank line", () => {
    expect(renderSkillMd({ name: "yes", description: "null", instructions: "Body\n" })).toBe(
      '---\nname: "yes"\ndescription: "null"\n---\n\nBody\n',
    );
  });
});

describe("roundTripProblems", () => {
  const ok = { name: "n", description: "d", instructions: "i" };

  it("accepts an ordinary skill", () => {
    expect(roundTripProblems(ok)).toEqual([]);
  });

  it.each([
    [{ ...ok, name: " n" }, "name", /whitespace/],
    [{ ...ok, name: "  " }, "name", /empty/],
    [{ ...ok, description: "d\n" }, "description", /whitespace/],
    [{ ...ok, description: "" }, "description", /empty/],
    [{ ...ok, instructions: "\n\ni" }, "instructions", /start with whitespace/],
    [{ ...ok, instructions: "\ufeffi" }, "instructions", /start with whitespace/],
    [{ ...ok, instructions: " \n" }, "instructions", /empty/],
    [{ ...ok, instructions: "a\ud800b" }, "instructions", /surrogate/],
  ] as const)("reports %j", (skill, field, message) => {
    const problems = roundTripProblems(skill);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe(field);
    expect(problems[0]?.message).toMatch(message);
  });

  it("reports exactly the cases where Dust's reading differs", () => {
    const next = rng(11);
    for (let i = 0; i < 1000; i++) {
      const skill = { name: randomValue(next), description: randomValue(next), instructions: randomValue(next) };
      const back = readLikeDust(throughUtf8(renderSkillMd(skill)));
      const same = back !== null && back.name === skill.name && back.description === skill.description && back.instructions === skill.instructions;
      expect(roundTripProblems(skill).length === 0).toBe(same);
    }
  });
});
