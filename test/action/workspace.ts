import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface SkillsRepo {
  /** GITHUB_WORKSPACE: a real git repository with the bundles under skills/. */
  dir: string;
  /** The PR's base commit and head commit. */
  baseSha: string;
  headSha: string;
}

/**
 * A checkout like the one actions/checkout leaves: a git repository holding skills-example under skills/, with
 * a base commit and a PR head commit that edits one bundle (and, with `broken`, adds an invalid one).
 */
export function makeSkillsRepo(opts: { broken?: boolean } = {}): SkillsRepo {
  const dir = mkdtempSync(join(tmpdir(), "dust-skills-action-ws-"));
  const git = (...args: string[]): string =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: dir } }).trim();
  git("init", "-q", "-b", "main");
  git("config", "user.email", "ci@example.com");
  git("config", "user.name", "CI");
  git("config", "commit.gpgsign", "false");
  cpSync(join(REPO, "skills-example"), join(dir, "skills"), { recursive: true });
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  const baseSha = git("rev-parse", "HEAD");
  appendFileSync(join(dir, "skills", "release-notes", "SKILL.md"), "\nAlways link the pull request of each change.\n");
  if (opts.broken) {
    mkdirSync(join(dir, "skills", "broken"));
    // No description: Dust refuses the skill.
    writeFileSync(join(dir, "skills", "broken", "SKILL.md"), "---\nname: broken\n---\n\nDo things.\n");
  }
  git("add", "-A");
  git("commit", "-q", "-m", "head");
  return { dir, baseSha, headSha: git("rev-parse", "HEAD") };
}
