/**
 * Writes a live skill back as a SKILL.md that Dust reads as the very same skill. Dust's reading
 * (front/lib/api/skills/detection/parsing.ts): split on "\n", the first line that trims to `---` after the
 * opening one closes the front matter, js-yaml 4 `load` of what is between, `name`/`description` trimmed,
 * instructions = everything after the closing line with leading whitespace removed (trailing kept).
 */

export interface SkillText {
  name: string;
  description: string;
  instructions: string;
}

/**
 * Front matter with both values as one-line YAML double-quoted scalars, then the instructions verbatim.
 * One line per value means no value can ever contain the closing `---` line; double quotes mean no YAML
 * type guessing (`yes`, `null`, `2024-01-01`, `123`, `~` all stay strings).
 */
export function renderSkillMd(skill: SkillText): string {
  // The blank line after `---` is for people reading the file: Dust's trimStart removes it again.
  return `---\nname: ${yamlQuote(skill.name)}\ndescription: ${yamlQuote(skill.description)}\n---\n\n${skill.instructions}`;
}

/**
 * A YAML double-quoted scalar that js-yaml 4 reads back as exactly `value`. Printable text (unicode
 * included) stays as is so the file reads naturally; everything that YAML would fold, reject or that is
 * invisible in an editor is escaped.
 */
export function yamlQuote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const named = NAMED_ESCAPES.get(code);
    if (named !== undefined) {
      out += named;
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      out += `\\x${hex(code, 2)}`;
    } else if (isInvisibleOrUnpaired(value, i, code)) {
      out += `\\u${hex(code, 4)}`;
    } else {
      out += value[i];
    }
  }
  return `${out}"`;
}

const NAMED_ESCAPES = new Map<number, string>([
  [0x5c, "\\\\"],
  [0x22, '\\"'],
  [0x00, "\\0"],
  [0x09, "\\t"],
  [0x0a, "\\n"],
  [0x0d, "\\r"],
]);

function isInvisibleOrUnpaired(value: string, i: number, code: number): boolean {
  // Line/paragraph separators and the BOM: legal but invisible, and some YAML readers treat them as breaks.
  if (code === 0x2028 || code === 0x2029 || code === 0xfeff || code === 0xfffe || code === 0xffff) return true;
  // A lone surrogate has no UTF-8 encoding: written raw it would become U+FFFD; escaped it survives.
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = value.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const prev = value.charCodeAt(i - 1);
    return !(prev >= 0xd800 && prev <= 0xdbff);
  }
  return false;
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, "0");
}

/** Why Dust's reading of the rendered file would not give back `skill` as it is, or would drop it. */
export interface RoundTripProblem {
  field: keyof SkillText;
  message: string;
}

/**
 * Checks the few cases no rendering can fix, because Dust itself changes or rejects the value on import.
 * Live skills normally have none of them (Dust trims on the way in), but a web-app edit might.
 */
export function roundTripProblems(skill: SkillText): RoundTripProblem[] {
  const problems: RoundTripProblem[] = [];
  for (const field of ["name", "description"] as const) {
    const value = skill[field];
    if (value.trim() === "") {
      problems.push({ field, message: `the ${field} is empty: Dust would skip this skill on import` });
    } else if (value !== value.trim()) {
      problems.push({ field, message: `the ${field} has leading or trailing whitespace, which Dust trims on import` });
    }
  }
  const body = skill.instructions;
  if (body.trim() === "") {
    problems.push({ field: "instructions", message: "the instructions are empty: Dust would skip this skill on import" });
  } else if (body !== body.trimStart()) {
    problems.push({
      field: "instructions",
      message: "the instructions start with whitespace, which Dust removes on import",
    });
  }
  if (!isWellFormed(body)) {
    problems.push({
      field: "instructions",
      message: "the instructions hold an unpaired UTF-16 surrogate, which a UTF-8 file stores as U+FFFD",
    });
  }
  return problems;
}

function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
