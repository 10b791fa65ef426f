import { UserError } from "../errors.js";
import type { Plan } from "../model/plan.js";
import type { Report } from "../model/report.js";
import type { SyncResult, TargetOutcome } from "../model/sync.js";

/**
 * Reads what `plan|sync --format json` wrote, per target: one target (no config file, or one `--target`) is the
 * bare Plan / SyncResult; a config file with several targets gives `{version, targets: [...]}`; a sync whose plan
 * has errors writes `null` (nothing was applied).
 */
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
