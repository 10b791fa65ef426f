import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { plainMapping, readFrontMatter } from "../../src/bundle/front-matter-yaml.js";
import { parseSkillMd } from "../../src/bundle/skill-md.js";

const loadFrontMatter = (text: string): unknown => readFrontMatter(text).data;

/** A small seeded generator: the same cases on every run, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEYS = ["name", "description", "license", "x1", "a-b", "a_b", "Name", "null", "true", "False", "__proto__", "constructor", "toString", "a b", "-k", "é", "k".repeat(70), "1", "<<", "~"];
const WORDS = ["word", "Use", "it's", "(x)", "a/b", "e.g.", "x,y", "a;b", "well-known", "snake_case", "null", "NULL", "true", "True", "false", "yes", "No", "on", "off", "~", "12", "0x1f", "1e3", ".inf", ".NaN", "2024-01-01", "a:b", "a: b", "#c", "a #c", "'q'", "\"q\"", "[x]", "{x}", "&a", "*a", "!t", "%p", "@x", "`b`", "|", ">", "-", "?", "é", "技能", "\t", "a\tb", "\\n"];
const SEPARATORS = [": ", ": ", ": ", ": ", ": ", ":", ":  ", " : ", ":\t"];

function line(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const key = r() < 0.7 ? pick(KEYS.slice(0, 7)) + (r() < 0.3 ? String(Math.floor(r() * 3)) : "") : pick(KEYS);
  const words: string[] = [];
  for (let n = 1 + Math.floor(r() * 4); n > 0; n--) words.push(r() < 0.85 ? pick(WORDS.slice(0, 10)) : pick(WORDS));
  const tail = r() < 0.1 ? pick([" ", "  ", "\r", "\t"]) : "";
  return `${key}${pick(SEPARATORS)}${words.join(r() < 0.9 ? " " : "  ")}${tail}`;
}

function doc(r: () => number): string {
  const lines: string[] = [];
  for (let n = 1 + Math.floor(r() * 4); n > 0; n--) {
    const x = r();
    lines.push(x < 0.85 ? line(r) : x < 0.9 ? "  continued words" : x < 0.95 ? "# a comment" : "");
  }
  return lines.join("\n");
}

/** What js-yaml answers: the value, or the error it throws. */
function yamlAnswer(text: string, read: (text: string) => unknown = load): { value: unknown } | { error: string } {
  try {
    return { value: read(text) };
  } catch (err) {
    return { error: String(err) };
  }
}

describe("the front matter shortcut reads what js-yaml reads", () => {
  it("on 20,000 generated front matters: every one it reads equals js-yaml's mapping, keys in order", () => {
    const r = rng(14);
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = doc(r);
      const fast = plainMapping(text);
      if (fast === null) continue;
      read += 1;
      const answer = yamlAnswer(text);
      expect(answer, text).toEqual({ value: fast });
      expect(Object.keys(fast), text).toEqual(Object.keys((answer as { value: object }).value));
      expect(Object.getPrototypeOf(fast), text).toBe(Object.prototype);
    }
    // Not a vacuous pass: a good share of the cases take the shortcut.
    expect(read).toBeGreaterThan(1_000);
  });

  it("on 20,000 generated SKILL.md: key positions, values as written and problems are the ones the line scan finds", () => {
    const r = rng(41);
    let shortcut = 0;
    for (let i = 0; i < 20_000; i++) {
      // Sometimes a blank line or spaces first: then the keys do not start on line 2, column 1.
      const lead = r() < 0.1 ? "\n" : r() < 0.05 ? "  " : "";
      const yaml = `${lead}${doc(r)}`;
      const body = "\nDo it.\n";
      // Only plain front matter can take the shortcut (with a lead, it must not): the rest is scanned either way.
      if (plainMapping(yaml.trim()) === null) continue;
      if (lead === "") shortcut += 1;
      const fast = parseSkillMd(`---\n${yaml}\n---${body}`);
      // A comment line after the keys changes no position or value, and takes every front matter off the shortcut.
      const scanned = parseSkillMd(`---\n${yaml}\n# end\n---${body}`);
      expect(fast.frontMatter?.keys, yaml).toEqual(scanned.frontMatter?.keys);
      expect(fast.frontMatter?.inlineValues, yaml).toEqual(scanned.frontMatter?.inlineValues);
      expect(fast.problems, yaml).toEqual(scanned.problems);
      expect(fast.skill, yaml).toEqual(scanned.skill);
    }
    expect(shortcut).toBeGreaterThan(1_000);
  });

  it.each([
    ["name: a\ndescription: true", "a boolean"],
    ["name: a\ndescription: null", "null"],
    ["name: a\nname: b", "a repeated key (js-yaml throws)"],
    ["name: a\n  b", "a folded continuation"],
    ["name: a # note", "a comment"],
    ["name: a\r\ndescription: b", "CRLF"],
    ["name: a:b", "a colon"],
    ["name: a ", "a trailing space"],
    ["name:  a", "two spaces"],
    ["name: 2024-01-01", "a date"],
    ["", "nothing"],
  ])("leaves %j to js-yaml (%s)", (text) => {
    expect(plainMapping(text)).toBeNull();
    // …and readFrontMatter answers (or throws) exactly as js-yaml does.
    expect(yamlAnswer(text, loadFrontMatter)).toEqual(yamlAnswer(text));
  });

  it("answers and throws as js-yaml does through readFrontMatter", () => {
    expect(loadFrontMatter("name: release-notes\ndescription: Writes notes (from merged PRs), e.g. for v2.")).toEqual({
      name: "release-notes",
      description: "Writes notes (from merged PRs), e.g. for v2.",
    });
    expect(loadFrontMatter("name: a\ndescription: TRUE")).toEqual({ name: "a", description: true });
    expect(() => loadFrontMatter("name: a\nname: b")).toThrow(/duplicated mapping key/);
  });
});
