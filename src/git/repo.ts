import { gitRaw } from "./client.js";

/** The top folder of the work tree holding `cwd`, or null outside git (or when git is not installed). */
export async function gitTopLevel(cwd: string): Promise<string | null> {
  try {
    const top = (await gitRaw(cwd, ["rev-parse", "--show-toplevel"])).trim();
    return top === "" ? null : top;
  } catch {
    return null;
  }
}

/**
 * A browsable https URL of the `origin` remote (or the first remote), never carrying credentials:
 * `git@github.com:o/r.git` and `https://user:token@github.com/o/r.git` both give `https://github.com/o/r`.
 * Null when there is no remote or it is not a network URL.
 */
export async function repoUrl(root: string): Promise<string | null> {
  const remotes = (await gitRaw(root, ["remote"])).split("\n").map((r) => r.trim()).filter(Boolean);
  const remote = remotes.includes("origin") ? "origin" : remotes[0];
  if (remote === undefined) return null;
  const url = (await gitRaw(root, ["remote", "get-url", remote])).trim();
  return publicUrl(url);
}

export function publicUrl(url: string): string | null {
  const scp = /^[^/@:]+@([^/:]+):(?!\/)(.+)$/.exec(url);
  if (scp) return `https://${scp[1]}/${stripGit(scp[2] ?? "")}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!["http:", "https:", "ssh:", "git:"].includes(parsed.protocol)) return null;
  const path = stripGit(parsed.pathname.replace(/^\/+/, ""));
  return path === "" ? null : `https://${parsed.hostname}/${path}`;
}

function stripGit(path: string): string {
  return path.replace(/\/+$/, "").replace(/\.git$/, "");
}
