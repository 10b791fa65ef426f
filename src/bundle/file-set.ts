import * as nodeFsCalls from "node:fs";
import { sep } from "node:path";
import type { FsLike, StatsLike } from "./fs-like.js";
import { fsErrorCode } from "./fs-like.js";
import type { ReadAhead } from "./read-ahead.js";
import { readWithFacts } from "./read-with-facts.js";

/** What the filesystem says about one listed path, before deciding whether a bundle may ship it. */
export type FileFacts =
  | { kind: "file"; size: number; /** the real path when the entry is a symlink */ linkTarget: string | null }
  | { kind: "missing" }
  | { kind: "not-a-file"; linkTarget: string | null; what: NotAFile }
  | { kind: "broken-link" }
  | { kind: "unreadable"; code: string; size: number };

/** What a listed path is when it is not a regular file: each gets its own words. */
export type NotAFile = "folder" | "fifo" | "socket" | "device";

/** What the filesystem says about a root-relative path. */
export interface FileFactsLookup {
  get(path: string): FileFacts;
  /** The bytes read along with the facts of `path` (see `readAlong`), handed over once; undefined when none were. */
  takeBytes(path: string): Uint8Array | undefined;
  /** Drops every byte read along and not taken (called once a bundle is done with its files). */
  releaseBytes(): void;
}

export interface FactsOptions {
  /**
   * Real files only: for these paths, read the bytes in the same pass as the facts (open, fstat, read, close
   * instead of an lstat first and then the same four calls). A plan reads every shipped file; where each
   * system call is costly, the lstat was a fifth of its work on files.
   */
  readAlong?: (path: string) => boolean;
  /** Larger files are never read along (the loader never reads them whole either). */
  readLimit?: number;
  /** What a worker has already read of the `readAlong` paths (see read-ahead.ts): taken before reading. */
  readAhead?: Pick<ReadAhead, "take">;
}

/**
 * Facts for root-relative paths, each looked up once, when first asked: the loader asks bundle by bundle, so
 * the stat calls of a large repository are spread over the read instead of stalling before it.
 */
export function fileFacts(fs: FsLike, root: string, opts: FactsOptions = {}): FileFactsLookup {
  const known = new Map<string, FileFacts>();
  const bytes = new Map<string, Uint8Array>();
  const limit = opts.readLimit ?? Number.MAX_SAFE_INTEGER;
  // Plain concatenation: listed paths are already normalized, and path.join shows up in profiles. Built only
  // when this thread asks the filesystem: not for what the read-ahead worker already read.
  const abs = (path: string): string => `${root}${sep}${path}`;
  return {
    get(path) {
      let facts = known.get(path);
      if (facts === undefined) {
        const ahead = opts.readAhead?.take(path);
        const read = ahead !== undefined ? ahead : opts.readAlong?.(path) ? readWithFacts(nodeFsCalls, abs(path), limit) : null;
        facts = read !== null ? { kind: "file", size: read.size, linkTarget: null } : factsOf(fs, abs(path));
        if (read?.data !== undefined) bytes.set(path, read.data);
        known.set(path, facts);
      }
      return facts;
    },
    takeBytes(path) {
      const data = bytes.get(path);
      bytes.delete(path);
      return data;
    },
    releaseBytes() {
      bytes.clear();
    },
  };
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
  // Never opened: reading a FIFO would block until some other process writes to it.
  if (!st.isFile()) return { kind: "not-a-file", linkTarget, what: notAFile(st) };
  const size = Number(st.size);
  // No read permission for anyone: one access() per file would double the syscalls for a case the mode
  // bits already show (owner-only files read by another user surface when the file is packed).
  if ((Number(st.mode) & 0o444) === 0) return { kind: "unreadable", code: "EACCES", size };
  return { kind: "file", size, linkTarget };
}

function notAFile(st: StatsLike): NotAFile {
  if (st.isDirectory()) return "folder";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  return "device";
}

/** How a diagnostic names a path that is not a regular file. */
export function describeNotAFile(what: NotAFile, viaLink: boolean): string {
  const link = viaLink ? "a symlink to " : "";
  switch (what) {
    case "folder":
      return viaLink ? "a symlink to a folder" : "a folder (a git submodule?)";
    case "fifo":
      return `${link}a named pipe (FIFO), not a regular file`;
    case "socket":
      return `${link}a socket, not a regular file`;
    case "device":
      return `${link}a device file, not a regular file`;
  }
}
