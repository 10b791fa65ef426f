import { posix, sep } from "node:path";
import type { DirentLike, FsLike, StatsLike } from "./fs-like.js";
import { climbsOut, toPosix } from "../lib/paths.js";

/** One staged path, as the next commit will hold it. */
export interface StagedFile {
  /** Root-relative POSIX path. */
  path: string;
  kind: "file" | "executable" | "symlink" | "submodule";
  /** The blob (a symlink's blob is its target); empty for a submodule. */
  data: Uint8Array;
}

/**
 * The git index seen through FsLike, so `validate --staged` checks exactly what the commit will contain
 * with the same code that checks the working tree. `root` is the repository's top level.
 */
export function indexFs(root: string, files: StagedFile[]): FsLike {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const dirs = new Set<string>([""]);
  for (const f of files) for (let d = posix.dirname(f.path); d !== "." && !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  // A path outside the root maps to a name no index entry can have.
  const rel = (abs: string): string => (abs === root ? "" : abs.startsWith(root + sep) ? toPosix(abs.slice(root.length + 1)) : "\0");
  const missing = (abs: string): Error => Object.assign(new Error(`ENOENT: not in the git index: ${abs}`), { code: "ENOENT" });
  const stat = (kind: "file" | "dir" | "link", size: number, mode: number): StatsLike => ({
    size,
    mode,
    isFile: () => kind === "file",
    isDirectory: () => kind === "dir",
    isSymbolicLink: () => kind === "link",
    isFIFO: () => false,
    isSocket: () => false,
  });
  /** Follows symlinks to the staged path they name, or null when they lead out of the index. */
  const resolveLink = (path: string, depth = 0): string | null => {
    const f = byPath.get(path);
    if (f?.kind !== "symlink") return byPath.has(path) || dirs.has(path) ? path : null;
    if (depth > 40) return null;
    const target = posix.normalize(posix.join(posix.dirname(path), Buffer.from(f.data).toString("utf-8")));
    if (climbsOut(target, "/") || posix.isAbsolute(target)) return null;
    return resolveLink(target === "." ? "" : target, depth + 1);
  };
  const lstatRel = (path: string, abs: string): StatsLike => {
    const f = byPath.get(path);
    if (f === undefined) {
      if (dirs.has(path)) return stat("dir", 0, 0o755);
      throw missing(abs);
    }
    if (f.kind === "submodule") return stat("dir", 0, 0o755);
    if (f.kind === "symlink") return stat("link", f.data.length, 0o777);
    return stat("file", f.data.length, f.kind === "executable" ? 0o755 : 0o644);
  };
  const abs = (path: string): string => (path === "" ? root : `${root}${sep}${path.split("/").join(sep)}`);
  return {
    lstatSync: (p) => lstatRel(rel(p), p),
    statSync: (p) => {
      const target = resolveLink(rel(p));
      if (target === null) throw missing(p);
      return lstatRel(target, p);
    },
    realpathSync: (p) => {
      const target = resolveLink(rel(p));
      if (target === null) throw missing(p);
      return abs(target);
    },
    readFileSync: (p) => {
      const target = resolveLink(rel(p));
      const f = target === null ? undefined : byPath.get(target);
      if (f === undefined || f.kind === "symlink" || f.kind === "submodule") throw missing(p);
      return f.data;
    },
    readdirSync: (p) => {
      const dir = rel(p);
      if (!dirs.has(dir)) throw missing(p);
      const prefix = dir === "" ? "" : `${dir}/`;
      const names = new Map<string, DirentLike>();
      for (const path of [...byPath.keys(), ...dirs]) {
        if (path === dir || !path.startsWith(prefix)) continue;
        const name = path.slice(prefix.length).split("/")[0] as string;
        const st = lstatRel(`${prefix}${name}`, abs(`${prefix}${name}`));
        names.set(name, { name, isFile: st.isFile, isDirectory: st.isDirectory, isSymbolicLink: st.isSymbolicLink });
      }
      return [...names.values()];
    },
  };
}
