import { loadBundles } from "../bundle/load.js";
import type { LoadResult } from "../bundle/load.js";
import { changedPathsSince } from "../git/changes.js";
import { lastCommitTimes } from "../git/history.js";

export interface RepositoryOptions {
  roots: string[];
  cwd: string;
  includeUntracked?: boolean;
  /** Mark the bundle folders whose files changed in git since this ref. */
  changedSince?: string;
  /**
   * The current time, given to count a bundle with uncommitted changes as committed now (plan, sync, pull);
   * without it the last commit decides.
   */
  now?: () => number;
  /** Progress as each bundle is read (see LoadOptions.onBundle). */
  onBundle?: (done: number, total: number, dir: string) => void;
}

/** The repository side of a plan or a report: the bundles, and what git says about them. */
export interface RepositoryState {
  load: LoadResult;
  /** Bundle folder → last commit time (epoch ms) touching it; empty outside git. */
  lastCommitMs: Map<string, number>;
  /** Bundle folders with files changed since `changedSince`; null when not asked or outside git. */
  changedDirs: Set<string> | null;
}

/** Reads the bundles, then asks git what changed and when (in parallel). */
export async function readRepository(opts: RepositoryOptions): Promise<RepositoryState> {
  const load = await loadBundles({
    roots: opts.roots,
    cwd: opts.cwd,
    ...(opts.includeUntracked ? { includeUntracked: true } : {}),
    ...(opts.onBundle ? { onBundle: opts.onBundle } : {}),
  });
  if (!load.inGit) return { load, lastCommitMs: new Map(), changedDirs: null };
  const dirs = load.bundles.map((b) => b.dir);
  const [lastCommitMs, uncommitted, changed] = await Promise.all([
    lastCommitTimes(load.root, dirs),
    opts.now ? changedPathsSince(load.root, "HEAD").catch(() => new Set<string>()) : Promise.resolve(null),
    opts.changedSince ? changedPathsSince(load.root, opts.changedSince) : Promise.resolve(null),
  ]);
  if (uncommitted && opts.now) {
    // A bundle edited locally but not committed yet is newer than any Dust edit as far as the user is
    // concerned: without this, planning before `git commit` would call every local edit "drift".
    const now = opts.now();
    for (const dir of dirsTouched(dirs, uncommitted)) lastCommitMs.set(dir, now);
  }
  return { load, lastCommitMs, changedDirs: changed ? new Set(dirsTouched(dirs, changed)) : null };
}

/**
 * Bundle folders holding at least one of the paths; a path in a nested bundle counts for the innermost.
 * Walks up each path's folders through a set, so it stays linear when every file of a large repo changed.
 */
function dirsTouched(dirs: string[], paths: Set<string>): string[] {
  const bundles = new Set(dirs);
  const hit = new Set<string>();
  for (const p of paths) {
    for (let folder = p; ; ) {
      const cut = folder.lastIndexOf("/");
      folder = cut < 0 ? "" : folder.slice(0, cut);
      if (bundles.has(folder)) {
        hit.add(folder);
        break;
      }
      if (folder === "") break;
    }
  }
  return dirs.filter((d) => hit.has(d));
}
