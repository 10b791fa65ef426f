import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { pullRequestRef } from "../../src/action/context.js";
import type { ActionContext } from "../../src/action/context.js";
import { GitHubApiError, GitHubClient, nextPage } from "../../src/action/github.js";
import { readInputs } from "../../src/action/inputs.js";
import { outcomeMarkdown } from "../../src/render/outcomes.js";
import { outcomeOutputs, parseCliJson } from "../../src/action/plan-result.js";
import { commentMarker } from "../../src/action/sticky-comment.js";
import { annotation } from "../../src/lib/workflow-commands.js";
import { formatOutputs, truncateUtf8 } from "../../src/action/workflow-commands.js";
import { fakePlan } from "./fake-cli.js";
import { startFakeGitHub } from "./fake-github.js";
import { parseEnvFile, parseWorkflowCommands } from "./runner-files.js";

describe("workflow commands", () => {
  it("escapes a message so a newline or %0A in it cannot start another command", () => {
    const line = annotation("error", "bad\n::add-mask::x %0A", { file: "a,b:c.md", line: 3, col: 0, title: "r" });
    expect(line).toBe("::error file=a%2Cb%3Ac.md,line=3,title=r::bad%0A::add-mask::x %250A\n");
    expect(parseWorkflowCommands(line)).toEqual([
      { command: "error", properties: { file: "a,b:c.md", line: "3", title: "r" }, message: "bad\n::add-mask::x %0A" },
    ]);
  });

  it("writes multi-line outputs the runner reads back exactly, and refuses a value holding the delimiter", () => {
    const text = formatOutputs({ "plan-json": "/tmp/p.json", note: "a\nb=c\n" }, "DELIM");
    expect(parseEnvFile(text)).toEqual({ "plan-json": "/tmp/p.json", note: "a\nb=c\n" });
    expect(() => formatOutputs({ x: "DELIM" }, "DELIM")).toThrow(/delimiter/);
    expect(formatOutputs({ a: "1" })).toMatch(/^a<<ghadelimiter_[0-9a-f-]{36}\n1\nghadelimiter_[0-9a-f-]{36}\n$/);
  });

  it("cuts text to a byte limit without splitting a character, and says so", () => {
    const cut = truncateUtf8("é".repeat(100), 60, "[cut]");
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(60);
    expect(cut).toMatch(/^é+\[cut\]$/);
    expect(truncateUtf8("short", 60)).toBe("short");
  });
});

describe("inputs", () => {
  it("reads INPUT_* with defaults and the YAML boolean spellings", () => {
    // Named as the runner names them for a JavaScript action: dashes kept.
    const inputs = readInputs({ "INPUT_API-KEY": " sk-x ", INPUT_PRUNE: "True", "INPUT_COMMENT-ON-PR": "FALSE", INPUT_PATH: "" });
    expect(inputs).toMatchObject({ apiKey: " sk-x ", command: "plan", path: ".", prune: true, commentOnPr: false, failOnChanges: false });
  });
  it("refuses an unknown command, conflict policy or boolean with the accepted values", () => {
    expect(() => readInputs({ INPUT_COMMAND: "apply" })).toThrow('input command: "apply" is not one of validate, plan, sync, report');
    expect(() => readInputs({ "INPUT_ON-CONFLICT": "merge" })).toThrow(/on-conflict/);
    expect(() => readInputs({ INPUT_PRUNE: "yes" })).toThrow(/input prune: "yes" is not a boolean/);
  });
});

describe("event context", () => {
  const ctx = (eventName: string, payload: ActionContext["payload"]): ActionContext =>
    ({ eventName, payload, repository: "acme/skills" }) as ActionContext;

  it("detects a fork PR by its head repository, including a deleted fork", () => {
    const pr = (head: unknown) => ctx("pull_request", { pull_request: { number: 7, base: { sha: "b", repo: { full_name: "acme/skills" } }, head: { repo: head as null } } });
    expect(pullRequestRef(pr({ full_name: "acme/skills" }))).toEqual({ owner: "acme", repo: "skills", number: 7, fromFork: false });
    expect(pullRequestRef(pr({ full_name: "octocat/skills" }))?.fromFork).toBe(true);
    expect(pullRequestRef(pr(null))?.fromFork).toBe(true);
    expect(pullRequestRef(ctx("push", { before: "x" }))).toBeUndefined();
  });

  it("keeps the marker a valid HTML comment whatever the target is called", () => {
    expect(commentMarker("ws--x>y:skills")).toBe("<!-- dust-skills-plan:ws-xy:skills -->");
  });
});

describe("GitHubClient", () => {
  it("reads a Link header's next page whatever the order of its parts", () => {
    expect(nextPage('<https://x/a?page=1>; rel="prev", <https://x/a?page=3>; rel="next", <https://x/a?page=9>; rel="last"')).toBe("https://x/a?page=3");
    expect(nextPage('<https://x/a?page=1>; rel="first"')).toBeUndefined();
    expect(nextPage("")).toBeUndefined();
  });

  it("lists every page of comments", async () => {
    const gh = await startFakeGitHub({ token: "t" });
    try {
      gh.seed(5, Array.from({ length: 250 }, (_, i) => `c${i}`));
      gh.seed(6, ["other issue"]);
      const list = await new GitHubClient("t", `${gh.url}/`).listIssueComments("acme", "skills", 5);
      expect(list.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
      expect(gh.requests.map((r) => r.path)).toEqual([1, 2, 3].map((p) => `/repos/acme/skills/issues/5/comments?per_page=100&page=${p}`));
      expect(gh.requests.every((r) => r.authorization === "Bearer t")).toBe(true);
    } finally {
      await gh.close();
    }
  });

  it("reports GitHub's status and message, never the token", async () => {
    const gh = await startFakeGitHub({ token: "right", readOnly: true });
    try {
      const err = await new GitHubClient("right", gh.url).createComment("acme", "skills", 1, "x").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
      expect((err as GitHubApiError).status).toBe(403);
      expect((err as GitHubApiError).message).toBe(`GitHub API POST ${gh.url}/repos/acme/skills/issues/1/comments answered 403: Resource not accessible by integration`);
      const bad = await new GitHubClient("ghs_secret", gh.url).listIssueComments("acme", "skills", 1).catch((e: unknown) => e);
      expect((bad as GitHubApiError).status).toBe(401);
      expect(String((bad as Error).message)).not.toContain("ghs_secret");
    } finally {
      await gh.close();
    }
  });

  it("refuses to follow a pagination link to another host, so the token stays home", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", link: '<http://127.0.0.2:1/steal?page=2>; rel="next"' });
      res.end("[]");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(new GitHubClient("t", url).listIssueComments("a", "b", 1)).rejects.toThrow(/another host/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("the CLI's plan/sync JSON", () => {
  it("reads one plan, one sync result, several targets, and sync's null", () => {
    const plan = fakePlan({ create: 1, drifted: 2, takeover: 1 });
    expect(parseCliJson(JSON.stringify(plan), "p.json")).toEqual([{ name: "default", plan, sync: null, error: null }]);
    const sync = { version: 1, plan, results: [], uploads: [], bytesUploaded: 0, ok: true };
    expect(parseCliJson(JSON.stringify(sync), "s.json")[0]?.sync).toEqual(sync);
    expect(parseCliJson("null\n", "s.json")).toEqual([]);
    const many = { version: 1, targets: [{ name: "eu", workspaceId: "w1", plan, error: null }, { name: "us", workspaceId: "w2", plan: null, error: "401 invalid key" }] };
    const outcomes = parseCliJson(JSON.stringify(many), "m.json");
    expect(outcomes.map((o) => [o.name, o.error])).toEqual([["eu", null], ["us", "401 invalid key"]]);
    expect(outcomeOutputs(outcomes)).toEqual({ "has-changes": "true", created: "1", updated: "3", conflicts: "0", archived: "0", drifted: "2" });
    expect(outcomeMarkdown(outcomes)).toMatch(/## Target `eu`[\s\S]*Plan: 1 to create[\s\S]*## Target `us`\n\n\*\*Error:\*\* 401 invalid key/);
  });

  it("refuses JSON that is not a dust-skills plan instead of rendering garbage", () => {
    expect(() => parseCliJson('{"version":2}', "p.json")).toThrow("p.json is not a version-1 dust-skills plan");
    expect(() => parseCliJson("{", "p.json")).toThrow(/p.json is not valid JSON/);
  });
});
