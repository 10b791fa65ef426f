import type { Bundle } from "../model/bundle.js";
import type { ExcludedBundle } from "../model/plan.js";

export interface Selection {
  /** Skill names (exact, as Dust compares them). */
  names?: string[];
  /** Path globs matched against a bundle's folder (or any folder above it) and its SKILL.md path. */
  globs?: string[];
  /** Keep only bundles whose files changed in git (needs `changedDirs`). */
  changedOnly?: boolean;
}

export interface SelectionResult {
  selected: Bundle[];
  excluded: ExcludedBundle[];
  /** Requested names that match no bundle: a typo must not silently select nothing. */
  unknownNames: string[];
  /** Globs that match no bundle. */
  unmatchedGlobs: string[];
  /** Some filter was given: orphans cannot be told apart from unselected bundles. */
  active: boolean;
}

/**
 * A small glob → RegExp: `**` any number of folders, `*` anything but `/`, `?` one character but `/`.
 * A pattern also matches everything below what it names (`skills` selects `skills/a`), like a path argument.
 */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "*" && pattern[i + 1] === "*") {
      i++;
      if (pattern[i + 1] === "/") {
        i++;
        re += "(?:.*/)?";
      } else {
        re += ".*";
      }
    } else if (ch === "*") {
      re += "[^/]*";
    } else if (ch === "?") {
      re += "[^/]";
    } else {
      re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/**
 * Filters are combined with AND: `--names a --changed-since main` selects `a` only if it changed. Each left-out
 * bundle is listed with the first filter that left it out.
 */
export function selectBundles(
  bundles: Bundle[],
  selection: Selection | undefined,
  changedDirs: Set<string> | null,
  changedSinceLabel: string,
): SelectionResult {
  const names = selection?.names && selection.names.length > 0 ? new Set(selection.names) : null;
  const globs = (selection?.globs ?? []).map((g) => ({ glob: g, re: globToRegExp(g), used: false }));
  const changedOnly = selection?.changedOnly === true && changedDirs !== null;
  const result: SelectionResult = {
    selected: [],
    excluded: [],
    unknownNames: [],
    unmatchedGlobs: [],
    active: names !== null || globs.length > 0 || changedOnly,
  };
  const seenNames = new Set<string>();
  for (const bundle of bundles) {
    const name = bundle.skill?.name ?? null;
    if (name !== null) seenNames.add(name);
    const matching = globs.filter((g) => g.re.test(bundle.dir) || g.re.test(bundle.skillMd));
    for (const g of matching) g.used = true;
    const exclude = (reason: string) =>
      result.excluded.push({ name, dir: bundle.dir, skillMd: bundle.skillMd, reason });
    if (names !== null && (name === null || !names.has(name))) exclude("not in --names");
    else if (globs.length > 0 && matching.length === 0) exclude("matches no selected path");
    else if (changedOnly && !changedDirs.has(bundle.dir)) exclude(`no file changed since ${changedSinceLabel}`);
    else result.selected.push(bundle);
  }
  if (names !== null) result.unknownNames = [...names].filter((n) => !seenNames.has(n));
  result.unmatchedGlobs = globs.filter((g) => !g.used).map((g) => g.glob);
  return result;
}
