import type { Plan } from "../model/plan.js";
import type { TargetOutcome } from "../model/sync.js";
import { outcomeMarkdown } from "./outcomes.js";
import { renderPlanJson } from "./plan-json.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { renderPlanText } from "./plan-text.js";
import { refusedSync } from "./sync-markdown.js";
import { renderSyncJson, renderSyncText } from "./sync-text.js";

export type TargetFormat = "text" | "json" | "markdown";

/** One target of a CLI run, with the connection its heading names. */
export interface TargetView extends TargetOutcome {
  workspaceId: string;
  baseUrl: string;
}

function title(t: TargetView): string {
  return `${t.name} (workspace ${t.workspaceId} at ${t.baseUrl})`;
}

function renderPlan(plan: Plan, format: TargetFormat, color: boolean): string {
  if (format === "json") return renderPlanJson(plan);
  if (format === "markdown") return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color });
}

/**
 * `plan`: one target renders as its plan alone (the documented plan schema); several as a list, each under its
 * name, so one failing workspace never hides the others' plans.
 */
export function renderPlanTargets(targets: TargetView[], format: TargetFormat, color: boolean): string {
  const only = targets.length === 1 ? targets[0] : undefined;
  if (only?.plan) return renderPlan(only.plan, format, color);
  if (format === "json") {
    const list = targets.map((t) => ({
      name: t.name,
      workspaceId: t.workspaceId,
      plan: t.plan ? (JSON.parse(renderPlanJson(t.plan)) as unknown) : null,
      error: t.error,
    }));
    return `${JSON.stringify({ version: 1, targets: list }, null, 2)}\n`;
  }
  return targets
    .map((t) => {
      const heading = format === "markdown" ? `## ${title(t)}\n\n` : `=== ${title(t)}\n`;
      const body = t.plan ? renderPlan(t.plan, format, color) : `error: ${t.error ?? "unknown"}\n`;
      return heading + body;
    })
    .join("\n");
}

/** The heading and plan `sync` prints as text before it applies that plan. */
export function renderSyncPlanText(target: TargetView, many: boolean, color: boolean): string {
  const heading = many ? `=== ${target.name} (workspace ${target.workspaceId})\n` : "";
  return `${heading}${target.plan ? renderPlanText(target.plan, { color }) : ""}\n`;
}

/**
 * What `sync` did, per target. Text: each target's plan (unless `planShown`: it was printed before applying),
 * then one line per skill; JSON: the SyncResult (one target) or `{version, targets}`; Markdown: each plan, then
 * the results table, the same document the Action posts.
 */
export function renderSyncTargets(targets: TargetView[], format: TargetFormat, opts: { color: boolean; planShown: boolean }): string {
  const many = targets.length > 1;
  if (format === "json") {
    if (!many) return renderSyncJson(targets[0]?.sync ?? null);
    const list = targets.map((t) => ({ name: t.name, result: t.sync, error: t.error }));
    return `${JSON.stringify({ version: 1, targets: list }, null, 2)}\n`;
  }
  if (format === "markdown") {
    return outcomeMarkdown(targets, { heading: (t) => `## ${title(t)}\n\n` });
  }
  return targets
    .map((t) => {
      const heading = many ? `=== ${t.name} (workspace ${t.workspaceId})\n` : "";
      if (!t.plan || !t.sync) return `${heading}error: ${t.error ?? "unknown"}\n`;
      if (refusedSync(t.sync)) return `${heading}${renderPlanText(t.plan, { color: opts.color })}Nothing was sent: the plan has errors.\n`;
      const plan = opts.planShown ? "" : renderSyncPlanText(t, many, opts.color);
      return plan + renderSyncText(t.sync, { color: opts.color });
    })
    .join("");
}
