import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseSkillMd } from "../../src/bundle/skill-md.js";
import type { SkillContent } from "../../src/model/bundle.js";

/**
 * The reading rules of shared/dust-api.md written the plain way (split the whole file into lines),
 * as an oracle for the parser, which walks lines without splitting the body: both must agree on every
 * combination of openers, line ends, YAML and bodies below.
 */
function oracle(markdown: string): SkillContent | null {
  const lines = markdown.split("\n");
  if ((lines[0] ?? "").trim() !== "---") return null;
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (close === -1) return null;
  let data: unknown;
  try {
    data = load(lines.slice(1, close).join("\n").trim());
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data) || data instanceof Date) return null;
  const { name, description } = data as Record<string, unknown>;
  if (typeof name !== "string" || name.length === 0 || typeof description !== "string" || description.length === 0) return null;
  const instructions = lines.slice(close + 1).join("\n").trimStart();
  if (name.trim() === "" || instructions.trim() === "") return null;
  return { name: name.trim(), description: description.trim(), instructions };
}

const openers = ["---", " --- ", "\uFEFF---", "---\r", "", "# Title", "---js", "----"];
const yamls = [
  "name: a\ndescription: b",
  "  name: a\ndescription: b",
  "\nname: ' a '\ndescription: \"b\"\n",
  "name: 2024-01-01\ndescription: b",
  "name: a",
  "name: a\ndescription: [b",
  "name: ''\ndescription: b",
  "name: a\ndescription: '  '",
  "",
];
const closers = ["---", "  ---\t", "---\r", "...", "--- x"];
const bodies = ["", "\n", "Body", "\n\n  Body\n", "Body\n---\nmore", "\r\nBody\r\n"];

describe("parseSkillMd agrees with the line-split reading of dust-api.md", () => {
  const cases: string[] = [];
  for (const o of openers) for (const y of yamls) for (const c of closers) for (const b of bodies) cases.push(`${o}\n${y}\n${c}\n${b}`);
  cases.push("---", "---\n---", "---\n---\n", "", "\n", "---\nname: a\ndescription: b\n---");

  it(`on ${cases.length} generated files`, () => {
    const disagreements = cases.filter((text) => JSON.stringify(parseSkillMd(text).skill) !== JSON.stringify(oracle(text)));
    expect(disagreements).toEqual([]);
    expect(cases.filter((t) => oracle(t) !== null).length).toBeGreaterThan(50);
  });
});
