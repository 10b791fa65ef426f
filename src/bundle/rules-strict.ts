import { error, warning } from "./problem.js";
import type { Problem } from "./problem.js";
import { describeYamlValue, keyPosition } from "./skill-md.js";
import type { ParsedSkillMd } from "./skill-md.js";

/**
 * The Agent Skills specification (https://agentskills.io/specification), checked by `--strict`.
 * Dust itself enforces none of it; teams that also load their bundles in other agents want it.
 */

const NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const NAME_MAX = 64;
const DESCRIPTION_MAX = 1024;
const COMPATIBILITY_MAX = 500;
const BODY_MAX_LINES = 500;
const KNOWN_KEYS = new Set(["name", "description", "license", "compatibility", "metadata", "allowed-tools"]);

const chars = (s: string): number => [...s].length;

/** `folderName` is the bundle folder's own name, which the spec requires `name` to equal. */
export function strictProblems(parsed: ParsedSkillMd, folderName: string): Problem[] {
  const fm = parsed.frontMatter;
  if (!fm) return [];
  const out: Problem[] = [];
  const at = (key: string) => keyPosition(fm, key);
  const { name, description, compatibility, metadata } = fm.data;

  if (typeof name === "string" && name.trim() !== "") {
    const p = at("name");
    if (!NAME_PATTERN.test(name)) {
      out.push(error(p.line, p.col, "strict-name-pattern", `name ${JSON.stringify(clip(name))} must be lower-case letters, digits and single hyphens (^[a-z0-9]+(-[a-z0-9]+)*$)`));
    }
    if (chars(name) > NAME_MAX) out.push(error(p.line, p.col, "strict-name-too-long", `name is ${chars(name)} characters; the spec allows ${NAME_MAX}`));
    if (name !== folderName) {
      out.push(error(p.line, p.col, "strict-name-folder", `name ${JSON.stringify(clip(name))} must equal its folder name ${JSON.stringify(folderName)}`));
    }
  }
  if (typeof description === "string" && chars(description) > DESCRIPTION_MAX) {
    const p = at("description");
    out.push(error(p.line, p.col, "strict-description-too-long", `description is ${chars(description)} characters; the spec allows ${DESCRIPTION_MAX}`));
  }
  for (const key of ["license", "compatibility", "allowed-tools"]) {
    const value = fm.data[key];
    if (value !== undefined && typeof value !== "string") {
      const p = at(key);
      out.push(error(p.line, p.col, "strict-field-type", `\`${key}\` loads as ${describeYamlValue(value)}; the spec wants a string`));
    }
  }
  if (typeof compatibility === "string" && chars(compatibility) > COMPATIBILITY_MAX) {
    const p = at("compatibility");
    out.push(error(p.line, p.col, "strict-compatibility-too-long", `compatibility is ${chars(compatibility)} characters; the spec allows ${COMPATIBILITY_MAX}`));
  }
  if (metadata !== undefined) out.push(...metadataProblems(metadata, at("metadata")));
  for (const key of Object.keys(fm.data)) {
    if (KNOWN_KEYS.has(key)) continue;
    const p = at(key);
    out.push(warning(p.line, p.col, "strict-unknown-key", `\`${key}\` is not an Agent Skills field (${[...KNOWN_KEYS].join(", ")}); put extra data under \`metadata\``));
  }
  const bodyLines = parsed.body === "" ? 0 : parsed.body.replace(/\r?\n$/, "").split("\n").length;
  if (bodyLines > BODY_MAX_LINES) {
    out.push(warning(parsed.bodyLine, 1, "strict-body-too-long", `instructions are ${bodyLines} lines; the spec advises at most ${BODY_MAX_LINES} (move details into references/)`));
  }
  return out;
}

function metadataProblems(metadata: unknown, p: { line: number; col: number }): Problem[] {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata) || metadata instanceof Date) {
    return [error(p.line, p.col, "strict-metadata-type", `\`metadata\` is ${describeYamlValue(metadata)}; the spec wants a mapping of string keys to string values`)];
  }
  return Object.entries(metadata)
    .filter(([, v]) => typeof v !== "string")
    .map(([k, v]) => error(p.line, p.col, "strict-metadata-type", `\`metadata.${k}\` is ${describeYamlValue(v)}; the spec wants string values (quote it)`));
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
