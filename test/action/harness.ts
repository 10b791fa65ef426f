import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { parseEnvFile, parseWorkflowCommands } from "./runner-files.js";
import type { WorkflowCommand } from "./runner-files.js";

/**
 * Runs action.yml the way the GitHub Actions runner runs a composite action, so the test exercises the file
 * users reference, not a shortcut around it:
 * - inputs: the workflow's `with:` values, else each input's `default` (itself evaluated, e.g. `${{ github.token }}`);
 *   an input action.yml does not declare is refused (the runner only warns, which would hide a typo in a test);
 * - `${{ }}` expressions: inputs.*, github.action_path / token / workspace / event_name / repository, env.*,
 *   steps.<id>.outputs.*, runner.temp; anything else throws, so action.yml cannot rely on what is not emulated;
 * - `run:` steps: `bash --noprofile --norc -eo pipefail <script file>` with the step's `env:`, in GITHUB_WORKSPACE,
 *   each with its own GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_PATH files, read back afterwards;
 * - workflow commands on stdout/stderr: `::add-mask::` lines are consumed (kept out of the log, recorded as masks),
 *   annotations recorded. The log is NOT masked here, so a test can prove nothing printed the secret at all;
 * - `uses: actions/setup-node@v4` with `node-version: 24`: puts the given Node binary first on PATH, as the real
 *   action does through the tool cache;
 * - a failing step stops the action; the action's `outputs:` are then evaluated from the steps' outputs.
 *
 * One step is not run for real: `npm ci --prefix "$GITHUB_ACTION_PATH"`. With GITHUB_ACTION_PATH = this checkout, a
 * real `npm ci` would delete and reinstall the node_modules the test itself runs from, and needs the registry.
 * The step's own script still runs, with a stand-in `npm` first on PATH that records its arguments and checks what
 * `npm ci` (and `prepare`, the build) leave behind: a package-lock.json, node_modules and dist/action/main.js
 * under the --prefix folder.
 */
export interface HarnessOptions {
  /** GITHUB_ACTION_PATH: the folder holding action.yml. */
  actionPath: string;
  /** GITHUB_WORKSPACE: the user's checkout, where run steps start. */
  workspace: string;
  /** The workflow step's `with:`. */
  with: Record<string, string>;
  eventName: string;
  eventPath: string;
  repository: string;
  apiUrl: string;
  /** `${{ github.token }}` */
  githubToken: string;
  /** The Node binary actions/setup-node would install. */
  node: string;
  /** The job's `env:` (visible to every step). */
  jobEnv?: Record<string, string>;
}

export interface StepRun {
  name: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The step's `env:` after evaluation. */
  env: Record<string, string>;
}

export interface HarnessResult {
  exitCode: number;
  steps: StepRun[];
  /** What the job log would show (add-mask lines consumed, nothing masked). */
  log: string;
  /** Every byte any step wrote, add-mask lines included. */
  raw: string;
  masks: string[];
  annotations: WorkflowCommand[];
  outputs: Record<string, string>;
  summary: string;
  /** Argument lists the stand-in `npm` was called with. */
  npmCalls: string[];
  /** RUNNER_TEMP, for the caller to remove. */
  runnerTemp: string;
}

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
  "working-directory"?: string;
}

export interface ActionYml {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function readActionYml(actionPath: string): ActionYml {
  return yaml.load(readFileSync(join(actionPath, "action.yml"), "utf8")) as ActionYml;
}

export async function runAction(opts: HarnessOptions): Promise<HarnessResult> {
  const action = readActionYml(opts.actionPath);
  if (action.runs.using !== "composite") throw new Error(`harness runs composite actions, not ${action.runs.using}`);
  const temp = mkdtempSync(join(tmpdir(), "dust-skills-runner-"));
  const stubBin = npmStub(temp);
  const npmLog = join(temp, "npm-calls.log");
  writeFileSync(npmLog, "");

  for (const name of Object.keys(opts.with)) {
    if (!(name in action.inputs)) throw new Error(`input "${name}" is not declared in action.yml`);
  }
  const stepOutputs: Record<string, Record<string, string>> = {};
  const jobEnv: Record<string, string> = { ...opts.jobEnv };
  const pathPrefix: string[] = [];
  const evaluate = (text: string): string =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, expr: string) => evalExpression(expr));
  const inputs: Record<string, string> = {};
  const evalExpression = (expr: string): string => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(expr))) {
      const name = m[1]!;
      if (!(name in action.inputs)) throw new Error(`expression reads undeclared input ${name}`);
      return inputs[name] ?? "";
    }
    if ((m = /^github\.(\w+)$/.exec(expr))) {
      const github: Record<string, string> = {
        action_path: opts.actionPath,
        token: opts.githubToken,
        workspace: opts.workspace,
        event_name: opts.eventName,
        repository: opts.repository,
      };
      if (!(m[1]! in github)) throw new Error(`harness does not emulate github.${m[1]}`);
      return github[m[1]!]!;
    }
    if ((m = /^env\.(\w+)$/.exec(expr))) return jobEnv[m[1]!] ?? "";
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return stepOutputs[m[1]!]?.[m[2]!] ?? "";
    if (expr === "runner.temp") return temp;
    throw new Error(`harness does not emulate the expression \${{ ${expr} }}`);
  };
  // Defaults are evaluated after the explicit values, as the runner does.
  for (const [name, spec] of Object.entries(action.inputs)) {
    inputs[name] = name in opts.with ? opts.with[name]! : evaluate(spec.default ?? "");
  }

  const result: HarnessResult = { exitCode: 0, steps: [], log: "", raw: "", masks: [], annotations: [], outputs: {}, summary: "", npmCalls: [], runnerTemp: temp };
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.if !== undefined) throw new Error("harness does not emulate `if:` on steps");
    const name = step.name ?? step.uses ?? step.run ?? `step ${index}`;
    if (step.uses) {
      pathPrefix.unshift(setupNode(step, opts.node, temp));
      result.steps.push({ name, exitCode: 0, stdout: "", stderr: "", env: {} });
      continue;
    }
    if (step.shell !== "bash") throw new Error(`step "${name}": composite run steps need \`shell: bash\``);
    const files = {
      GITHUB_OUTPUT: join(temp, `output-${index}`),
      GITHUB_STEP_SUMMARY: join(temp, `summary-${index}`),
      GITHUB_ENV: join(temp, `env-${index}`),
      GITHUB_PATH: join(temp, `path-${index}`),
    };
    for (const file of Object.values(files)) writeFileSync(file, "");
    const stepEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(step.env ?? {})) stepEnv[key] = evaluate(String(value));
    const script = join(temp, `step-${index}.sh`);
    writeFileSync(script, evaluate(step.run ?? ""));
    const env: Record<string, string> = {
      HOME: process.env["HOME"] ?? temp,
      LANG: "C.UTF-8",
      PATH: [...pathPrefix, stubBin, "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
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
      HARNESS_NPM_LOG: npmLog,
      ...jobEnv,
      ...files,
      ...stepEnv,
    };
    const cwd = step["working-directory"] ? evaluate(step["working-directory"]) : opts.workspace;
    const run = await spawnBash(script, cwd, env);
    const commands = parseWorkflowCommands(`${run.stdout}\n${run.stderr}`);
    result.masks.push(...commands.filter((c) => c.command === "add-mask").map((c) => c.message));
    result.annotations.push(...commands.filter((c) => ["error", "warning", "notice"].includes(c.command)));
    result.raw += run.stdout + run.stderr;
    result.log += withoutMaskLines(run.stdout) + withoutMaskLines(run.stderr);
    result.steps.push({ name, exitCode: run.code, stdout: run.stdout, stderr: run.stderr, env: stepEnv });
    if (step.id) stepOutputs[step.id] = parseEnvFile(readFileSync(files.GITHUB_OUTPUT, "utf8"));
    Object.assign(jobEnv, parseEnvFile(readFileSync(files.GITHUB_ENV, "utf8")));
    pathPrefix.unshift(...readFileSync(files.GITHUB_PATH, "utf8").split("\n").filter(Boolean).reverse());
    result.summary += readFileSync(files.GITHUB_STEP_SUMMARY, "utf8");
    if (run.code !== 0) {
      result.exitCode = run.code;
      break;
    }
  }
  for (const [name, spec] of Object.entries(action.outputs)) result.outputs[name] = evaluate(spec.value);
  result.npmCalls = readFileSync(npmLog, "utf8").split("\n").filter(Boolean);
  return result;
}

/** actions/setup-node: the requested version's `bin` folder goes first on PATH for the following steps. */
function setupNode(step: ActionStep, node: string, temp: string): string {
  if (!/^actions\/setup-node@v\d+$/.test(step.uses ?? "")) throw new Error(`harness does not emulate uses: ${step.uses}`);
  const version = String(step.with?.["node-version"] ?? "");
  if (version !== "24") throw new Error(`setup-node asks for node-version ${version}; the harness provides 24`);
  const bin = join(temp, "toolcache", "node", "bin");
  mkdirSync(bin, { recursive: true });
  // Only `node` in this folder, so the stand-in npm stays the one on PATH.
  symlinkSync(node, join(bin, "node"));
  return bin;
}

function npmStub(temp: string): string {
  const bin = join(temp, "stub-bin");
  mkdirSync(bin);
  const script = `#!/usr/bin/env bash
# Stand-in for npm in the Action harness (see harness.ts): records the call, checks npm ci's result exists.
printf '%s\\n' "$*" >> "$HARNESS_NPM_LOG"
[ "$1" = "ci" ] || { echo "npm stand-in: expected npm ci, got: npm $*" >&2; exit 1; }
prefix=""
while [ $# -gt 0 ]; do [ "$1" = "--prefix" ] && prefix="$2"; shift; done
[ -n "$prefix" ] || { echo "npm stand-in: npm ci without --prefix would install into the user's workspace" >&2; exit 1; }
for f in package-lock.json node_modules dist/action/main.js; do
  [ -e "$prefix/$f" ] || { echo "npm stand-in: $prefix/$f is missing" >&2; exit 1; }
done
echo "npm ci (stand-in): $prefix is installed and built"
`;
  writeFileSync(join(bin, "npm"), script);
  chmodSync(join(bin, "npm"), 0o755);
  return bin;
}

function withoutMaskLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
}

function spawnBash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
