import { gitBytes, gitRaw, splitNul } from "./client.js";

/**
 * The repository's tracked files, top-level relative, from any folder of it: `git ls-files --cached` reads
 * the index only, so it answers in milliseconds whatever the size of the working tree.
 */
export async function trackedFiles(dir: string): Promise<string[]> {
  const out = splitNul(await gitRaw(dir, ["ls-files", "-z", "--cached", "--full-name", "--", ":(top)"]));
  // An unmerged path is listed once per stage, its stages one after the other (the index is sorted by path).
  return out.filter((p, i) => i === 0 || p !== out[i - 1]);
}

/**
 * Untracked files that are not ignored (what `git add -A` would add), top-level relative, from any folder of
 * it: under `under` (top-level relative folders or files, taken literally), or in the whole working tree,
 * a walk that callers start early and await only when they need it.
 */
export async function untrackedRepoFiles(dir: string, under?: readonly string[]): Promise<string[]> {
  const specs = under === undefined ? [":(top)"] : under.map((p) => `:(top,literal)${p}`);
  if (specs.length === 0) return [];
  return splitNul(await gitRaw(dir, ["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", ...specs]));
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
