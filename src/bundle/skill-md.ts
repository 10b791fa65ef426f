import { readFrontMatter } from "./front-matter-yaml.js";
import { error } from "./problem.js";
import type { Problem } from "./problem.js";
import { positionAt } from "./skill-md-text.js";
import type { SkillContent } from "../model/bundle.js";
import { NAME_MAX_CHARS, nameTooLong } from "../model/skill-name.js";

/**
 * Reads a SKILL.md exactly as Dust does (front/lib/api/skills/detection/parsing.ts): split on "\n", the
 * first line trimmed must be `---`, the next line that trims to `---` closes, the text between is trimmed
 * and given to js-yaml 4 `load` with no options, name/description must be non-empty strings and are
 * trimmed, the instructions are what follows the closing line with leading whitespace removed.
 * gray-matter is deliberately not used: it reads YAML with js-yaml 3, has its own delimiter rules and
 * runs `---js` front matter as code.
 * On top of Dust's silent verdict, every reason a skill would be dropped or mangled becomes a Problem
 * pointing at its line and column in SKILL.md.
 */

export interface Position {
  line: number;
  col: number;
}

export interface FrontMatter {
  /** The YAML mapping as Dust's js-yaml call loads it (dates are Date, numbers are number). */
  data: Record<string, unknown>;
  /** Where each top-level key starts in SKILL.md (block mappings; absent for keys the scan cannot place). */
  keys: Map<string, Position>;
  /** Source text of each top-level key's value when it sits on the key's line (for "quote it" hints). */
  inlineValues: Map<string, string>;
}

export interface ParsedSkillMd {
  /** What Dust would import, or null when Dust would silently drop the skill. */
  skill: SkillContent | null;
  frontMatter: FrontMatter | null;
  /** The instructions as Dust reads them ("" when there is no closed front matter). */
  body: string;
  /** Line where the instructions start. */
  bodyLine: number;
  /** Dust-profile problems: each one makes Dust drop or mangle the skill. */
  problems: Problem[];
}


export function parseSkillMd(text: string): ParsedSkillMd {
  // Dust splits the whole file on "\n"; stepping from line to line finds the same lines without
  // copying the body line by line.
  const lineEnd = (start: number): number => {
    const i = text.indexOf("\n", start);
    return i === -1 ? text.length : i;
  };
  const firstEnd = lineEnd(0);
  if (text.slice(0, firstEnd).trim() !== "---") {
    return { skill: null, frontMatter: null, body: "", bodyLine: 1, problems: [openingProblem(text.split("\n"))] };
  }
  let close = -1;
  let closeStart = 0;
  let closeEnd = 0;
  for (let start = firstEnd + 1, i = 1; firstEnd < text.length; i += 1) {
    const end = lineEnd(start);
    if (text.slice(start, end).trim() === "---") {
      [close, closeStart, closeEnd] = [i, start, end];
      break;
    }
    if (end === text.length) break;
    start = end + 1;
  }
  if (close === -1) {
    const problem = error(1, 1, "front-matter-unclosed", "front matter opened by `---` is never closed by a `---` line; Dust drops the skill");
    return { skill: null, frontMatter: null, body: "", bodyLine: 1, problems: [problem] };
  }

  const rawYaml = text.slice(firstEnd + 1, closeStart - 1);
  const yamlText = rawYaml.trim();
  const lead = rawYaml.length - rawYaml.trimStart().length;
  const rest = closeEnd === text.length ? "" : text.slice(closeEnd + 1);
  const instructions = rest.trimStart();
  const bodyLine = close + 2 + countNewlines(rest.slice(0, rest.length - instructions.length));
  const problems: Problem[] = [];
  const emptyBody =
    instructions === ""
      ? [error(close + 1, 1, "body-empty", "no instructions after the closing `---`; Dust drops a skill with an empty body")]
      : [];

  let read: { data: unknown; plain: boolean };
  try {
    read = readFrontMatter(yamlText);
  } catch (err) {
    const mark = (err as { mark?: { position?: number } }).mark;
    const reason = (err as { reason?: string }).reason ?? (err instanceof Error ? err.message : String(err));
    const at = positionAt(rawYaml, lead + (mark?.position ?? 0));
    problems.push(error(at.line + 1, at.col, "yaml-syntax", `front matter is not valid YAML: ${reason}; Dust drops the skill`));
    return { skill: null, frontMatter: null, body: instructions, bodyLine, problems: [...problems, ...emptyBody] };
  }
  const { data, plain } = read;
  if (!isMapping(data)) {
    const what = data === undefined || data === null ? "is empty" : `is ${describeYamlValue(data)}, not a mapping of keys`;
    problems.push(error(2, 1, "front-matter-not-mapping", `front matter ${what}; Dust needs \`name:\` and \`description:\` keys`));
    return { skill: null, frontMatter: null, body: instructions, bodyLine, problems: [...problems, ...emptyBody] };
  }

  // Plain `key: value` lines from the first character: each key is at column 1 of its own line, in order.
  const frontMatter = { data, ...(plain && lead === 0 ? plainKeys(data) : scanTopLevelKeys(rawYaml.split("\n"))) };
  const name = textField("name", frontMatter, problems);
  const description = textField("description", frontMatter, problems);
  if (name.value !== null && nameTooLong(name.value)) {
    const at = keyPosition(frontMatter, "name");
    problems.push(error(at.line, at.col, "name-too-long", `name is ${[...name.value].length} characters; Dust allows at most ${NAME_MAX_CHARS}`));
  }
  problems.push(...emptyBody);
  // Dust keeps a skill whose description trims to "" (its schema checks length before trimming);
  // it is still reported above, as the imported skill would have no description.
  const dropped = name.value === null || name.value === "" || description.value === null || instructions === "";
  const skill = dropped ? null : { name: name.value ?? "", description: description.value ?? "", instructions };
  return { skill, frontMatter, body: instructions, bodyLine, problems };
}

/** The trimmed value when Dust's schema accepts it (a string of length ≥ 1 before trimming), else null. */
function textField(key: "name" | "description", fm: FrontMatter, problems: Problem[]): { value: string | null } {
  const at = keyPosition(fm, key);
  if (!Object.hasOwn(fm.data, key)) {
    problems.push(error(at.line, at.col, `${key}-missing`, `front matter has no \`${key}\`; Dust drops the skill`));
    return { value: null };
  }
  const value = fm.data[key];
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed === "") problems.push(error(at.line, at.col, `${key}-empty`, `\`${key}\` is blank; Dust ${key === "name" ? "drops the skill" : "would import an empty description"}`));
    return { value: value === "" ? null : trimmed };
  }
  if (value === null || value === undefined) {
    problems.push(error(at.line, at.col, `${key}-empty`, `\`${key}\` has no value; Dust drops the skill`));
    return { value: null };
  }
  const raw = fm.inlineValues.get(key);
  const hint = raw !== undefined && isScalar(value) ? `; quote it: ${key}: ${JSON.stringify(raw)}` : "";
  problems.push(error(at.line, at.col, `${key}-not-string`, `\`${key}\` loads as ${describeYamlValue(value)}, not a string, so Dust drops the skill${hint}`));
  return { value: null };
}

function openingProblem(lines: string[]): Problem {
  const first = (lines[0] ?? "").trim();
  const lang = /^---\s*([A-Za-z]+)$/.exec(first)?.[1];
  if (lang !== undefined && /^(js|javascript)$/i.test(lang)) {
    return error(1, 1, "front-matter-js", `\`---${lang}\` front matter is JavaScript: it is never evaluated, and Dust drops the skill; write YAML between two \`---\` lines`);
  }
  if (lang !== undefined) {
    return error(1, 1, "front-matter-missing", `front matter opens with \`---${lang}\`; Dust only accepts a line that is exactly \`---\` and drops the skill`);
  }
  const firstContent = lines.findIndex((l) => l.trim() !== "");
  if (firstContent > 0 && (lines[firstContent] ?? "").trim() === "---") {
    return error(firstContent + 1, 1, "front-matter-missing", "front matter must start on line 1; Dust drops a skill whose first line is not `---`");
  }
  return error(1, 1, "front-matter-missing", "SKILL.md must start with `---` front matter holding `name` and `description`; Dust drops the skill");
}

// A top-level key: optional quotes, then `:` followed by a space or the line end. The value is `[^]*`, not `.*`:
// a CRLF file's lines end with `\r`, which `.` does not match.
const KEY_LINE = /^([ \t]*)(?:"([^"\\]*)"|'([^']*)'|([^\s"'#{}[\],][^:#]*?))[ \t]*:(?=[ \t\r]|$)([^]*)$/;

/**
 * Positions of the top-level keys. Dust trims the YAML, so the first key may be indented in the file and
 * every later top-level key sits at column 1; other lines belong to values.
 */
function scanTopLevelKeys(yamlLines: string[]): Pick<FrontMatter, "keys" | "inlineValues"> {
  const keys = new Map<string, Position>();
  const inlineValues = new Map<string, string>();
  let seenContent = false;
  yamlLines.forEach((line, i) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const topLevel = !seenContent || !/^[ \t]/.test(line);
    seenContent = true;
    const m = topLevel ? KEY_LINE.exec(line) : null;
    if (!m) return;
    const key = m[2] ?? m[3] ?? m[4] ?? "";
    if (keys.has(key)) return;
    // The YAML starts on line 2 of SKILL.md, after the opening `---`.
    keys.set(key, { line: i + 2, col: (m[1] ?? "").length + 1 });
    const inline = (m[5] ?? "").replace(/\s#[^]*$/, "").trim();
    if (inline !== "") inlineValues.set(key, inline);
  });
  return { keys, inlineValues };
}

/** scanTopLevelKeys' answer for front matter of plain `key: value` lines only, the first on line 2. */
function plainKeys(data: Record<string, unknown>): Pick<FrontMatter, "keys" | "inlineValues"> {
  const keys = new Map<string, Position>();
  const inlineValues = new Map<string, string>();
  let line = 2;
  for (const [key, value] of Object.entries(data)) {
    keys.set(key, { line: line++, col: 1 });
    inlineValues.set(key, String(value));
  }
  return { keys, inlineValues };
}

/** The key's position, or the opening `---` when the key is absent or could not be placed. */
export function keyPosition(fm: FrontMatter, key: string): Position {
  return fm.keys.get(key) ?? { line: 1, col: 1 };
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

function isScalar(v: unknown): boolean {
  return v instanceof Date || typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";
}

/** How a YAML value reads to a person: "a date (2024-01-01)", "a number (12)", "a list". */
export function describeYamlValue(v: unknown): string {
  if (v instanceof Date) return `a date (${Number.isNaN(v.getTime()) ? "invalid" : v.toISOString().replace("T00:00:00.000Z", "")})`;
  if (typeof v === "number" || typeof v === "bigint") return `a number (${String(v)})`;
  if (typeof v === "boolean") return `a boolean (${String(v)})`;
  if (typeof v === "string") return "a string";
  if (v === null || v === undefined) return "empty";
  if (Array.isArray(v)) return "a list";
  if (v instanceof Uint8Array) return "binary data";
  return "a mapping";
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n += 1;
  return n;
}
