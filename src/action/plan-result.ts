import { UserError } from "../errors.js";
import type { Plan } from "../model/plan.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { planHeadline } from "../render/plan-summary.js";
import type { Report } from "../model/report.js";
import type { SyncResult } from "../model/sync.js";
import { tableCell } from "./markdown.js";

/**
 * What `plan|sync --format json` wrote, per target: one target (no config file, or one `--target`) is the bare
 * Plan / SyncResult; a config file with several targets gives `{version, targets: [...]}`; a sync whose plan has
 * errors writes `null` (nothing was applied).
 */
export interface TargetOutcome {
  name: string;
  plan: Plan | null;
  sync: SyncResult | null;
  error: string | null;
}

export function parseCliJson(text: string, source: string): TargetOutcome[] {
  const value = parseJson(text, source);
  if (value === null) return [];
  const doc = value as { targets?: unknown };
  if (Array.isArray(doc.targets)) {
    return (doc.targets as Array<{ name?: unknown; plan?: unknown; result?: unknown; error?: unknown }>).map((t) => {
      const sync = t.result ? asSync(t.result, source) : null;
      const plan = sync ? sync.plan : t.plan ? asPlan(t.plan, source) : null;
      return { name: String(t.name ?? "target"), plan, sync, error: typeof t.error === "string" ? t.error : null };
    });
  }
  if (typeof value === "object" && value !== null && "results" in value) {
    const sync = asSync(value, source);
    return [{ name: "default", plan: sync.plan, sync, error: null }];
  }
  return [{ name: "default", plan: asPlan(value, source), sync: null, error: null }];
}

/**
 * The JSON is the CLI's own Plan object serialized by this same build; the check guards against a file from
 * something else (or a future schema) reaching the renderers.
 */
function asPlan(value: unknown, source: string): Plan {
  const p = value as Partial<Plan> | null;
  if (p?.version !== 1 || typeof p.hasChanges !== "boolean" || typeof p.summary !== "object" || !Array.isArray(p.actions) || !Array.isArray(p.errors)) {
    throw new UserError(`${source} is not a version-1 dust-skills plan`);
  }
  return p as Plan;
}

function asSync(value: unknown, source: string): SyncResult {
  const s = value as Partial<SyncResult>;
  if (!Array.isArray(s.results) || typeof s.ok !== "boolean") throw new UserError(`${source} is not a dust-skills sync result`);
  return { ...(s as SyncResult), plan: asPlan(s.plan, source) };
}

/** `report --format json`: the Report object as the CLI built it, ready for the other renderers. */
export function parseReportJson(text: string, source: string): Report {
  const value = parseJson(text, source) as Partial<Report> | null;
  if (value?.version !== 1) throw new UserError(`${source} is not a version-1 dust-skills report`);
  return value as Report;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UserError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The outputs action.yml declares, summed over targets; all strings, as the runner stores them. */
export function outcomeOutputs(outcomes: TargetOutcome[]): Record<string, string> {
  const plans = outcomes.flatMap((o) => (o.plan ? [o.plan] : []));
  const sum = (f: (p: Plan) => number): string => String(plans.reduce((n, p) => n + f(p), 0));
  return {
    "has-changes": String(plans.some((p) => p.hasChanges)),
    created: sum((p) => p.summary.create),
    // Everything whose live content a sync overwrites: ordinary updates, Dust edits (drift) and takeovers.
    updated: sum((p) => p.summary.update + p.summary.drifted + p.summary.takeover),
    conflicts: sum((p) => p.summary.conflict),
    archived: sum((p) => p.summary.archive),
    drifted: sum((p) => p.summary.drifted),
  };
}

/** The log's one line per target. */
export function outcomeHeadlines(outcomes: TargetOutcome[]): string[] {
  const many = outcomes.length > 1;
  return outcomes.map((o) => `${many ? `${o.name}: ` : ""}${o.plan ? planHeadline(o.plan) : `error: ${o.error ?? "no plan"}`}`);
}

/** One Markdown document for the summary and the PR comment: each target's plan, then what sync did. */
export function outcomeMarkdown(outcomes: TargetOutcome[]): string {
  const many = outcomes.length > 1;
  return outcomes
    .map((o) => {
      const heading = many ? `## Target \`${o.name}\`\n\n` : "";
      if (!o.plan) return `${heading}**Error:** ${o.error ?? "no plan"}\n`;
      const budget = Math.floor(60_000 / Math.max(1, outcomes.length));
      return heading + renderPlanMarkdown(o.plan, { maxChars: budget }) + (o.sync ? `\n${syncResultsMarkdown(o.sync)}` : "");
    })
    .join("\n");
}

export function syncResultsMarkdown(sync: SyncResult): string {
  const failed = sync.results.filter((r) => r.status === "failed").length;
  let md = `### Sync ${sync.ok ? "succeeded" : `failed (${failed} of ${sync.results.length})`}\n\n`;
  if (sync.results.length === 0) return md + "Nothing was sent: the workspace already matched.\n";
  md += "| Skill | Action | Result | Note |\n|---|---|---|---|\n";
  for (const r of sync.results) {
    const icon = { ok: "✅", failed: "❌", skipped: "⏭️", unverified: "❔" }[r.status] ?? "";
    md += `| ${tableCell(r.name)} | ${tableCell(r.kind)} | ${icon} ${r.status} | ${tableCell(r.message ?? "")} |\n`;
  }
  return md;
}
