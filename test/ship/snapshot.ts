import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** git with no inherited GIT_DIR/GIT_INDEX_FILE (a test run from a hook must not touch the outer repository). */
export function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_DIR: undefined, GIT_INDEX_FILE: undefined, GIT_WORK_TREE: undefined };
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    env,
    encoding: "utf8",
  });
}

/**
 * A one-commit git repository holding this checkout as it would be committed: every tracked or new file that
 * .gitignore does not exclude, with its content in the work tree. On CI's clean clone that is exactly HEAD;
 * during development it includes uncommitted edits, so the packaging tests check what is about to land.
 */
export function snapshotRepo(): { dir: string; sha: string } {
  const dir = mkdtempSync(join(tmpdir(), "dust-skills-snapshot-"));
  const files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0").filter(Boolean);
  for (const file of files) {
    let stat;
    try {
      stat = lstatSync(join(ROOT, file));
    } catch {
      continue; // deleted in the work tree, not yet in the index
    }
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(join(ROOT, file)), join(dir, file));
    else copyFileSync(join(ROOT, file), join(dir, file));
  }
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "snapshot");
  return { dir, sha: git(dir, "rev-parse", "HEAD").trim() };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a user's shell: no DUST_* from this machine, no npm_* or GIT_* from the test run. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(DUST_|npm_|INIT_CWD|GIT_)/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export function run(cmd: string, args: string[], cwd: string, env = userEnv(), timeout = 180_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
