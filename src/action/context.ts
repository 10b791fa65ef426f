import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { ConfigError } from "../errors.js";
import { readInputs } from "./inputs.js";
import type { ActionInputs } from "./inputs.js";

/** The inputs and what the runner tells a step about the run, read once from the environment. */
export interface ActionContext {
  inputs: ActionInputs;
  eventName: string;
  /** The webhook payload from GITHUB_EVENT_PATH; `{}` when there is none (a local run). */
  payload: EventPayload;
  /** `owner/name` */
  repository: string;
  apiUrl: string;
  serverUrl: string;
  runId: string;
  /** GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; empty outside a runner. */
  outputFile: string;
  summaryFile: string;
  runnerTemp: string;
  workspace: string;
}

/** The few payload fields the Action reads; everything else is ignored. */
export interface EventPayload {
  before?: string;
  number?: number;
  pull_request?: {
    number?: number;
    base?: { sha?: string; repo?: { full_name?: string } };
    head?: { sha?: string; repo?: { full_name?: string } | null };
  };
}

export function readContext(env: NodeJS.ProcessEnv, cwd: string): ActionContext {
  const eventPath = env["GITHUB_EVENT_PATH"] ?? "";
  return {
    inputs: readInputs(env),
    eventName: env["GITHUB_EVENT_NAME"] ?? "",
    payload: eventPath === "" ? {} : readPayload(eventPath),
    repository: env["GITHUB_REPOSITORY"] ?? "",
    apiUrl: (env["GITHUB_API_URL"] || "https://api.github.com").replace(/\/+$/, ""),
    serverUrl: (env["GITHUB_SERVER_URL"] || "https://github.com").replace(/\/+$/, ""),
    runId: env["GITHUB_RUN_ID"] ?? "",
    outputFile: env["GITHUB_OUTPUT"] ?? "",
    summaryFile: env["GITHUB_STEP_SUMMARY"] ?? "",
    runnerTemp: env["RUNNER_TEMP"] || tmpdir(),
    workspace: env["GITHUB_WORKSPACE"] || cwd,
  };
}

function readPayload(path: string): EventPayload {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as EventPayload;
  } catch (err) {
    throw new ConfigError(`cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${(err as Error).message}`);
  }
}

const PR_EVENTS = new Set(["pull_request", "pull_request_target"]);

export function isPullRequest(ctx: ActionContext): boolean {
  return PR_EVENTS.has(ctx.eventName) && ctx.payload.pull_request !== undefined;
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /** The head branch lives in another repository: its token is read-only, so comments may be refused. */
  fromFork: boolean;
}

export function pullRequestRef(ctx: ActionContext): PullRequestRef | undefined {
  const pr = ctx.payload.pull_request;
  const number = pr?.number ?? ctx.payload.number;
  if (!isPullRequest(ctx) || number === undefined) return undefined;
  const base = pr?.base?.repo?.full_name || ctx.repository;
  const [owner, repo] = base.split("/");
  if (!owner || !repo) return undefined;
  const head = pr?.head?.repo?.full_name;
  // A deleted fork leaves `head.repo` null: it was a fork all the same.
  const fromFork = pr?.head?.repo === null || (head !== undefined && head !== base);
  return { owner, repo, number, fromFork };
}

export function runUrl(ctx: ActionContext): string {
  return ctx.repository && ctx.runId ? `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` : "";
}
