import { gitRaw, splitNul } from "./client.js";

/**
 * The files git would commit: tracked or staged (one `git ls-files` for the whole repo), plus untracked
 * files that are not ignored when asked. Repo-relative POSIX paths, so `.env`, build output and other
 * ignored files are never part of a bundle.
 */
export async function listRepoFiles(root: string, options: { untracked?: boolean } = {}): Promise<string[]> {
  const args = ["ls-files", "-z", "--cached"];
  if (options.untracked) args.push("--others", "--exclude-standard");
  return [...new Set(splitNul(await gitRaw(root, args)))];
}

/**
 * Tracked-or-staged files and untracked-but-not-ignored files from a single `git ls-files -t` (one process
 * instead of two: spawning git is the slowest step of a validate).
 */
export async function listRepoFileSets(root: string): Promise<{ tracked: string[]; untracked: string[] }> {
  const out = splitNul(await gitRaw(root, ["ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard"]));
  const tracked = new Set<string>();
  const untracked: string[] = [];
  for (const entry of out) {
    // "H path" tracked, "S path" skip-worktree, "M path" unmerged, "? path" untracked.
    const path = entry.slice(2);
    if (entry.startsWith("? ")) untracked.push(path);
    else tracked.add(path);
  }
  return { tracked: [...tracked], untracked };
}

/** Untracked files that are not ignored: what `git add -A` would add. */
export async function untrackedFiles(root: string): Promise<string[]> {
  return splitNul(await gitRaw(root, ["ls-files", "-z", "--others", "--exclude-standard"]));
}

/** Paths staged for the next commit, deleted ones and both sides of a rename included. */
export async function stagedPaths(root: string): Promise<string[]> {
  return splitNul(await gitRaw(root, ["diff", "--cached", "--name-only", "-z", "--no-renames"]));
}
