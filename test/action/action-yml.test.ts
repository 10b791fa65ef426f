import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputEnvName } from "../../src/action/inputs.js";
import { writePullRequestEvent } from "./event.js";
import { readActionYml, runAction, runnerInputEnvName } from "./harness.js";
import type { HarnessResult } from "./harness.js";
import { TEST_NODES, nodeBinary, nodeVersionLabel } from "./node24.js";
import { makeSkillsRepo } from "./workspace.js";
import type { SkillsRepo } from "./workspace.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KEY = "sk-validate-3c1e8f0a9b7d4e26";

describe("action.yml", () => {
  const action = readActionYml(ROOT);

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

  it("is a node24 JavaScript action running the committed bundle: nothing to install, nothing to build", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/action.js" });
    expect(existsSync(join(ROOT, "dist", "action.js"))).toBe(true);
    // Outputs of a JavaScript action come from GITHUB_OUTPUT; `value:` belongs to composite actions only.
    for (const spec of Object.values(action.outputs)) expect(spec.value).toBeUndefined();
  });

  it("reads every input under the name the runner gives it", () => {
    for (const name of Object.keys(action.inputs)) expect(inputEnvName(name)).toBe(runnerInputEnvName(name));
    expect(inputEnvName("api-key")).toBe("INPUT_API-KEY");
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

  it("runs the committed dist/action.js on the Node the runner starts it with", () => {
    expect(result.log).toContain(nodeVersionLabel(which));
    expect(result.env["PATH"]).not.toContain("node_modules");
  });

  it("annotates the invalid bundle on its file and fails the step", () => {
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.command === "error");
    expect(errors.find((a) => a.properties["file"] === "skills/broken/SKILL.md")).toBeDefined();
    expect(result.annotations.filter((a) => a.command === "warning").map((a) => a.properties["file"])).toEqual(
      expect.arrayContaining(["skills/sql-review/scripts/sqlfluff.toml"]),
    );
    expect(result.summary).toMatch(/### Validation: 1 error, \d+ warnings/);
  });

  it("masks the key before anything else prints, and never prints it", () => {
    expect(result.masks[0]).toBe(KEY);
    expect(result.stdout.startsWith(`::add-mask::${KEY}\n`)).toBe(true);
    expect(result.log).not.toContain(KEY);
    const rawLines = result.raw.split("\n").filter((l) => l.includes(KEY));
    expect(rawLines.every((l) => l === `::add-mask::${KEY}`)).toBe(true);
  });
});
