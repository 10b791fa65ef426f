import { isAbsolute, relative, sep } from "node:path";

/**
 * The one rule for "is this path inside that folder", in its two spellings. Compared by whole segments, so a
 * sibling named `..x` is inside its parent and `skills-old` is not inside `skills`: a string prefix gets both
 * wrong.
 */

/** A relative path that climbs out of its base: `..` or `../…`. A name such as `..x` does not. */
export function climbsOut(rel: string, separator: string = sep): boolean {
  return rel === ".." || rel.startsWith(`..${separator}`);
}

/** `path` relative to `folder` when it is the folder itself ("") or lies below it; null otherwise. Filesystem paths. */
export function pathInside(folder: string, path: string): string | null {
  const rel = relative(folder, path);
  if (rel === "") return "";
  return climbsOut(rel) || isAbsolute(rel) ? null : rel;
}

/** A filesystem path with POSIX separators, as repository paths and messages spell it. */
export function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

/**
 * A diagnostic's file as GitHub wants it: relative to the repository root, POSIX. An absolute path is made
 * relative to `root`; a relative one is taken as already relative to it.
 */
export function repoRelative(file: string, root: string): string {
  return toPosix(isAbsolute(file) ? relative(root, file) : file);
}

/** `path` is `folder` or lies below it. Filesystem paths, any separator the platform uses. */
export function isInside(path: string, folder: string): boolean {
  return pathInside(folder, path) !== null;
}

/**
 * The same rule for repository paths: POSIX, relative to the repository root, normalised (no `.` or `..`
 * segments), with "" for the root itself. A string test, since these run once per file of large repositories.
 */
export function isInsideRepoPath(path: string, dir: string): boolean {
  return dir === "" || path === dir || path.startsWith(`${dir}/`);
}

/** Repository path of `path` relative to `dir`, given `isInsideRepoPath(path, dir)`. */
export function repoPathRelativeTo(path: string, dir: string): string {
  return dir === "" || path === dir ? (dir === "" ? path : "") : path.slice(dir.length + 1);
}
