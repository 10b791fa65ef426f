import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { writePullRequestEvent } from "./event.js";
import { startFakeGitHub } from "./fake-github.js";
import type { FakeGitHub } from "./fake-github.js";
import { runAction } from "./harness.js";
import type { HarnessResult } from "./harness.js";
import { TEST_NODES, nodeBinary, nodeVersionLabel } from "./node24.js";
import { makeSkillsRepo } from "./workspace.js";
import type { SkillsRepo } from "./workspace.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KEY = "sk-e2e-admin-5d2b7c9a1f3e4b60a8c1";
const TOKEN = "ghs_e2eInstallationToken9f8e7d6c5b4a";
const WORKSPACE = "w_e2e";
const BUNDLES = 6; // skills-example
/** Each step spawns bash and Node and runs the CLI: generous, for a loaded CI machine. */
const STEP_TIMEOUT = 120_000;

/**
 * action.yml, run step by step as the runner would, against the real CLI (built dist/), the Dust emulator and a
 * fake GitHub: plan on a PR → sync on the merge push → plan on the PR again, then a fork's PR.
 */
describe.each(TEST_NODES)("the Action end to end under %s", (_label, which) => {
  let node: string;
  let emulator: Emulator;
  let gh: FakeGitHub;
  let repo: SkillsRepo;
  const runs: HarnessResult[] = [];

  beforeAll(async () => {
    node = await nodeBinary(which);
    emulator = await startEmulator({
      seed: { workspaces: [{ id: WORKSPACE, region: "us", keys: [{ key: KEY, role: "admin" }], skills: [] }] },
    });
    gh = await startFakeGitHub({ token: TOKEN });
    repo = makeSkillsRepo();
  }, 240_000);
  afterAll(async () => {
    await emulator.close();
    await gh.close();
    rmSync(repo.dir, { recursive: true, force: true });
    for (const r of runs) rmSync(r.runnerTemp, { recursive: true, force: true });
  });

  const action = async (command: string, event: { name: string; path: string }, extra: Record<string, string> = {}): Promise<HarnessResult> => {
    const result = await runAction({
      actionPath: ROOT,
      workspace: repo.dir,
      with: { command, path: "skills", "api-key": KEY, "workspace-id": WORKSPACE, "base-url": emulator.url, ...extra },
      eventName: event.name,
      eventPath: event.path,
      repository: "acme/skills",
      apiUrl: gh.url,
      githubToken: TOKEN,
      node,
    });
    runs.push(result);
    return result;
  };
  const pullRequest = (fork = false) => ({
    name: "pull_request",
    path: writePullRequestEvent(repo.dir, { baseSha: repo.baseSha, headSha: repo.headSha, fork }),
  });
  const ours = () => gh.comments.filter((c) => c.body.includes(`<!-- dust-skills-plan:${WORKSPACE}:skills -->`));

  it("plans on the pull request: one comment, the summary and the outputs, nothing written to Dust", async () => {
    const r = await action("plan", pullRequest());
    expect(r.exitCode, r.log).toBe(0);
    expect(r.log).toContain(nodeVersionLabel(which));
    expect(r.outputs).toMatchObject({ "has-changes": "true", created: String(BUNDLES), updated: "0", conflicts: "0", archived: "0" });
    expect(JSON.parse(readFileSync(r.outputs["plan-json"]!, "utf8"))).toMatchObject({ version: 1, hasChanges: true });
    expect(r.summary).toContain(`Plan: ${BUNDLES} to create, 0 to update, 0 to archive.`);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain(`Plan: ${BUNDLES} to create`);
    expect(emulator.requests.filter((q) => q.method !== "GET")).toEqual([]);
  }, STEP_TIMEOUT);

  it("syncs on the push to main", async () => {
    const push = join(repo.dir, "..", `push-${which}.json`);
    writeFileSync(push, JSON.stringify({ ref: "refs/heads/main", before: repo.baseSha, after: repo.headSha, repository: { full_name: "acme/skills" } }));
    const r = await action("sync", { name: "push", path: push });
    expect(r.exitCode, r.log).toBe(0);
    expect(r.summary).toContain("### Sync succeeded");
    expect(emulator.requests.filter((q) => q.method === "POST").length).toBeGreaterThan(0);
    expect(ours()).toHaveLength(1);
  }, STEP_TIMEOUT);

  it("plans on the PR again: the same comment is updated in place", async () => {
    const id = ours()[0]!.id;
    // Attachment contents cannot be read back from Dust, so from the PR base the edited bundle still counts as
    // changed (re-uploaded); from the synced commit nothing is left to do, and the comment must say so.
    const r = await action("plan", pullRequest(), { "changed-since": repo.headSha });
    expect(r.exitCode, r.log).toBe(0);
    expect(r.outputs["has-changes"]).toBe("false");
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).toBe(id);
    expect(ours()[0]!.body).toContain("No changes. The workspace matches the repository.");
    expect(gh.requests.filter((q) => q.method === "POST")).toHaveLength(1);
    expect(gh.requests.filter((q) => q.method === "PATCH")).toHaveLength(1);
  }, STEP_TIMEOUT);

  it("on a fork's pull request, falls back to the summary without failing", async () => {
    gh.options.readOnly = true;
    const r = await action("plan", pullRequest(true));
    gh.options.readOnly = false;
    expect(r.exitCode, r.log).toBe(0);
    expect(r.annotations.some((a) => a.command === "warning" && a.message.includes("Resource not accessible by integration"))).toBe(true);
    expect(r.summary).toContain("### Dust skills plan for");
    expect(r.summary).toContain("The PR comment was not posted");
    expect(ours()).toHaveLength(1);
  }, STEP_TIMEOUT);

  it("never printed the key, and masked it before anything else", () => {
    expect(runs).toHaveLength(4);
    for (const r of runs) {
      expect(r.masks[0]).toBe(KEY);
      expect(r.log).not.toContain(KEY);
      expect(r.summary).not.toContain(KEY);
      expect(r.raw.split("\n").filter((l) => l.includes(KEY)).every((l) => l === `::add-mask::${KEY}`)).toBe(true);
    }
    for (const c of gh.comments) expect(c.body).not.toContain(KEY);
  });
});
