import { gitRaw, splitNul } from "./client.js";

/**
 * Tracked-or-staged files and untracked-but-not-ignored files of the whole repository holding `dir` (any
 * folder of it, so this can run alongside `gitTopLevel`), from a single `git ls-files -t`: spawning git
 * is the slowest step of a validate. Paths are relative to the top level.
 */
export async function listRepoFileSets(dir: string): Promise<{ tracked: string[]; untracked: string[] }> {
  const args = ["ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard", "--full-name", "--", ":(top)"];
  const out = splitNul(await gitRaw(dir, args));
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

/** Paths staged for the next commit (top-level relative, from any folder), deletions and both sides of a rename included. */
export async function stagedPaths(dir: string): Promise<string[]> {
  // A user's diff.relative=true would make the paths relative to the folder asked from.
  return splitNul(await gitRaw(dir, ["-c", "diff.relative=false", "diff", "--cached", "--name-only", "-z", "--no-renames"]));
}
