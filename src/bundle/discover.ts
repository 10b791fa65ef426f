/**
 * Which folders are bundles and which files belong to each, from a flat list of file paths. Pure: the
 * list comes from `git ls-files` or a filesystem walk. Every path is POSIX, relative to the root; ""
 * is the root itself.
 */

import { repoPathRelativeTo } from "../lib/paths.js";
import { sortTexts } from "../lib/compare-text.js";

export interface BundleLocation {
  dir: string;
  /** The SKILL.md Dust reads: the first of the folder's candidates in ZIP (code-unit) order. */
  skillMd: string;
  /** Other files of the same folder whose name is also skill.md in another case (Dust attaches them). */
  otherSkillMds: string[];
}

export function parentDir(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `path` itself, then each folder above it, ending with "". */
export function* selfAndAncestors(path: string): Generator<string> {
  let p = path;
  for (;;) {
    yield p;
    if (p === "") return;
    p = parentDir(p);
  }
}

export const isSkillMdName = (name: string): boolean => name.toLowerCase() === "skill.md";

/**
 * `isSkillMdName(baseName(path))` without cutting the name out: asked of every listed file (60,000 at 20,000
 * bundles), nearly all of which end otherwise.
 */
export function isSkillMdPath(path: string): boolean {
  const from = path.length - 8;
  if (from < 0 || (from > 0 && path.charCodeAt(from - 1) !== 0x2f)) return false;
  return (path.charCodeAt(path.length - 1) | 0x20) === 0x64 && path.slice(from).toLowerCase() === "skill.md";
}

/** Every folder holding a file named skill.md in any case, as Dust detects skills. */
export function findBundles(paths: Iterable<string>): Map<string, BundleLocation> {
  const candidates = new Map<string, string[]>();
  for (const p of paths) {
    if (!isSkillMdPath(p)) continue;
    const dir = parentDir(p);
    const list = candidates.get(dir);
    if (list) list.push(p);
    else candidates.set(dir, [p]);
  }
  const out = new Map<string, BundleLocation>();
  for (const [dir, list] of candidates) {
    const [skillMd = "", ...otherSkillMds] = sortTexts(list);
    out.set(dir, { dir, skillMd, otherSkillMds });
  }
  return out;
}

/**
 * Bundles a set of targets (paths given by the user, root-relative) asks for: bundles inside a target
 * folder, and bundles that contain a target (a changed file, or a folder inside a bundle), since a
 * change anywhere in a bundle changes what is uploaded for it. Sorted.
 */
export function bundlesMatchingPaths(dirs: Iterable<string>, targets: Iterable<string>): string[] {
  const dirSet = new Set(dirs);
  const targetSet = new Set(targets);
  const selected = new Set<string>();
  // Plain loops over the folders above (not selfAndAncestors): this runs for every bundle of every plan.
  for (const dir of dirSet) {
    for (let a = dir; ; a = parentDir(a)) {
      if (targetSet.has(a)) {
        selected.add(dir);
        break;
      }
      if (a === "") break;
    }
  }
  for (const t of targetSet) {
    for (let a = t; ; a = parentDir(a)) {
      if (dirSet.has(a)) selected.add(a);
      if (a === "") break;
    }
  }
  return [...selected].sort();
}

/**
 * The files under each bundle folder, relative to that folder and sorted. A file of a nested bundle belongs
 * to the innermost bundle only: every bundle is uploaded in the folder of its own ownership record
 * (src/model/ownership-record.ts), so Dust never sees one bundle inside another's folder.
 */
export function filesByBundle(paths: Iterable<string>, dirs: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of dirs) out.set(d, []);
  for (const p of paths) {
    for (let a = parentDir(p); ; a = parentDir(a)) {
      const list = out.get(a);
      if (list) {
        list.push(repoPathRelativeTo(p, a));
        break;
      }
      if (a === "") break;
    }
  }
  for (const list of out.values()) sortTexts(list);
  return out;
}

/** The nearest bundle folder strictly above `dir`, or null. */
export function enclosingBundle(dir: string, dirs: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | null {
  if (dir === "") return null;
  for (const a of selfAndAncestors(parentDir(dir))) if (dirs.has(a)) return a;
  return null;
}
