import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputEnvName } from "../../src/action/inputs.js";
import { writePullRequestEvent } from "./event.js";
import { readActionYml, runAction } from "./harness.js";
import type { HarnessResult } from "./harness.js";
import { TEST_NODES, nodeBinary, nodeVersionLabel } from "./node24.js";
import { makeSkillsRepo } from "./workspace.js";
import type { SkillsRepo } from "./workspace.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KEY = "sk-validate-3c1e8f0a9b7d4e26";

describe("action.yml", () => {
  const action = readActionYml(ROOT);
  const steps = action.runs.steps;

  it("declares the inputs and outputs the README documents", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      ["api-key", "workspace-id", "region", "base-url", "path", "command", "on-conflict", "prune", "availability",
        "changed-since", "comment-on-pr", "github-token", "fail-on-changes", "report-fail-on"].sort(),
    );
    expect(Object.keys(action.outputs).sort()).toEqual(
      ["has-changes", "created", "updated", "conflicts", "archived", "drifted", "plan-json", "report", "report-json"].sort(),
    );
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(action.inputs["command"]?.default).toBe("plan");
  });

  it("masks the key in its first step, reading it from env and never from the script text", () => {
    expect(action.runs.using).toBe("composite");
    const first = steps[0]!;
    expect(first.run).toContain('echo "::add-mask::$DUST_SKILLS_API_KEY"');
    expect(first.env).toEqual({ DUST_SKILLS_API_KEY: "${{ inputs.api-key }}" });
    // No `${{ }}` in any script: an input's text can never become shell code (script injection).
    for (const step of steps) expect(step.run ?? "").not.toContain("${{");
  });

  it("runs on Node 24 from the action's own locked dependencies, without committed build output", () => {
    expect(steps.map((s) => s.uses ?? s.run?.trim())).toEqual([
      expect.stringContaining("add-mask"),
      "actions/setup-node@v4",
      'npm ci --prefix "$GITHUB_ACTION_PATH" --no-audit --no-fund',
      'node "$GITHUB_ACTION_PATH/dist/action/main.js"',
    ]);
    expect(String(steps[1]!.with?.["node-version"])).toBe("24");
  });

  it("passes every input to the Node step under the name main.js reads", () => {
    const env = steps.at(-1)!.env ?? {};
    expect(Object.keys(env).sort()).toEqual(Object.keys(action.inputs).map(inputEnvName).sort());
    for (const name of Object.keys(action.inputs)) expect(env[inputEnvName(name)]).toBe(`\${{ inputs.${name} }}`);
  });
});

/** The harness against the real built CLI. `validate` runs offline, so this needs no Dust at all. */
describe.each(TEST_NODES)("the Action under %s: validate on a pull request", (_label, which) => {
  let repo: SkillsRepo;
  let result: HarnessResult;

  beforeAll(async () => {
    const node = await nodeBinary(which);
    repo = makeSkillsRepo({ broken: true });
    result = await runAction({
      actionPath: ROOT,
      workspace: repo.dir,
      with: { command: "validate", path: "skills", "api-key": KEY },
      eventName: "pull_request",
      eventPath: writePullRequestEvent(repo.dir, { baseSha: repo.baseSha, headSha: repo.headSha }),
      repository: "acme/skills",
      // validate never talks to GitHub: a closed port proves it.
      apiUrl: "http://127.0.0.1:9",
      githubToken: "ghs_unused",
      node,
    });
  }, 240_000);
  afterAll(() => {
    rmSync(repo.dir, { recursive: true, force: true });
    rmSync(result.runnerTemp, { recursive: true, force: true });
  });

  it("runs every step on the Node setup-node provides", () => {
    expect(result.steps.map((s) => s.exitCode)).toEqual([0, 0, 0, 1]);
    expect(result.log).toContain(nodeVersionLabel(which));
    expect(result.npmCalls).toEqual([`ci --prefix ${ROOT} --no-audit --no-fund`]);
  });

  it("annotates the invalid bundle on its file and fails the step", () => {
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.command === "error");
    expect(errors.find((a) => a.properties["file"] === "skills/broken/SKILL.md")).toBeDefined();
    expect(result.annotations.filter((a) => a.command === "warning").map((a) => a.properties["file"])).toEqual(
      expect.arrayContaining(["skills/brand-voice/assets/logo.svg"]),
    );
    expect(result.summary).toMatch(/### Validation: 1 error, \d+ warnings/);
  });

  it("masks the key before anything else prints, and never prints it", () => {
    expect(result.masks[0]).toBe(KEY);
    expect(result.steps[0]!.stdout).toBe(`::add-mask::${KEY}\n`);
    expect(result.log).not.toContain(KEY);
    const rawLines = result.raw.split("\n").filter((l) => l.includes(KEY));
    expect(rawLines.every((l) => l === `::add-mask::${KEY}`)).toBe(true);
  });
});
