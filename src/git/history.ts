import { isInsideRepoPath } from "../lib/paths.js";
import { gitRaw } from "./client.js";

// Windows limits a command line to 32K characters; pathspecs beyond this go to another call.
const MAX_PATHSPEC_CHARS = 24_000;

/**
 * For each folder, the time (epoch ms) of the last commit on the current branch that changed a file in it.
 * Follows the first-parent line, so a change merged from a branch counts from the merge, the moment it
 * reached this branch. Folders no commit touched are absent. One `git log` for all folders.
 */
export async function lastCommitTimes(root: string, dirs: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const head = (await gitRaw(root, ["rev-parse", "--verify", "--quiet", "HEAD"])).trim();
  if (head === "" || dirs.length === 0) return out;
  const pending = new Set(dirs);
  if (pending.delete("")) {
    const ct = (await gitRaw(root, ["log", "-1", "--format=%ct", "HEAD"])).trim();
    if (ct !== "") out.set("", Number(ct) * 1000);
  }
  // Ask for the folders that hold the bundles, not each bundle: git's cost grows with the number of
  // pathspecs, and thousands of bundles usually sit in a handful of folders. Their logs cover every bundle.
  const parents = [...new Set([...pending].map(parentOf))];
  const cover = parents.filter((p) => !parents.some((q) => q !== p && isInsideRepoPath(p, q)));
  const groups = cover.includes("") ? [[]] : chunks(cover);
  const wanted = pending;
  for (const group of groups) {
    if (wanted.size === 0) break;
    const log = await gitRaw(root, [
      "log", "--first-parent", "-m", "--format=%x01%ct", "--name-only", "-z", "HEAD", "--",
      ...group.map((d) => `:(top,literal)${d}`),
    ]);
    for (const commit of log.split("\x01")) {
      if (wanted.size === 0) break;
      const [ct = "", ...names] = commit.split("\0");
      for (const name of names) {
        for (const dir of foldersAbove(name.replace(/^\n/, ""))) {
          if (wanted.delete(dir)) out.set(dir, Number(ct) * 1000);
        }
      }
    }
  }
  return out;
}

function parentOf(dir: string): string {
  const cut = dir.lastIndexOf("/");
  return cut < 0 ? "" : dir.slice(0, cut);
}

function foldersAbove(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

function chunks(dirs: string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const d of dirs) {
    if (size + d.length > MAX_PATHSPEC_CHARS && current.length > 0) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(d);
    size += d.length + 20;
  }
  if (current.length > 0) out.push(current);
  return out;
}
