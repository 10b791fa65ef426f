import { execFile } from "node:child_process";
import { gitEnv } from "./env.js";
import { GitError } from "./errors.js";

/** Output git may write for the commands run here: a repository's file list, and blobs (cat-file). */
const MAX_OUTPUT = 1024 * 1024 * 1024;

/**
 * Runs one git command in `dir` and returns its raw stdout (NUL-separated output stays intact). A command
 * fails when git cannot be run, or exits non-zero with something on stderr; one that exits non-zero in
 * silence (`rev-parse --verify --quiet` of an unknown ref) answers its stdout, and callers that use `--quiet`
 * check the output themselves. Node's child_process directly: a git library cost ~25 ms of every start.
 */
export function gitRaw(dir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd: dir, env: gitEnv(process.env), encoding: "utf-8", maxBuffer: MAX_OUTPUT }, (err, stdout, stderr) => {
      const detail = stderr.trim();
      const failed = err !== null && (typeof err.code !== "number" || detail !== "");
      if (failed) reject(new GitError(`git ${args[0] ?? ""} failed in ${dir}: ${detail || err.message}`, { cause: err }));
      else resolve(stdout);
    });
  });
}

/** Splits `-z` output into its entries. */
export function splitNul(out: string): string[] {
  return out.split("\0").filter((s) => s !== "");
}

/**
 * Runs one git command that reads `input` on stdin and answers bytes (`cat-file --batch`): text would mangle
 * binary blobs.
 */
export function gitBytes(dir: string, args: string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      { cwd: dir, env: gitEnv(process.env), encoding: "buffer", maxBuffer: MAX_OUTPUT },
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
