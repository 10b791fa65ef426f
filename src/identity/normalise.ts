import { publicUrl } from "../git/repo.js";
import { repositoryProblem } from "../model/ownership-record.js";

/**
 * Repository identity: `host/owner/name`, lower case (GitHub and GitLab match owners and names without regard
 * to case, and a clone URL may be typed in any case), no scheme, port, credentials or `.git`. The https and ssh
 * remotes of one repository give the same id, and so does GitHub Actions' GITHUB_SERVER_URL + GITHUB_REPOSITORY,
 * so a local run and CI agree on what this repository owns.
 */
export type IdentityReading = { id: string } | { problem: string };

/** A remote URL (https, ssh, scp-like `git@host:o/r.git`, git://) or a bare `host/owner/name`. */
export function normaliseRepository(input: string): IdentityReading {
  const raw = input.trim();
  if (raw === "") return { problem: "it is empty" };
  const url = publicUrl(raw);
  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || /^[^/@:]+@[^/:]+:/.test(raw);
  if (looksLikeUrl && url === null) return { problem: "it is not a network URL of a repository (a local path or file:// remote names no host)" };
  const bare = (url === null ? raw : url.slice("https://".length)).replace(/\/+$/, "").replace(/\.git$/i, "");
  const id = bare.toLowerCase();
  const problem = repositoryProblem(id);
  return problem === null ? { id } : { problem };
}

/** GitHub Actions' view of the repository; null outside Actions. */
export function githubActionsRepository(env: NodeJS.ProcessEnv): string | null {
  const repo = env["GITHUB_REPOSITORY"]?.trim();
  if (!repo) return null;
  const server = env["GITHUB_SERVER_URL"]?.trim() || "https://github.com";
  const reading = normaliseRepository(`${server.replace(/\/+$/, "")}/${repo}`);
  return "id" in reading ? reading.id : null;
}
