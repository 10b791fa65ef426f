import { loadBundles } from "../bundle/load.js";
import type { LoadResult } from "../bundle/load.js";
import { changedPathsSince } from "../git/changes.js";
import { resolveRepository } from "../identity/resolve.js";
import type { IdentitySources, RepositoryIdentity } from "../identity/resolve.js";

export interface RepositoryOptions {
  roots: string[];
  cwd: string;
  includeUntracked?: boolean;
  /** Mark the bundle folders whose files changed in git since this ref (a selection filter only). */
  changedSince?: string;
  /** Progress as each bundle is read (see LoadOptions.onBundle). */
  onBundle?: (done: number, total: number, dir: string) => void;
  /** Where the repository identity may come from (the git root is found here). */
  identity: Omit<IdentitySources, "gitRoot">;
}

/** The repository side of a plan or a report: the bundles, their fingerprints, and who this repository is. */
export interface RepositoryState {
  load: LoadResult;
  /** Bundle folders with files changed since `changedSince`; null when not asked or outside git. */
  changedDirs: Set<string> | null;
  /** null when no source names one (the caller decides whether that is an error). */
  repository: RepositoryIdentity | null;
}

/**
 * Reads the bundles and fingerprints them, resolves the repository identity, and (only for --changed-since)
 * asks git what changed. What changed since the last upload is the fingerprints' call, never git's.
 */
export async function readRepository(opts: RepositoryOptions): Promise<RepositoryState> {
  const load = await loadBundles({
    roots: opts.roots,
    cwd: opts.cwd,
    fingerprint: true,
    ...(opts.includeUntracked ? { includeUntracked: true } : {}),
    ...(opts.onBundle ? { onBundle: opts.onBundle } : {}),
  });
  const gitRoot = load.inGit ? load.root : null;
  const [repository, changed] = await Promise.all([
    resolveRepository({ ...opts.identity, gitRoot }),
    gitRoot !== null && opts.changedSince ? changedPathsSince(gitRoot, opts.changedSince) : Promise.resolve(null),
  ]);
  const dirs = load.bundles.map((b) => b.dir);
  return { load, changedDirs: changed ? new Set(dirsTouched(dirs, changed)) : null, repository };
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
