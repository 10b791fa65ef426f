import { untrackedRepoFiles } from "../git/files.js";
import { compareText } from "../lib/compare-text.js";
import { isInsideRepoPath } from "../lib/paths.js";
import { isSkillMdName, isSkillMdPath, parentDir } from "./discover.js";
import type { FsLike } from "./fs-like.js";
import { direntName } from "./fs-like.js";

/** More untracked folders than this in the places looked at: ask git about the whole tree instead. */
const MAX_NAMED_PATHS = 500;

/**
 * Untracked, not ignored SKILL.md files under the targets that were most likely forgotten by `git add`: a new
 * folder beside the bundles (or in a target) holding one, or one at the top of a tracked folder. Only those
 * places are looked at. `git ls-files --others` over the whole tree opens every folder and looks for a
 * .gitignore in each (at 20,000 bundles ~320,000 system calls, as many as reading every file, and a second
 * of CPU taken from the plan), all for a note.
 *
 * Paths are repository-relative POSIX; `top` is the repository's top level. Sorted.
 */
export async function forgottenSkillMds(
  fs: FsLike,
  top: string,
  tracked: readonly string[],
  bundleDirs: Iterable<string>,
  targets: readonly string[],
  /** git's answer; a test watches what is asked. */
  untrackedUnder: typeof untrackedRepoFiles = untrackedRepoFiles,
): Promise<string[]> {
  const trackedDirs = new Set<string>();
  for (const p of tracked) {
    for (let d = parentDir(p); d !== "" && !trackedDirs.has(d); d = parentDir(d)) trackedDirs.add(d);
  }
  const bundles = new Set(bundleDirs);
  const underTargets = (p: string): boolean => targets.some((t) => isInsideRepoPath(p, t));
  let trackedSet: Set<string> | null = null;
  const isTracked = (p: string): boolean => (trackedSet ??= new Set(tracked)).has(p);
  const asked: string[] = [];
  // Where a forgotten bundle would sit: beside the bundles, and in the targets themselves (a target git
  // knows nothing of is asked about whole).
  const places = new Set<string>();
  for (const t of targets) {
    if (t === "" || trackedDirs.has(t)) places.add(t);
    else if (!isTracked(t)) asked.push(t);
  }
  for (const dir of bundles) if (dir !== "") places.add(parentDir(dir));

  const looked = new Set<string>();
  const look = (dir: string, deeper: boolean): void => {
    if (looked.has(dir) || !underTargetsOrAbove(dir, targets)) return;
    looked.add(dir);
    let entries;
    try {
      entries = fs.readdirSync(dir === "" ? top : `${top}/${dir}`, { withFileTypes: true });
    } catch {
      return; // a folder gone or unreadable: nothing to point at
    }
    for (const entry of entries) {
      const name = direntName(entry);
      const path = dir === "" ? name : `${dir}/${name}`;
      if (entry.isDirectory()) {
        if (name === ".git" || !underTargets(path) || bundles.has(path)) continue;
        if (!trackedDirs.has(path)) asked.push(path);
        // A tracked folder that holds no bundle: its own SKILL.md may be the one not added (a place is
        // looked at in full on its own turn).
        else if (deeper && !places.has(path)) look(path, false);
      } else if (entry.isFile() && isSkillMdName(name) && underTargets(path) && !isTracked(path)) {
        asked.push(path);
      }
    }
  };
  for (const place of places) look(place, true);
  if (asked.length === 0) return [];

  // git decides what is ignored; it walks only the new folders.
  asked.sort(compareText);
  const others = await untrackedUnder(top, asked.length > MAX_NAMED_PATHS ? undefined : asked);
  return others.filter((p) => isSkillMdPath(p) && underTargets(p)).sort(compareText);
}

/** A folder inside a target, or one above a target (the place a target's new sibling folders are not). */
function underTargetsOrAbove(dir: string, targets: readonly string[]): boolean {
  return targets.some((t) => isInsideRepoPath(dir, t) || isInsideRepoPath(t, dir));
}
