import { execFile } from "node:child_process";
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

/**
 * Runs one git command that reads `input` on stdin and answers bytes (`cat-file --batch`): simple-git only
 * hands back text, which would mangle binary blobs.
 */
export function gitBytes(dir: string, args: string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      { cwd: dir, env: gitEnv(process.env), encoding: "buffer", maxBuffer: 1024 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const detail = stderr.toString("utf-8").trim() || err.message;
          reject(new GitError(`git ${args[0] ?? ""} failed in ${dir}: ${detail}`, { cause: err }));
        } else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}
