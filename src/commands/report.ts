import { DustClient } from "../dust/client.js";
import { UserError } from "../errors.js";
import { readRepository } from "../gather/repository.js";
import { missingRepositoryError } from "../identity/resolve.js";
import { repositoryOption } from "./repository-option.js";
import type { Io } from "../io.js";
import { useColor } from "../io.js";
import { REPORT_FORMATS, renderReport } from "../render/report-render.js";
import type { ReportFormat } from "../render/report-render.js";
import { evaluateFailOn, FAIL_ON_CHECKS, parseFailOn } from "../report/fail-on.js";
import type { Report } from "../model/report.js";
import { runReport } from "../report/run.js";
import { resolveWindow } from "../report/window.js";
import { resolveTargets } from "../targets.js";
import { connectionFlags, withConnectionOptions } from "./connection-options.js";
import { emit } from "./output.js";
import type { ConnectionArgs } from "./connection-options.js";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";

interface ReportArgs extends ConnectionArgs {
  paths?: string[];
  days?: number;
  from?: string;
  to?: string;
  timezone: string;
  format: ReportFormat;
  out?: string;
  failOn?: string[];
  repository?: string;
}

export const reportCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "report [paths..]",
  describe: "Usage drift report: which skills are used, unmanaged, drifted, to retire or to adopt",
  builder: (y) =>
    withConnectionOptions(y)
      .positional("paths", { type: "string", array: true, describe: "Folders holding the bundles (default: current folder)" })
      .option("days", { type: "number", describe: "Window length in days, ending today in --timezone (default 30)" })
      .option("from", { type: "string", describe: "First day, YYYY-MM-DD (inclusive)" })
      .option("to", { type: "string", describe: "Last day, YYYY-MM-DD (inclusive)" })
      .option("timezone", { type: "string", default: "UTC", describe: "IANA timezone the days are counted in" })
      .option("format", { choices: REPORT_FORMATS, default: "text" as ReportFormat, describe: "Output format" })
      .option("out", { type: "string", describe: "Write the report to this file instead of stdout" })
      .option("repository", repositoryOption)
      .option("fail-on", {
        type: "string",
        array: true,
        describe: `Exit 2 when any of these is found: ${FAIL_ON_CHECKS.join(", ")} (comma-separated or repeated)`,
      }),
  handler: async (argv) => {
    setExit(await runReportCommand(argv, io));
  },
});

async function runReportCommand(args: ReportArgs, io: Io): Promise<number> {
  const now = new Date();
  // Every flag is checked before the first request: a typo must not cost a listing and an export.
  const window = resolveWindow({ from: args.from, to: args.to, days: args.days, timezone: args.timezone }, now);
  const failOn = parseFailOn(args.failOn);
  if (args.format === "html" && args.out === undefined && io.stdoutIsTTY) {
    throw new UserError("--format html writes a whole page: give it a file.", { hint: "Example: --format html --out report.html" });
  }
  const targets = await resolveTargets({
    configPath: args.config,
    only: args.target,
    flags: connectionFlags(args),
    paths: args.paths ?? [],
    cwd: io.cwd,
    env: io.env,
  });
  const target = targets[0];
  if (target === undefined || targets.length > 1) {
    throw new UserError(`A report covers one workspace, and ${targets.length} targets are selected.`, {
      hint: `Pick one with --target (${targets.map((t) => t.name).join(", ")}).`,
    });
  }
  const { load: loaded, repository } = await readRepository({
    roots: target.paths,
    cwd: io.cwd,
    identity: { flag: args.repository, config: target.repository, env: io.env },
  });
  // Read-only: without an identity the report still runs, with nothing counted as managed.
  if (repository === null) io.stderr(`note: ${missingRepositoryError().message} Nothing counts as managed in this report.\n`);
  const log = (line: string): void => io.stderr(`${line}\n`);
  const client = new DustClient(target.connection, { log });
  let report: Report;
  let progress = false;
  try {
    report = await runReport({
      source: client,
      bundles: loaded.bundles,
      window,
      now,
      workspaceId: target.connection.workspaceId,
      repository: repository?.id ?? null,
      log,
      // A terminal gets one line redrawn in place; a CI log gets nothing per row (one line per step).
      onRows: io.stderrIsTTY
        ? (n) => {
            progress = true;
            io.stderr(`\rreport: ${n.toLocaleString("en-US")} usage rows read`);
          }
        : undefined,
    });
  } finally {
    if (progress) io.stderr("\n");
    await client.close();
  }
  if (!report.usageKnown) io.stderr(`usage unknown: ${report.usageUnknownReason ?? "the analytics export was refused"}\n`);

  const text = renderReport(report, args.format, { color: args.out === undefined && useColor(io) });
  await emit(text, args, io, "report");

  const verdict = evaluateFailOn(report, failOn);
  if (!verdict.failed) return 0;
  io.stderr(`report: --fail-on ${failOn.join(",")} failed:\n${verdict.lines.map((l) => `  - ${l}`).join("\n")}\n`);
  return 2;
}
