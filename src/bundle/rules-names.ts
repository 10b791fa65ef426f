import { error } from "./problem.js";
import type { Located } from "./problem.js";

export interface NamedSkill {
  /** Bundle dir and SKILL.md path (root-relative) and where `name:` sits in it. */
  bundle: string;
  path: string;
  line: number;
  col: number;
  /** The name as Dust compares it: trimmed, case-sensitive. */
  name: string;
}

/**
 * Dust keys skills by exact name: two bundles with one name make one upload fail ("Duplicate skill") or
 * the later upload overwrite the earlier skill. An error on each, naming the others.
 */
export function duplicateNameProblems(skills: NamedSkill[]): Located[] {
  const byName = new Map<string, NamedSkill[]>();
  for (const s of skills) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const out: Located[] = [];
  for (const [name, group] of byName) {
    if (group.length < 2) continue;
    for (const s of group) {
      const others = group.filter((o) => o !== s).map((o) => o.path).join(", ");
      out.push({
        ...error(s.line, s.col, "name-duplicate", `name ${JSON.stringify(name)} is also used by ${others}; Dust keeps one skill per name`),
        path: s.path,
        bundle: s.bundle,
      });
    }
  }
  return out;
}
