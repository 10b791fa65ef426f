import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { parseEnvFile, parseWorkflowCommands } from "./runner-files.js";
import type { WorkflowCommand } from "./runner-files.js";

/**
 * Runs action.yml the way the GitHub Actions runner runs a JavaScript action, so the test exercises the file users
 * reference and the committed bundle it names, not a shortcut around them:
 * - `runs.using: node24` and `runs.main`: `<node> <action path>/<main>` is started directly, in GITHUB_WORKSPACE,
 *   with no install or build step before it (there is none in action.yml to run). `pre:`/`post:` are refused;
 * - inputs: the workflow's `with:` values, else each input's `default` (itself evaluated, e.g. `${{ github.token }}`),
 *   passed as `INPUT_<NAME>` with the name upper-cased and spaces turned into underscores, dashes kept — as the
 *   runner does. An input action.yml does not declare is refused (the runner only warns, which would hide a typo);
 * - `${{ }}` expressions in defaults: github.token / workspace / event_name / repository, runner.temp; anything
 *   else throws, so action.yml cannot rely on what is not emulated;
 * - the step's GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_PATH files, read back afterwards; an output
 *   action.yml does not declare is refused (a workflow could not see it documented);
 * - workflow commands on stdout/stderr: `::add-mask::` lines are consumed (kept out of the log, recorded as masks),
 *   annotations recorded. The log is NOT masked here, so a test can prove nothing printed the secret at all.
 */
export interface HarnessOptions {
  /** GITHUB_ACTION_PATH: the folder holding action.yml. */
  actionPath: string;
  /** GITHUB_WORKSPACE: the user's checkout, where the action starts. */
  workspace: string;
  /** The workflow step's `with:`. */
  with: Record<string, string>;
  eventName: string;
  eventPath: string;
  repository: string;
  apiUrl: string;
  /** `${{ github.token }}` */
  githubToken: string;
  /** The Node binary the runner starts the action with (its own Node 24 on GitHub). */
  node: string;
  /** The job's `env:`. */
  jobEnv?: Record<string, string>;
}

export interface HarnessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** What the job log would show (add-mask lines consumed, nothing masked). */
  log: string;
  /** Every byte the action wrote, add-mask lines included. */
  raw: string;
  masks: string[];
  annotations: WorkflowCommand[];
  outputs: Record<string, string>;
  summary: string;
  /** The environment the action was started with. */
  env: Record<string, string>;
  /** RUNNER_TEMP, for the caller to remove. */
  runnerTemp: string;
}

export interface ActionYml {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value?: string }>;
  runs: { using: string; main?: string; pre?: string; post?: string; steps?: unknown[] };
}

export function readActionYml(actionPath: string): ActionYml {
  return yaml.load(readFileSync(join(actionPath, "action.yml"), "utf8")) as ActionYml;
}

/**
 * The runner's name for an input's environment variable. Written here rather than imported from
 * src/action/inputs.ts, so the tests prove the Action reads what the runner sets.
 */
export function runnerInputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export async function runAction(opts: HarnessOptions): Promise<HarnessResult> {
  const action = readActionYml(opts.actionPath);
  if (action.runs.using !== "node24") throw new Error(`harness runs node24 JavaScript actions, not ${action.runs.using}`);
  if (action.runs.pre || action.runs.post) throw new Error("harness does not emulate pre: or post: scripts");
  const main = join(opts.actionPath, action.runs.main ?? "");
  if (!action.runs.main || !existsSync(main)) throw new Error(`runs.main ${action.runs.main} does not exist under ${opts.actionPath}`);
  for (const name of Object.keys(opts.with)) {
    if (!(name in action.inputs)) throw new Error(`input "${name}" is not declared in action.yml`);
  }
  const temp = mkdtempSync(join(tmpdir(), "dust-skills-runner-"));
  const evalExpression = (expr: string): string => {
    const github: Record<string, string> = {
      "github.token": opts.githubToken,
      "github.workspace": opts.workspace,
      "github.event_name": opts.eventName,
      "github.repository": opts.repository,
      "runner.temp": temp,
    };
    if (!(expr in github)) throw new Error(`harness does not emulate the expression \${{ ${expr} }}`);
    return github[expr]!;
  };
  const evaluate = (text: string): string => text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, expr: string) => evalExpression(expr));

  const files = {
    GITHUB_OUTPUT: join(temp, "output"),
    GITHUB_STEP_SUMMARY: join(temp, "summary"),
    GITHUB_ENV: join(temp, "env"),
    GITHUB_PATH: join(temp, "path"),
  };
  for (const file of Object.values(files)) writeFileSync(file, "");
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    inputEnv[runnerInputEnvName(name)] = name in opts.with ? opts.with[name]! : evaluate(spec.default ?? "");
  }
  const env: Record<string, string> = {
    HOME: process.env["HOME"] ?? temp,
    LANG: "C.UTF-8",
    // The runner's PATH: git is there, but neither npm nor a project's node_modules/.bin.
    PATH: "/usr/local/bin:/usr/bin:/bin",
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION_PATH: opts.actionPath,
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: opts.eventPath,
    GITHUB_REPOSITORY: opts.repository,
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    RUNNER_OS: "Linux",
    RUNNER_TEMP: temp,
    ...opts.jobEnv,
    ...files,
    ...inputEnv,
  };
  const run = await spawnNode(opts.node, main, opts.workspace, env);
  const commands = parseWorkflowCommands(`${run.stdout}\n${run.stderr}`);
  const outputs = parseEnvFile(readFileSync(files.GITHUB_OUTPUT, "utf8"));
  for (const name of Object.keys(outputs)) {
    if (!(name in action.outputs)) throw new Error(`the action wrote output "${name}", which action.yml does not declare`);
  }
  return {
    exitCode: run.code,
    stdout: run.stdout,
    stderr: run.stderr,
    log: withoutMaskLines(run.stdout) + withoutMaskLines(run.stderr),
    raw: run.stdout + run.stderr,
    masks: commands.filter((c) => c.command === "add-mask").map((c) => c.message),
    annotations: commands.filter((c) => ["error", "warning", "notice"].includes(c.command)),
    outputs,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"),
    env,
    runnerTemp: temp,
  };
}

function withoutMaskLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
}

function spawnNode(node: string, main: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [main], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
