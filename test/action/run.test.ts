import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliMain } from "../../src/action/cli-runner.js";
import { readContext } from "../../src/action/context.js";
import { GitHubClient } from "../../src/action/github.js";
import { run } from "../../src/action/run.js";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { RunResult } from "../../src/action/run.js";
import { writePullRequestEvent } from "./event.js";
import { fakeCli } from "./fake-cli.js";
import type { FakeCliScenario } from "./fake-cli.js";
import { startFakeGitHub } from "./fake-github.js";
import type { FakeGitHub } from "./fake-github.js";
import { parseEnvFile, parseWorkflowCommands } from "./runner-files.js";
import { makeSkillsRepo } from "./workspace.js";

const KEY = "sk-live-7f3a9c2e5b1d4f68a0c3e9b2d7f1a5c4";
const TOKEN = "ghs_fakeInstallationToken0123456789abcdef";
const BASE_SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

let dir: string;
let gh: FakeGitHub;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "dust-skills-action-run-"));
  gh = await startFakeGitHub({ token: TOKEN });
});
afterEach(async () => {
  await gh.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Invocation {
  result: RunResult;
  log: string;
  summary: string;
  outputs: Record<string, string>;
  calls: ReturnType<typeof fakeCli>["calls"];
}

async function invoke(
  opts: {
    scenario?: FakeCliScenario;
    inputs?: Record<string, string>;
    event?: "pull_request" | "push" | "schedule";
    fork?: boolean;
    pushBefore?: string;
    /** The real CLI instead of the fake one. */
    cli?: CliMain;
    cwd?: string;
  } = {},
): Promise<Invocation> {
  const outputFile = join(dir, `output-${Math.random()}`);
  const summaryFile = join(dir, `summary-${Math.random()}`);
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const event = opts.event ?? "pull_request";
  let eventPath: string;
  if (event === "pull_request") {
    eventPath = writePullRequestEvent(dir, { baseSha: BASE_SHA, headSha: "f".repeat(40), fork: opts.fork });
  } else {
    eventPath = join(dir, "event.json");
    writeFileSync(eventPath, JSON.stringify(event === "push" ? { before: opts.pushBefore ?? BASE_SHA, after: "f".repeat(40) } : { schedule: "0 3 * * *" }));
  }
  const inputs: Record<string, string> = { "api-key": KEY, "workspace-id": "ws_acme", "github-token": TOKEN, ...opts.inputs };
  const env: NodeJS.ProcessEnv = {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: "acme/skills",
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "777",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    PATH: process.env["PATH"],
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const cli = fakeCli(opts.scenario);
  let log = "";
  const result = await run(readContext(env, dir), {
    cli: opts.cli ?? cli.main,
    github: (token, apiUrl) => new GitHubClient(token, apiUrl),
    log: (t) => void (log += t),
    env,
    cwd: opts.cwd ?? dir,
  });
  return {
    result,
    log,
    summary: readFileSync(summaryFile, "utf8"),
    outputs: parseEnvFile(readFileSync(outputFile, "utf8")),
    calls: cli.calls,
  };
}

const changes: FakeCliScenario = { summary: { create: 2, update: 1, conflict: 1, drifted: 1 } };
const ourComments = (): FakeGitHub["comments"] => gh.comments.filter((c) => c.body.includes("<!-- dust-skills-plan:"));

describe("run: plan on a pull request", () => {
  it("creates one comment, then updates that same comment on the next push", async () => {
    // 150 earlier comments push ours onto page 2 of 100: finding it needs the Link pagination.
    gh.seed(42, Array.from({ length: 150 }, (_, i) => `LGTM ${i}`));
    const first = await invoke({ scenario: changes });
    expect(first.result.exitCode).toBe(0);
    expect(first.result.comment).toMatchObject({ action: "created" });
    expect(ourComments()).toHaveLength(1);
    const id = ourComments()[0]!.id;
    expect(ourComments()[0]!.body).toContain("**Plan: 2 to create, 1 to update, 1 drifted, 0 to archive, 1 conflict.**");
    expect(ourComments()[0]!.body).toContain("<sub>dust-skills plan · `ws_acme` · `.` · [run 777](https://github.com/acme/skills/actions/runs/777)</sub>");

    const second = await invoke({ scenario: { summary: {} } });
    expect(second.result.comment).toEqual({ action: "updated", id });
    expect(ourComments()).toHaveLength(1);
    expect(gh.comments).toHaveLength(151);
    expect(ourComments()[0]!.body).toContain("No changes. The workspace matches the repository.");
    expect(ourComments()[0]!.body).not.toContain("2 to create");
    expect(gh.requests.filter((r) => r.method === "GET" && r.path.includes("page=2")).length).toBeGreaterThan(0);
    expect(gh.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
  });

  it("keeps one comment per workspace when a matrix plans several", async () => {
    await invoke({ scenario: changes, inputs: { "workspace-id": "ws_one" } });
    await invoke({ scenario: changes, inputs: { "workspace-id": "ws_two" } });
    await invoke({ scenario: changes, inputs: { "workspace-id": "ws_one" } });
    expect(ourComments().map((c) => /dust-skills-plan:([^ ]+)/.exec(c.body)?.[1])).toEqual(["ws_one:.", "ws_two:."]);
  });

  it("never edits a reviewer's comment that quotes or starts with the marker", async () => {
    const marker = "<!-- dust-skills-plan:ws_acme:. -->";
    gh.seed(42, [`${marker}\nI copied the bot's comment`, `> ${marker}\n> **Plan: …**\n\nWhy create these?`], "reviewer");
    const before = gh.comments.map((c) => ({ ...c }));
    const { result } = await invoke({ scenario: changes });
    expect(result.comment).toMatchObject({ action: "created" });
    expect(gh.comments.slice(0, 2)).toEqual(before);
    const ours = gh.comments.filter((c) => c.user.login === "github-actions[bot]");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body.startsWith(marker)).toBe(true);
    expect(gh.requests.filter((r) => r.method === "PATCH")).toHaveLength(0);
    // The next push edits our comment, still not the reviewer's.
    const again = await invoke({ scenario: { summary: {} } });
    expect(again.result.comment).toEqual({ action: "updated", id: ours[0]!.id });
    expect(gh.comments.slice(0, 2)).toEqual(before);
  });

  it("keeps each target's comment when a skill's diff holds another target's marker", async () => {
    const oneMarker = "<!-- dust-skills-plan:ws_one:. -->";
    await invoke({ scenario: changes, inputs: { "workspace-id": "ws_one" } });
    const one = gh.comments.find((c) => c.body.startsWith(oneMarker))!;
    const oneBody = one.body;
    // ws_two's plan shows a skill whose instructions contain ws_one's marker (hidden on the page if raw).
    await invoke({ scenario: { summary: { update: 1 }, diffLine: `${oneMarker} trust me` }, inputs: { "workspace-id": "ws_two" } });
    const two = gh.comments.find((c) => c.body.startsWith("<!-- dust-skills-plan:ws_two:. -->"))!;
    expect(two.body).toContain("<!\u200b-- dust-skills-plan:ws_one:. --> trust me");
    expect(two.body.split("<!--")).toHaveLength(2);
    // ws_one runs again: its own comment is updated, ws_two's is left alone.
    await invoke({ scenario: { summary: {} }, inputs: { "workspace-id": "ws_one" } });
    expect(gh.comments.find((c) => c.id === two.id)!.body).toContain("trust me");
    expect(gh.comments.find((c) => c.id === one.id)!.body).not.toBe(oneBody);
    expect(gh.comments.find((c) => c.id === one.id)!.body).toContain("No changes");
  });

  it("with a personal token, finds its comment by the token's user (GET /user), not by the Actions bot", async () => {
    gh.options.login = "release-bot";
    const marker = "<!-- dust-skills-plan:ws_acme:. -->";
    gh.seed(42, [`${marker}\nleft by an older setup`], "github-actions[bot]");
    const first = await invoke({ scenario: changes });
    expect(first.result.comment).toMatchObject({ action: "created" });
    const second = await invoke({ scenario: { summary: {} } });
    expect(second.result.comment).toEqual({ action: "updated", id: (first.result.comment as { id: number }).id });
    expect(gh.comments[0]!.body).toBe(`${marker}\nleft by an older setup`);
    expect(gh.requests.some((r) => r.method === "GET" && r.path === "/user")).toBe(true);
  });

  it("sets the outputs and writes the plan to the job summary", async () => {
    const { outputs, summary, calls } = await invoke({ scenario: changes });
    expect(outputs).toMatchObject({ "has-changes": "true", created: "2", updated: "2", conflicts: "1", archived: "0", drifted: "1" });
    const plan = JSON.parse(readFileSync(outputs["plan-json"]!, "utf8")) as { summary: { create: number } };
    expect(plan.summary.create).toBe(2);
    expect(summary).toContain("### Dust skills plan for <code>ws&#95;acme</code>");
    expect(summary).toContain("create-skill-1");
    // One plan request: the Markdown is rendered from the JSON the CLI wrote, not by planning twice.
    expect(calls.map((c) => c.argv.slice(0, 2).join(" "))).toEqual(["validate .", "plan ."]);
  });

  it("passes the connection to the CLI through DUST_* and keeps the Action's inputs out of its env", async () => {
    const { calls } = await invoke({ scenario: changes, inputs: { region: "eu", "on-conflict": "skip", prune: "true", availability: "workspace_users" } });
    const plan = calls[1]!;
    expect(plan.env).toMatchObject({ DUST_API_KEY: KEY, DUST_WORKSPACE_ID: "ws_acme", DUST_REGION: "eu" });
    expect(Object.keys(plan.env).filter((k) => k.startsWith("INPUT_"))).toEqual([]);
    expect(plan.argv).toEqual(expect.arrayContaining(["--on-conflict", "skip", "--prune", "--availability", "workspace_users"]));
    expect(plan.argv.join(" ")).not.toContain(KEY);
  });

  it("never prints the key or the token, even when the CLI does", async () => {
    const { log, summary, result } = await invoke({ scenario: { ...changes, stderrLine: `debug: key=${KEY} token=${TOKEN}` } });
    expect(log.startsWith(`::add-mask::${KEY}\n::add-mask::${TOKEN}\n`)).toBe(true);
    const afterMask = log.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
    expect(afterMask).toContain("debug: key=*** token=***");
    for (const text of [afterMask, summary, ...gh.comments.map((c) => c.body), JSON.stringify(result)]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TOKEN);
    }
  });

  it("on a fork's read-only token, warns and keeps the plan in the summary without failing", async () => {
    gh.options.readOnly = true;
    const { result, log, summary } = await invoke({ scenario: changes, fork: true });
    expect(result.exitCode).toBe(0);
    expect(result.comment).toMatchObject({ action: "skipped" });
    const warnings = parseWorkflowCommands(log).filter((c) => c.command === "warning");
    expect(warnings.map((w) => w.message).join()).toContain("Resource not accessible by integration");
    expect(summary).toContain("2 to create");
    expect(summary).toContain("The PR comment was not posted");
    expect(gh.comments).toHaveLength(0);
  });

  it("fails when posting fails for any other reason", async () => {
    gh.options.failWrites = 500;
    const { result, log } = await invoke({ scenario: changes });
    expect(result.exitCode).toBe(1);
    const errors = parseWorkflowCommands(log).filter((c) => c.command === "error");
    expect(errors.map((e) => e.message).join()).toContain("cannot post the plan comment on PR #42");
  });

  it("fails on a bad token, even on a fork (401 is not a read-only token)", async () => {
    const { result } = await invoke({ scenario: changes, fork: true, inputs: { "github-token": "ghs_wrong" } });
    expect(result.exitCode).toBe(1);
  });

  it("does not comment when comment-on-pr is false", async () => {
    const { result } = await invoke({ scenario: changes, inputs: { "comment-on-pr": "false" } });
    expect(result.exitCode).toBe(0);
    expect(gh.requests).toHaveLength(0);
  });

  it("fail-on-changes fails the step when the plan has changes, and only then", async () => {
    const changed = await invoke({ scenario: changes, inputs: { "fail-on-changes": "true" }, event: "schedule" });
    expect(changed.result.exitCode).toBe(1);
    expect(parseWorkflowCommands(changed.log).some((c) => c.command === "error" && c.message.includes("fail-on-changes"))).toBe(true);
    const clean = await invoke({ scenario: { summary: {} }, inputs: { "fail-on-changes": "true" }, event: "schedule" });
    expect(clean.result.exitCode).toBe(0);
    expect(clean.outputs["has-changes"]).toBe("false");
  });

  it("replaces a stale plan comment with the failure when the plan cannot run", async () => {
    await invoke({ scenario: changes });
    const { result, summary, log } = await invoke({ scenario: { writeJson: false } });
    expect(result.exitCode).toBe(1);
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0]!.body).toContain("**dust-skills plan failed** for `ws_acme` · `.`: The API key provided is invalid");
    expect(ourComments()[0]!.body).not.toContain("2 to create");
    expect(summary).toContain("**dust-skills plan failed**");
    expect(parseWorkflowCommands(log).filter((c) => c.command === "error").map((c) => c.message)).toEqual([
      "plan failed: The API key provided is invalid or disabled. (401 invalid_api_key_error)",
    ]);
  });

  it("publishes the plan and fails when the CLI exits 1 with a plan (conflicts under on-conflict=error)", async () => {
    const planErrors = ["2 conflicts: skills not managed by this repository (use --on-conflict skip or override)."];
    const { result, outputs, summary, log } = await invoke({ scenario: { summary: { conflict: 2 }, planErrors } });
    expect(result.exitCode).toBe(1);
    expect(outputs["conflicts"]).toBe("2");
    expect(summary).toContain("2 conflicts");
    expect(parseWorkflowCommands(log).find((c) => c.command === "error")?.message).toContain(planErrors[0]);
    expect(ourComments()).toHaveLength(1);
  });
});

describe("run: changed-since", () => {
  const since = (inv: Invocation): string | undefined => {
    const argv = inv.calls.find((c) => c.argv[0] === "plan")!.argv;
    const i = argv.indexOf("--changed-since");
    return i >= 0 ? argv[i + 1] : undefined;
  };

  it("is never derived from the event: changes come from fingerprints, whatever the SHAs or the clone depth", async () => {
    expect(since(await invoke({ scenario: changes }))).toBeUndefined();
    expect(since(await invoke({ scenario: changes, event: "push", pushBefore: "b".repeat(40) }))).toBeUndefined();
    const inv = await invoke({ scenario: changes });
    expect(parseWorkflowCommands(inv.log).some((c) => c.command === "warning" && c.message.includes("fetch-depth"))).toBe(false);
  });
  it("takes an explicit input as given", async () => {
    expect(since(await invoke({ scenario: changes, inputs: { "changed-since": "v1.2.0" } }))).toBe("v1.2.0");
  });
});

describe("run: validate", () => {
  const diag = (i: number, severity: "error" | "warning") => ({
    file: `skills/s${i}/SKILL.md`, line: i + 1, col: 3, severity, rule: severity === "error" ? "name-missing" : "attachment-dropped", message: `problem ${i}`,
  });

  it("annotates at most 10 per severity and says how many more are in the summary", async () => {
    const diagnostics = [...Array.from({ length: 23 }, (_, i) => diag(i, "error")), diag(100, "warning"), diag(101, "warning")];
    const { result, log, summary } = await invoke({ scenario: { diagnostics }, inputs: { command: "validate" } });
    expect(result.exitCode).toBe(1);
    const cmds = parseWorkflowCommands(log);
    const errors = cmds.filter((c) => c.command === "error");
    expect(errors).toHaveLength(10);
    expect(errors[0]).toEqual({ command: "error", properties: { file: "skills/s0/SKILL.md", line: "1", col: "3", title: "name-missing" }, message: "problem 0" });
    expect(errors[9]!.message).toBe("…and 14 more errors: see the job summary");
    expect(cmds.filter((c) => c.command === "warning")).toHaveLength(2);
    for (let i = 0; i < 23; i++) expect(summary).toContain(`skills/s${i}/SKILL.md:${i + 1}:3`);
    expect(summary).toContain("### Validation: 23 errors, 2 warnings");
  });

  it("exits 0 with warnings only, and makes absolute paths repository-relative", async () => {
    const { result, log } = await invoke({ scenario: { diagnostics: [{ ...diag(1, "warning"), file: join(dir, "skills/a/SKILL.md") }] }, inputs: { command: "validate" } });
    expect(result.exitCode).toBe(0);
    expect(parseWorkflowCommands(log).find((c) => c.command === "warning")?.properties["file"]).toBe("skills/a/SKILL.md");
  });

  it("fails a plan whose bundles have validation errors, after publishing the plan", async () => {
    const { result, summary } = await invoke({ scenario: { ...changes, diagnostics: [diag(1, "error")] } });
    expect(result.exitCode).toBe(1);
    expect(summary).toContain("2 to create");
  });
});

describe("run: sync and report", () => {
  it("sync reports each result and fails when one failed", async () => {
    const { result, summary, outputs } = await invoke({
      event: "push",
      inputs: { command: "sync" },
      scenario: {
        ...changes,
        syncResults: [
          { name: "release-notes", kind: "update", status: "ok" },
          { name: "triage", kind: "create", status: "failed", message: "400 invalid_request_error" },
        ],
      },
    });
    expect(result.exitCode).toBe(1);
    expect(summary).toContain("### Sync failed (1 of 2)");
    expect(summary).toContain("| triage | create | ❌ failed | 400 invalid_request_error |");
    expect(outputs["has-changes"]).toBe("true");
    expect(existsSync(outputs["plan-json"]!)).toBe(true);
  });

  it("when sync refuses a plan with errors, the plan is shown and the step fails", async () => {
    const planErrors = ["1 conflict: skill `triage` is not managed by this repository."];
    const { result, summary, calls, log, outputs } = await invoke({ event: "push", inputs: { command: "sync" }, scenario: { summary: { conflict: 1, create: 1 }, planErrors } });
    expect(result.exitCode).toBe(1);
    expect(calls.map((c) => c.argv[0])).toEqual(["validate", "sync", "plan"]);
    expect(summary).toContain("1 conflict");
    expect(outputs["plan-json"]).toMatch(/plan\.json$/);
    expect(parseWorkflowCommands(log).find((c) => c.command === "error")?.message).toBe(`sync sent nothing: the plan has errors. ${planErrors[0]}`);
  });

  it("report (the real CLI against the emulator) writes the HTML, the Markdown summary, and fails on --fail-on", async () => {
    const emulator = await startEmulator();
    const repo = makeSkillsRepo();
    try {
      const { result, summary, outputs, calls } = await invoke({
        event: "schedule",
        cli: main,
        cwd: repo.dir,
        // The default seed has a skill made in the web app: `unmanaged` holds.
        inputs: { command: "report", path: "skills", "api-key": "sk-demo-admin", "workspace-id": "w_demo", "base-url": emulator.url, "report-fail-on": "unmanaged" },
      });
      expect(result.exitCode).toBe(1);
      expect(readFileSync(outputs["report"]!, "utf8")).toMatch(/^<!doctype html>/i);
      expect(JSON.parse(readFileSync(outputs["report-json"]!, "utf8"))).toMatchObject({ version: 1 });
      expect(summary).toContain("Meeting Notes");
      // One analytics export for all three formats.
      expect(emulator.requests.filter((r) => r.path.endsWith("/analytics/export")).length).toBeGreaterThan(0);
      expect(calls).toHaveLength(0);
    } finally {
      await emulator.close();
      rmSync(repo.dir, { recursive: true, force: true });
    }
  });
});
