import { simpleGit } from "simple-git";
import { gitEnv } from "./env.js";
import { GitError } from "./errors.js";

/**
 * Runs one git command in `dir` and returns its raw stdout (NUL-separated output stays intact).
 * simple-git only fails a command that exits non-zero AND writes to stderr, so callers that use
 * `--quiet` must check the output themselves.
 */
export async function gitRaw(dir: string, args: string[]): Promise<string> {
  try {
    const env = gitEnv(process.env);
    // simple-git refuses GIT_* variables it is not told about; these are the ones gitEnv chose to keep.
    const allowEnvironment = Object.keys(env).filter((name) => name.startsWith("GIT_"));
    return await simpleGit({ baseDir: dir, trimmed: false, allowEnvironment }).env(env).raw(args);
  } catch (err) {
    const detail = err instanceof Error ? err.message.trim() : String(err);
    throw new GitError(`git ${args[0] ?? ""} failed in ${dir}: ${detail}`, { cause: err });
  }
}

/** Splits `-z` output into its entries. */
export function splitNul(out: string): string[] {
  return out.split("\0").filter((s) => s !== "");
}
