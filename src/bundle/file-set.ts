import { sep } from "node:path";
import type { FsLike } from "./fs-like.js";
import { fsErrorCode } from "./fs-like.js";

/** What the filesystem says about one listed path, before deciding whether a bundle may ship it. */
export type FileFacts =
  | { kind: "file"; size: number; /** the real path when the entry is a symlink */ linkTarget: string | null }
  | { kind: "missing" }
  | { kind: "not-a-file"; linkTarget: string | null }
  | { kind: "broken-link" }
  | { kind: "unreadable"; code: string; size: number };

/** Facts for every root-relative path, keyed by that path. */
export function statFiles(fs: FsLike, root: string, paths: Iterable<string>): Map<string, FileFacts> {
  const out = new Map<string, FileFacts>();
  // Plain concatenation: listed paths are already normalized, and path.join shows up in profiles.
  for (const p of paths) out.set(p, factsOf(fs, `${root}${sep}${p}`));
  return out;
}

function factsOf(fs: FsLike, abs: string): FileFacts {
  let st;
  try {
    st = fs.lstatSync(abs);
  } catch (err) {
    // Tracked by git but deleted from the working tree: not part of what would be packed.
    return fsErrorCode(err) === "ENOENT" ? { kind: "missing" } : { kind: "unreadable", code: fsErrorCode(err), size: 0 };
  }
  let linkTarget: string | null = null;
  if (st.isSymbolicLink()) {
    try {
      linkTarget = fs.realpathSync(abs);
      st = fs.statSync(abs);
    } catch {
      return { kind: "broken-link" };
    }
  }
  if (!st.isFile()) return { kind: "not-a-file", linkTarget };
  const size = Number(st.size);
  // No read permission for anyone: one access() per file would double the syscalls for a case the mode
  // bits already show (owner-only files read by another user surface when the file is packed).
  if ((Number(st.mode) & 0o444) === 0) return { kind: "unreadable", code: "EACCES", size };
  return { kind: "file", size, linkTarget };
}
