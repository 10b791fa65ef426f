import { gitRaw } from "./client.js";

/** The URL of the `origin` remote (after `insteadOf` rewrites, as git itself uses it), or null when there is none. */
export async function originUrl(root: string): Promise<string | null> {
  try {
    const url = (await gitRaw(root, ["remote", "get-url", "origin"])).trim();
    return url === "" ? null : url;
  } catch {
    return null;
  }
}
