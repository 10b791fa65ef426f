import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "pull_request.synchronize.json");

/**
 * Writes a pull_request webhook payload (the shape GitHub sends, from fixtures/) with this test's commits.
 * `fork`: the head branch lives in another repository, as on a contributor's PR.
 */
export function writePullRequestEvent(dir: string, opts: { baseSha: string; headSha: string; fork?: boolean }): string {
  const payload = JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, unknown> & {
    pull_request: { head: { repo: unknown } };
    repository: Record<string, unknown>;
  };
  const headRepo = opts.fork
    ? { ...payload.repository, id: 881234567, full_name: "octocat/skills", name: "skills", fork: true, owner: { login: "octocat", id: 583231, type: "User" } }
    : payload.repository;
  payload.pull_request.head.repo = headRepo;
  const text = JSON.stringify(payload, null, 2)
    .replaceAll("__BASE_SHA__", opts.baseSha)
    .replaceAll("__HEAD_SHA__", opts.headSha)
    .replaceAll("__HEAD_BEFORE_SHA__", opts.baseSha)
    .replaceAll("__HEAD_OWNER__", opts.fork ? "octocat" : "acme");
  const path = join(dir, "event.json");
  writeFileSync(path, text);
  return path;
}
