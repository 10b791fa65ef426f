import type { Argv } from "yargs";
import { formatCompact, formatText } from "../render/diagnostics.js";
import { DustClient } from "../dust/client.js";
import { AVAILABILITIES } from "../model/skill.js";
import type { Availability, OnConflict } from "../model/skill.js";
import { UserError } from "../errors.js";
import type { Io } from "../io.js";
import { useColor } from "../io.js";
import type { Selection } from "../plan/selection.js";
import { prepareTargetPlan } from "../gather/plan-inputs.js";
import { progressLine } from "./progress.js";
import type { PreparedPlan } from "../gather/plan-inputs.js";
import { DEFAULT_CREATE_AVAILABILITY } from "../sync/apply.js";
import { resolveTargets } from "../targets.js";
import type { Target } from "../targets.js";
import { connectionFlags, withConnectionOptions } from "./connection-options.js";
import { repositoryOption } from "./repository-option.js";
import type { ConnectionArgs } from "./connection-options.js";

export const PLAN_FORMATS = ["text", "json", "markdown"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Flags shared by `plan` and `sync`. */
export function withPlanOptions<T>(y: Argv<T>) {
  return withConnectionOptions(y)
    .positional("paths", { type: "string", array: true, describe: "Folders holding the bundles (default: current folder)" })
    .option("format", { choices: PLAN_FORMATS, default: "text" as PlanFormat, describe: "Output format" })
    .option("out", { type: "string", describe: "Write the output to this file instead of stdout" })
    .option("on-conflict", {
      choices: ["error", "skip", "override"] as const,
      default: "error" as OnConflict,
      describe: "A same-name skill this repo does not own: fail, leave it, or take it over",
    })
    .option("prune", { type: "boolean", default: false, describe: "Archive skills this repo owns whose bundle is gone" })
    .option("force", { type: "boolean", default: false, describe: "With --prune: allow archiving more than 30% of managed skills" })
    .option("availability", {
      choices: [...AVAILABILITIES, "keep"] as const,
      describe:
        "Availability sent with uploads (new skills default to workspace_users; updates keep theirs unless set); keep: send none",
    })
    .option("changed-since", { type: "string", describe: "Git ref: with --only-changed, plan only bundles whose files changed since it (a filter; changes are found by fingerprint)" })
    .option("only-changed", { type: "boolean", default: false, describe: "With --changed-since: plan only bundles that changed" })
    .option("names", { type: "string", array: true, describe: "Only these skills (exact names)" })
    .option("glob", { type: "string", array: true, describe: "Only bundles whose folder matches these globs (** * ?)" })
    .option("include-untracked", { type: "boolean", default: false, describe: "Also ship untracked files git does not ignore" })
    .option("repository", repositoryOption)
    .option("detailed-exitcode", { type: "boolean", default: false, describe: "Exit 0 no changes, 1 error, 2 changes" })
    .option("verbose", { type: "boolean", default: false, describe: "Print every validation warning, not a count per bundle" });
}

export interface PlanArgs extends ConnectionArgs {
  paths?: string[];
  format: PlanFormat;
  out?: string;
  onConflict: OnConflict;
  prune: boolean;
  force: boolean;
  availability?: Availability | "keep";
  changedSince?: string;
  onlyChanged: boolean;
  names?: string[];
  glob?: string[];
  includeUntracked: boolean;
  detailedExitcode: boolean;
  verbose: boolean;
  repository?: string;
}

/** One target's plan, or why it could not be made. */
export interface TargetPlan {
  target: Target;
  prepared: PreparedPlan | null;
  client: DustClient | null;
  error: UserError | null;
}

/**
 * Plans every target, one after another; a target that fails (bad key, wrong region) gets its error and the
 * others still run. Bundle diagnostics go to stderr as `file:line:col` lines.
 */
export async function planTargets(argv: PlanArgs, io: Io, opts: { layout: boolean; requireRepository?: boolean }): Promise<TargetPlan[]> {
  if (argv.onlyChanged && !argv.changedSince) {
    throw new UserError("--only-changed needs --changed-since REF.", { hint: "Example: --changed-since origin/main --only-changed" });
  }
  const targets = await resolveTargets({
    ...(argv.config !== undefined ? { configPath: argv.config } : {}),
    ...(argv.target !== undefined ? { only: argv.target } : {}),
    flags: connectionFlags(argv),
    paths: argv.paths ?? [],
    cwd: io.cwd,
    env: io.env,
  });
  const selection: Selection = {
    ...(argv.names ? { names: argv.names } : {}),
    ...(argv.glob ? { globs: argv.glob } : {}),
    ...(argv.onlyChanged ? { changedOnly: true } : {}),
  };
  const out: TargetPlan[] = [];
  for (const target of targets) {
    const client = new DustClient(target.connection, { log: (line) => io.stderr(`${line}\n`) });
    const progress = progressLine(io, "reading");
    try {
      const prepared = await prepareTargetPlan(target, client, {
        onBundle: progress.update,
        onConflict: argv.onConflict,
        prune: argv.prune,
        availability: argv.availability === undefined || argv.availability === "keep" ? null : argv.availability,
        ...(argv.changedSince ? { changedSince: argv.changedSince } : {}),
        selection,
        includeUntracked: argv.includeUntracked,
        cwd: io.cwd,
        ...(argv.repository !== undefined ? { repository: argv.repository } : {}),
        env: io.env,
        force: argv.force,
        ...(opts.requireRepository ? { requireRepository: true } : {}),
        ...(opts.layout ? { layout: { createAvailability: argv.availability === "keep" ? null : (argv.availability ?? DEFAULT_CREATE_AVAILABILITY) } } : {}),
      });
      progress.done();
      for (const note of prepared.load.notes) io.stderr(`note: ${note}\n`);
      const show = argv.verbose ? formatText : formatCompact;
      io.stderr(show(prepared.load.diagnostics, useColor(io)));
      out.push({ target, prepared, client, error: null });
    } catch (err) {
      progress.done();
      if (!(err instanceof UserError)) throw err;
      await client.close();
      if (targets.length === 1) throw err;
      out.push({ target, prepared: null, client: null, error: err });
    }
  }
  return out;
}

export async function closeAll(plans: TargetPlan[]): Promise<void> {
  await Promise.all(plans.map((p) => p.client?.close()));
}
