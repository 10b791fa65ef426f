import { gitRaw, splitNul } from "./client.js";
import { untrackedRepoFiles } from "./files.js";
import { GitError } from "./errors.js";

/**
 * Repo-relative paths that differ between `ref` and the working tree: committed since, staged, modified,
 * deleted, and untracked files that are not ignored (a new bundle not added yet is a change too).
 */
export async function changedPathsSince(root: string, ref: string): Promise<Set<string>> {
  const sha = await resolveCommit(root, ref);
  const [diff, untracked] = await Promise.all([
    gitRaw(root, ["diff", "--name-only", "-z", "--no-renames", sha]),
    untrackedRepoFiles(root),
  ]);
  return new Set([...splitNul(diff), ...untracked]);
}

async function resolveCommit(root: string, ref: string): Promise<string> {
  const hint = "Pass a branch, tag or commit that exists locally; in GitHub Actions check out with `fetch-depth: 0`.";
  if (/^0{40}$/.test(ref)) {
    throw new GitError(`git ref ${ref} is the all-zero SHA GitHub sends for a new branch: there is no previous commit to compare with`, { hint });
  }
  if (ref === "" || ref.startsWith("-")) throw new GitError(`invalid git ref ${JSON.stringify(ref)}`, { hint });
  const sha = (await gitRaw(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
  if (sha === "") throw new GitError(`unknown git ref ${JSON.stringify(ref)} in ${root}`, { hint });
  return sha;
}
