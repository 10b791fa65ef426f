import { isDeepStrictEqual } from "node:util";
import { load } from "js-yaml";
import { parseSkillMd } from "../bundle/skill-md.js";
import { yamlQuote } from "./skill-md.js";
import type { SkillText } from "./skill-md.js";

const DUST_KEYS = ["name", "description"] as const;

/**
 * Dust's version of a skill written over the SKILL.md a bundle already has. Dust stores only the name, the
 * description and the instructions, so every other front-matter key (`license`, `compatibility`,
 * `metadata`, `allowed-tools`...) stays as written, in its place, comments included: the two lines of
 * `name` and `description` are replaced in the YAML text rather than the mapping re-dumped. Returns null
 * when the existing file has no front matter to keep, or when the edit would not read back exactly (flow
 * mappings, anchors): the caller then writes a fresh file.
 */
export function mergeSkillMd(existing: string, skill: SkillText): string | null {
  const lines = existing.split("\n");
  if (lines[0]?.trim() !== "---") return null;
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (close === -1) return null;
  const original = loadMapping(lines.slice(1, close).join("\n"));
  if (original === null) return null;

  let yaml = lines.slice(1, close);
  const missing: string[] = [];
  for (const key of DUST_KEYS) {
    const replaced = replaceEntry(yaml, key, `${key}: ${yamlQuote(skill[key])}`);
    if (replaced === null) missing.push(`${key}: ${yamlQuote(skill[key])}`);
    else yaml = replaced;
  }
  yaml = [...missing, ...yaml];
  // The blank line after the closing `---` is for people; Dust's trimStart removes it again.
  const out = [lines[0], ...yaml, lines[close] as string].join("\n") + `\n\n${skill.instructions}`;
  return readsBack(out, skill, original) ? out : null;
}

function loadMapping(text: string): Record<string, unknown> | null {
  try {
    const data = load(text.trim());
    return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The YAML lines with the top-level `key` entry (its line and every indented or blank line after it, as
 * block scalars and folded values continue) replaced by `line`; null when the key is not a top-level line.
 */
function replaceEntry(yaml: string[], key: string, line: string): string[] | null {
  const start = yaml.findIndex((l) => new RegExp(`^(${key}|"${key}"|'${key}')\\s*:`).test(l));
  if (start === -1) return null;
  let end = start + 1;
  while (end < yaml.length && (yaml[end] === "" || /^[ \t]/.test(yaml[end] as string) || (yaml[end] as string).trim() === "")) end += 1;
  // Blank lines before the next key separate entries: they stay.
  while (end > start + 1 && (yaml[end - 1] as string).trim() === "") end -= 1;
  const cr = (yaml[start] as string).endsWith("\r") ? "\r" : "";
  return [...yaml.slice(0, start), line + cr, ...yaml.slice(end)];
}

/** Dust reads back the new name, description and instructions, and every other key is unchanged. */
function readsBack(text: string, skill: SkillText, original: Record<string, unknown>): boolean {
  const parsed = parseSkillMd(text);
  const data = parsed.frontMatter?.data;
  if (!data || data["name"] !== skill.name || data["description"] !== skill.description) return false;
  if (parsed.body !== skill.instructions.trimStart()) return false;
  const others = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !(DUST_KEYS as readonly string[]).includes(k)));
  return isDeepStrictEqual(others(data), others(original));
}
