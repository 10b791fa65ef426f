import { execFileSync } from "node:child_process";
import { afterEach } from "vitest";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// A git hook or an outer repository must not leak into the temporary repositories.
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" };
  for (const k of Object.keys(env)) if (k.startsWith("GIT_") && !["GIT_CONFIG_NOSYSTEM", "GIT_TERMINAL_PROMPT"].includes(k)) delete env[k];
  return env;
};

export interface TempRepo {
  dir: string;
  git: (...args: string[]) => string;
  write: (files: Record<string, string | Uint8Array>) => void;
  commit: (message: string, when?: number) => void;
  cleanup: () => void;
}

/** A real git repository in os.tmpdir() with a local identity; `init: false` gives a plain folder. */
export function tempRepo(options: { init?: boolean } = {}): TempRepo {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "dust-skills-test-")));
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: dir, env: cleanEnv(), encoding: "utf-8" });
  if (options.init !== false) {
    git("init", "-q", "-b", "main");
    git("config", "user.name", "Test");
    git("config", "user.email", "test@example.invalid");
    git("config", "commit.gpgsign", "false");
  }
  return {
    dir,
    git,
    write: (files) => {
      for (const [rel, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), content);
      }
    },
    commit: (message, when) => {
      const date = when === undefined ? undefined : `@${Math.floor(when / 1000)} +0000`;
      execFileSync("git", ["commit", "-q", "--allow-empty", "-m", message], {
        cwd: dir,
        env: { ...cleanEnv(), ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
      });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A factory for temporary repositories that are all removed after each test of the calling file. */
export function tempRepos(): (init?: boolean) => TempRepo {
  const made: TempRepo[] = [];
  afterEach(() => {
    for (const r of made.splice(0)) r.cleanup();
  });
  return (init = true) => {
    const r = tempRepo({ init });
    made.push(r);
    return r;
  };
}
