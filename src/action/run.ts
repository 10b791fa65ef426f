import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { renderReport } from "../render/report-render.js";
import { annotationLines } from "../render/annotations.js";
import { diagnosticsMarkdown } from "../render/diagnostics.js";
import type { Diagnostic } from "../model/bundle.js";
import { redactor, runCli } from "./cli-runner.js";
import type { CliMain, CliRun } from "./cli-runner.js";
import { pullRequestRef, runUrl } from "./context.js";
import type { ActionContext } from "./context.js";
import { GitHubApiError } from "./github.js";
import type { ActionInputs } from "./inputs.js";
import { outcomeHeadlines, outcomeMarkdown } from "../render/outcomes.js";
import { outcomeOutputs, parseCliJson, parseReportJson } from "./plan-result.js";
import type { TargetOutcome } from "../model/sync.js";
import { commentMarker, upsertStickyComment } from "./sticky-comment.js";
import type { CommentApi } from "./sticky-comment.js";
import { addMask, annotation } from "../lib/workflow-commands.js";
import { appendSummary, writeOutputs } from "./workflow-commands.js";

export interface RunDeps {
  cli: CliMain;
  github: (token: string, apiUrl: string) => CommentApi;
  /** Whether `ref` names a commit in the checkout (a shallow clone may lack the PR base). */
  /** The step's stdout: log lines and workflow commands. */
  log: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What one run produced; main() only needs the exit code, tests read the rest. */
export interface RunResult {
  exitCode: number;
  outputs: Record<string, string>;
  comment?: { action: "created" | "updated"; id: number } | { action: "skipped"; reason: string };
}

/** Runs one Action invocation: never throws for a user-fixable problem, it reports it and returns exit 1. */
export async function run(ctx: ActionContext, deps: RunDeps): Promise<RunResult> {
  const { inputs } = ctx;
  // action.yml masked the key before Node started; masking again costs nothing and covers a caller that did not.
  deps.log(addMask(inputs.apiKey) + addMask(inputs.githubToken));
  const redact = redactor([inputs.apiKey, inputs.githubToken]);
  const session = new Session(ctx, deps, redact);
  try {
    return await session.run();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    deps.log(annotation("error", redact(err.hint ? `${err.message}\n${err.hint}` : err.message)));
    session.flushOutputs();
    return { exitCode: 1, outputs: session.outputs };
  }
}

class Session {
  readonly outputs: Record<string, string> = {};
  private readonly workDir: string;
  private readonly cliEnv: NodeJS.ProcessEnv;

  constructor(
    private readonly ctx: ActionContext,
    private readonly deps: RunDeps,
    private readonly redact: (text: string) => string,
  ) {
    // One folder per invocation: two uses of the Action in one job must not overwrite each other's files.
    this.workDir = mkdtempSync(join(ctx.runnerTemp, "dust-skills-"));
    this.cliEnv = cliEnvironment(deps.env, ctx.inputs);
  }

  async run(): Promise<RunResult> {
    const { command } = this.ctx.inputs;
    if (command === "report") return this.report();
    const validationErrors = await this.validate();
    if (command === "validate") {
      this.flushOutputs();
      return { exitCode: validationErrors > 0 ? 1 : 0, outputs: this.outputs };
    }
    const result = await this.planOrSync(command);
    if (validationErrors > 0 && result.exitCode === 0) {
      this.error(`${validationErrors} validation ${validationErrors === 1 ? "error" : "errors"}: see the annotations`);
      result.exitCode = 1;
    }
    return result;
  }

  /** Runs `validate --format json`, annotates the files, and returns the number of errors. */
  private async validate(): Promise<number> {
    const run = await this.cli(["validate", this.ctx.inputs.path, "--format", "json"]);
    let doc: { diagnostics?: Diagnostic[]; root?: string };
    try {
      doc = JSON.parse(run.stdout) as typeof doc;
    } catch {
      throw new UserError(`validate failed (exit ${run.code}) without a JSON result: ${cliReason(run.stderr)}`);
    }
    // The CLI names files relative to its working folder; GitHub wants them relative to the repository root.
    const diagnostics = (doc.diagnostics ?? []).map((d) => ({ ...d, file: resolve(this.deps.cwd, d.file) }));
    const root = doc.root || this.ctx.workspace;
    this.deps.log(this.redact(annotationLines(diagnostics, root)));
    this.summary(diagnosticsMarkdown(diagnostics, root));
    return diagnostics.filter((d) => d.severity === "error").length;
  }

  private async planOrSync(command: "plan" | "sync"): Promise<RunResult> {
    const { inputs } = this.ctx;
    const flags = await this.planFlags();
    let jsonFile = join(this.workDir, `${command}.json`);
    const run = await this.cli([command, inputs.path, ...flags, "--format", "json", "--out", jsonFile], true);
    let outcomes = this.readOutcomes(jsonFile, run);
    let stoppedSync = false;
    if (command === "sync" && run.code !== 0 && outcomes.length === 0 && existsSync(jsonFile)) {
      // sync writes `null` when its plan has errors (conflicts, invalid bundles) and sends nothing; the plan
      // itself says why, so make it again, read-only, for the summary and the comment.
      jsonFile = join(this.workDir, "plan.json");
      const plan = await this.cli(["plan", inputs.path, ...flags, "--format", "json", "--out", jsonFile], true);
      outcomes = this.readOutcomes(jsonFile, plan);
      stoppedSync = true;
    }
    if (!outcomes.some((o) => o.plan)) {
      const reason = outcomes.find((o) => o.error)?.error ?? (cliReason(run.stderr) || `exit ${run.code}`);
      const text = `**dust-skills ${command} failed** for ${this.targetLabel()}: ${reason}\n`;
      this.summary(text);
      // A stale plan left on the PR would read as current: replace it with the failure.
      await this.comment(text);
      throw new UserError(`${command} failed: ${reason}`);
    }
    Object.assign(this.outputs, outcomeOutputs(outcomes), { "plan-json": jsonFile });
    // The Markdown is rendered from the very plan in the JSON file: one plan, every format.
    const body = outcomeMarkdown(outcomes);
    this.summary(body);
    const comment = await this.comment(body);
    for (const line of outcomeHeadlines(outcomes)) this.deps.log(`${this.redact(line)}\n`);

    let exitCode = 0;
    const planErrors = outcomes.flatMap((o) => o.plan?.errors ?? []);
    if (stoppedSync) {
      this.error(`sync sent nothing: the plan has errors. ${planErrors.join(" ")}`);
      exitCode = 1;
    } else if (run.code !== 0 || outcomes.some((o) => o.error || (o.sync && !o.sync.ok))) {
      this.error(`${command} failed (exit ${run.code}): ${planErrors.join(" ") || cliReason(run.stderr) || "see the job summary"}`);
      exitCode = 1;
    } else if (inputs.failOnChanges && outcomes.some((o) => o.plan?.hasChanges)) {
      this.error(`fail-on-changes: the workspace differs from the repository. ${outcomeHeadlines(outcomes).join(" ")}`);
      exitCode = 1;
    }
    this.flushOutputs();
    return { exitCode, outputs: this.outputs, ...(comment ? { comment } : {}) };
  }

  /** The CLI's JSON, or nothing when it failed before writing any (bad key, unreachable host). */
  private readOutcomes(jsonFile: string, run: CliRun): TargetOutcome[] {
    if (!existsSync(jsonFile)) return [];
    try {
      return parseCliJson(readFileSync(jsonFile, "utf8"), jsonFile);
    } catch (err) {
      if (run.code !== 0) return [];
      throw err;
    }
  }

  private async planFlags(): Promise<string[]> {
    const { inputs } = this.ctx;
    const flags: string[] = [];
    if (inputs.onConflict) flags.push("--on-conflict", inputs.onConflict);
    if (inputs.prune) flags.push("--prune");
    if (inputs.availability) flags.push("--availability", inputs.availability);
    // Only an explicit input, passed as given: what changed is decided by each bundle's fingerprint against
    // the ownership record in Dust, so neither the event's SHAs nor the clone depth matter for correctness.
    if (inputs.changedSince) flags.push("--changed-since", inputs.changedSince);
    return flags;
  }

  /**
   * One `report --format json` (one analytics export), then the Markdown for the summary and the HTML page
   * rendered in-process from that same Report object.
   */
  private async report(): Promise<RunResult> {
    const { inputs } = this.ctx;
    const jsonFile = join(this.workDir, "report.json");
    const htmlFile = join(this.workDir, "report.html");
    const failOn = inputs.reportFailOn ? ["--fail-on", inputs.reportFailOn] : [];
    const run = await this.cli(["report", inputs.path, "--format", "json", "--out", jsonFile, ...failOn], true);
    if ((run.code !== 0 && run.code !== 2) || !existsSync(jsonFile)) {
      throw new UserError(`report failed (exit ${run.code}): ${cliReason(run.stderr)}`);
    }
    const report = parseReportJson(readFileSync(jsonFile, "utf8"), jsonFile);
    writeFileSync(htmlFile, renderReport(report, "html"));
    this.outputs["report"] = htmlFile;
    this.outputs["report-json"] = jsonFile;
    this.summary(renderReport(report, "markdown"));
    this.flushOutputs();
    if (run.code === 2) {
      this.error(`report: a --fail-on condition holds (${inputs.reportFailOn}): ${cliReason(run.stderr)}; see the job summary`);
      return { exitCode: 1, outputs: this.outputs };
    }
    return { exitCode: 0, outputs: this.outputs };
  }

  /**
   * Keeps the PR's one comment for this target up to date. A fork's read-only token is expected to be refused:
   * the job summary holds the same text, so that is a warning. Any other refusal would leave a stale plan on
   * the PR without anyone noticing, so it fails the step.
   */
  private async comment(markdown: string): Promise<RunResult["comment"]> {
    const { inputs } = this.ctx;
    const pr = pullRequestRef(this.ctx);
    if (!pr || !inputs.commentOnPr) return undefined;
    if (!inputs.githubToken) {
      this.deps.log(annotation("warning", "comment-on-pr: no github-token, so the plan is only in the job summary"));
      return { action: "skipped", reason: "no token" };
    }
    const link = runUrl(this.ctx);
    const footer = `\n\n<sub>dust-skills ${inputs.command} · ${this.targetLabel()}${link ? ` · [run ${this.ctx.runId}](${link})` : ""}</sub>\n`;
    const body = this.redact(`${markdown.trimEnd()}${footer}`);
    const api = this.deps.github(inputs.githubToken, this.ctx.apiUrl);
    try {
      const result = await upsertStickyComment(api, pr, commentMarker(this.targetKey()), body);
      this.deps.log(`PR #${pr.number}: comment ${result.id} ${result.action}\n`);
      return result;
    } catch (err) {
      if (err instanceof GitHubApiError && isReadOnlyToken(err, pr.fromFork)) {
        this.deps.log(
          annotation(
            "warning",
            `Cannot comment on PR #${pr.number} (${err.status}: ${err.apiMessage}); ` +
              "this token is read-only (a fork's pull request): the plan is in the job summary.",
          ),
        );
        this.summary("> The PR comment was not posted: this run's token cannot write to the pull request.\n");
        return { action: "skipped", reason: err.apiMessage };
      }
      throw new UserError(`cannot post the plan comment on PR #${pr.number}: ${(err as Error).message}`);
    }
  }

  private async cli(argv: string[], echoStdout = false): Promise<CliRun> {
    return runCli(this.deps.cli, argv, {
      env: this.cliEnv,
      cwd: this.deps.cwd,
      log: this.deps.log,
      redact: this.redact,
      echoStdout,
    });
  }

  /** Identifies the comment: a matrix over workspaces, or over folders of one workspace, keeps one each. */
  private targetKey(): string {
    const { workspaceId, baseUrl, region, path } = this.ctx.inputs;
    return `${workspaceId || baseUrl || region || "default"}:${path}`;
  }

  private targetLabel(): string {
    const { workspaceId, path } = this.ctx.inputs;
    return `${workspaceId ? `\`${workspaceId}\`` : "workspace"} · \`${path}\``;
  }

  private summary(markdown: string): void {
    if (this.ctx.summaryFile) appendSummary(this.ctx.summaryFile, this.redact(markdown) + "\n");
  }

  private error(message: string): void {
    this.deps.log(annotation("error", this.redact(message)));
  }

  flushOutputs(): void {
    if (this.ctx.outputFile && Object.keys(this.outputs).length > 0) writeOutputs(this.ctx.outputFile, this.outputs);
  }
}

export function isReadOnlyToken(err: GitHubApiError, fromFork: boolean): boolean {
  if (err.status !== 403 && err.status !== 404) return false;
  return fromFork || /Resource not accessible by integration/i.test(err.apiMessage);
}

/** The CLI reads its connection from DUST_*; inputs override the job's env, and the Action's own inputs stay out. */
export function cliEnvironment(env: NodeJS.ProcessEnv, inputs: ActionInputs): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (!key.startsWith("INPUT_")) out[key] = value;
  if (inputs.apiKey) out["DUST_API_KEY"] = inputs.apiKey;
  if (inputs.workspaceId) out["DUST_WORKSPACE_ID"] = inputs.workspaceId;
  if (inputs.region) out["DUST_REGION"] = inputs.region;
  if (inputs.baseUrl) out["DUST_BASE_URL"] = inputs.baseUrl;
  return out;
}

/** The CLI's own error line from its stderr (`dust-skills: …`), else its last line. */
function cliReason(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => l.startsWith("dust-skills:"))?.replace(/^dust-skills:\s*/, "") ?? lines.at(-1) ?? "";
}

