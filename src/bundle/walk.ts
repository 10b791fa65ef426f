import { join, relative } from "node:path";
import { toPosix } from "../lib/paths.js";
import type { FsLike } from "./fs-like.js";
import { direntName, fsErrorCode } from "./fs-like.js";
import { isSkillMdName } from "./discover.js";

/** Outside git nothing says which files are part of the project: skip what never is. */
const skipName = (name: string): boolean => name.startsWith(".") || name === "node_modules";


export interface WalkResult {
  /** Everything but folders (symlinks never followed), relative to `base`, POSIX. */
  paths: string[];
  /** Folders that could not be listed, relative to `base`, with the error code. */
  unreadable: { path: string; code: string }[];
}

/** Lists everything under `dir` (absolute), skipping `.git`, `node_modules` and dotfiles. */
export function walkFiles(fs: FsLike, dir: string, base: string): WalkResult {
  const result: WalkResult = { paths: [], unreadable: [] };
  const pending = [dir];
  for (let abs = pending.pop(); abs !== undefined; abs = pending.pop()) {
    let entries;
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      result.unreadable.push({ path: toPosix(relative(base, abs)), code: fsErrorCode(err) });
      continue;
    }
    for (const e of entries) {
      const name = direntName(e);
      if (skipName(name)) continue;
      const child = join(abs, name);
      if (e.isDirectory()) pending.push(child);
      // FIFOs, sockets and devices are listed too, so that each gets a clear diagnostic instead of silence.
      else result.paths.push(toPosix(relative(base, child)));
    }
  }
  return result;
}

/** Whether the folder directly holds a SKILL.md (any case). A folder that cannot be read holds none. */
export function holdsSkillMd(fs: FsLike, dir: string): boolean {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).some((e) => !e.isDirectory() && isSkillMdName(direntName(e)));
  } catch {
    return false;
  }
}
