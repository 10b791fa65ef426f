import { gitBytes, gitRaw, splitNul } from "./client.js";

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

/** One path of the git index: what the next commit will hold there. */
export interface IndexEntry {
  /** `100644`, `100755` (files), `120000` (symlink: the blob is its target), `160000` (submodule). */
  mode: string;
  oid: string;
  /** Top-level relative. */
  path: string;
}

/** The index's entries (stage 0: a conflicted path has no content to commit yet). */
export async function indexEntries(dir: string): Promise<IndexEntry[]> {
  const out = splitNul(await gitRaw(dir, ["ls-files", "-z", "--stage", "--full-name", "--", ":(top)"]));
  const entries: IndexEntry[] = [];
  for (const line of out) {
    const m = /^(\d{6}) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(line);
    if (m && m[3] === "0") entries.push({ mode: m[1] as string, oid: m[2] as string, path: m[4] as string });
  }
  return entries;
}

/** The contents of blobs, by object id, from one `git cat-file --batch`. */
export async function readBlobs(dir: string, oids: string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(oids)];
  const blobs = new Map<string, Buffer>();
  if (unique.length === 0) return blobs;
  const out = await gitBytes(dir, ["cat-file", "--batch"], unique.join("\n") + "\n");
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    if (eol === -1) break;
    const header = out.subarray(at, eol).toString("utf-8").split(" ");
    at = eol + 1;
    if (header[1] === "missing") continue;
    const size = Number(header[2]);
    blobs.set(header[0] as string, out.subarray(at, at + size));
    at += size + 1;
  }
  return blobs;
}
