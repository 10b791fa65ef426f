import { ConfigError } from "../errors.js";
import { originUrl } from "../git/remote.js";
import { githubActionsRepository, normaliseRepository } from "./normalise.js";

export interface RepositoryIdentity {
  /** e.g. `github.com/acme/skills`. */
  id: string;
  /** Where it came from, for messages: `--repository`, the config file, `git remote origin`, `GitHub Actions`. */
  source: string;
}

export interface IdentitySources {
  /** --repository. */
  flag?: string | undefined;
  /** `repository:` of the config file, with the file's path for messages. */
  config?: { value: string; file: string } | undefined;
  /** The git top level the bundles were read from; null outside git. */
  gitRoot: string | null;
  env: NodeJS.ProcessEnv;
}

/**
 * Which repository this run speaks for: --repository, else the config file's `repository:`, else the git
 * `origin` remote, else GitHub Actions' GITHUB_SERVER_URL + GITHUB_REPOSITORY. A value the user wrote that
 * cannot be an identity is an error; a remote that names no host (a local path) is passed over.
 */
export async function resolveRepository(sources: IdentitySources): Promise<RepositoryIdentity | null> {
  const given: [string | undefined, string][] = [
    [sources.flag, "--repository"],
    [sources.config?.value, `repository: in ${sources.config?.file ?? "the config file"}`],
  ];
  for (const [value, source] of given) {
    if (value === undefined) continue;
    const reading = normaliseRepository(value);
    if ("problem" in reading) {
      throw new ConfigError(`${source} "${value}" is not a repository identity: ${reading.problem}.`, {
        hint: "Write it as host/owner/name, e.g. github.com/acme/skills (an https or ssh clone URL works too).",
      });
    }
    return { id: reading.id, source };
  }
  if (sources.gitRoot !== null) {
    const url = await originUrl(sources.gitRoot);
    const reading = url === null ? null : normaliseRepository(url);
    if (reading !== null && "id" in reading) return { id: reading.id, source: "git remote origin" };
  }
  const actions = githubActionsRepository(sources.env);
  return actions === null ? null : { id: actions, source: "GitHub Actions (GITHUB_REPOSITORY)" };
}

/** The error of a command that would write to Dust (or pack what it would write) without knowing its repository. */
export function missingRepositoryError(): ConfigError {
  return new ConfigError(
    "No repository identity: dust-skills records in Dust which repository owns each skill it writes, and found none (no --repository, no `repository:` in the config file, no git remote origin, not in GitHub Actions).",
    {
      hint: "Pass --repository github.com/<owner>/<name>, or add `repository: github.com/<owner>/<name>` to dust-skills.yml, or run inside a clone with an origin remote.",
    },
  );
}
