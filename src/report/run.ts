import type { Bundle } from "../model/bundle.js";
import { buildPlan } from "../plan/plan.js";
import { collectUsage } from "./collect.js";
import type { ExportSource } from "./collect.js";
import { verdictsFromPlan } from "./compare.js";
import { joinReport } from "./join.js";
import type { LiveState } from "./join.js";
import type { Report, ReportWindow } from "../model/report.js";

/** The client calls the report makes: listing and export (DustClient fits; tests pass doubles). */
export interface ReportSource extends ExportSource {
  listAllSkills(): Promise<LiveState>;
}

export interface ReportRunInput {
  source: ReportSource;
  bundles: Bundle[];
  window: ReportWindow;
  now: Date;
  workspaceId?: string | null;
  /** This repository's identity; null or absent: nothing counts as managed. */
  repository?: string | null;
  /** One line per step (stderr). */
  log?: (line: string) => void;
  /** Rows of skill_usage read so far, every 10,000 rows. */
  onRows?: (rows: number) => void;
}

/**
 * Live skills, then the export, then the planner's verdicts (so report and plan agree on drift), then the
 * pure join. The only I/O is through `source`.
 */
export async function runReport(input: ReportRunInput): Promise<Report> {
  const log = input.log ?? (() => {});
  const { window } = input;
  log(`report: listing skills${input.workspaceId ? ` in workspace ${input.workspaceId}` : ""}`);
  const live = await input.source.listAllSkills();
  log(`report: reading the analytics export (skills, skill_usage) for ${window.from}..${window.to} in ${window.timezone}`);
  const collected = await collectUsage(input.source, window, input.onRows);
  const plan = buildPlan({
    bundles: input.bundles,
    live,
    // override: a same-name skill another owner has is compared too, instead of stopping at "conflict".
    onConflict: "override",
    prune: false,
    changedDirs: null,
    repository: input.repository ?? null,
    unpublishedHidden: !live.seesUnpublished,
  });
  return joinReport({
    window,
    bundles: input.bundles,
    live,
    usage: collected.usage,
    usageUnknownReason: collected.unknownReason,
    skillsTable: collected.skillsTable,
    compare: verdictsFromPlan(plan),
    now: input.now,
    workspaceId: input.workspaceId ?? null,
    repository: input.repository ?? null,
  });
}
