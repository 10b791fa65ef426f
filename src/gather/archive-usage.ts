import { unguardFormula } from "../lib/formula-guard.js";
import type { ArchiveUsageReading } from "../plan/archive-usage.js";
import { ADMIN_KEY_REASON, type ExportSource } from "../report/collect.js";
import { aggregateUsageStream } from "../report/usage.js";
import { DEFAULT_DAYS, resolveWindow } from "../report/window.js";

/**
 * Executions over the last {@link DEFAULT_DAYS} days (UTC, today included) of the skills prune would archive: one
 * `skill_usage` export, read as a stream and summed per name. The export keys rows by the skill's current name only,
 * so that is what is matched. Never throws: a refused or failed export makes the usage unknown, with the reason,
 * and the plan still stands.
 */
export async function readArchiveUsage(source: ExportSource, names: ReadonlySet<string>, now: Date): Promise<ArchiveUsageReading> {
  const window = resolveWindow({ days: DEFAULT_DAYS, timezone: "UTC" }, now);
  try {
    const agg = await aggregateUsageStream(
      source.exportCsv({ table: "skill_usage", startDate: window.from, endDate: window.to, timezone: window.timezone }),
      window,
    );
    const executionsByName = new Map<string, number>();
    for (const [raw, series] of agg.byName) {
      const name = unguardFormula(raw);
      if (!names.has(name)) continue;
      let sum = 0;
      for (const n of series.executions) sum += n;
      executionsByName.set(name, (executionsByName.get(name) ?? 0) + sum);
    }
    return { known: true, from: window.from, to: window.to, days: window.days, executionsByName };
  } catch (err) {
    const status = typeof err === "object" && err !== null ? (err as { status?: unknown }).status : undefined;
    if (status === 403) return { known: false, reason: ADMIN_KEY_REASON };
    const message = err instanceof Error ? err.message : String(err);
    return { known: false, reason: `the analytics export failed (${message})` };
  }
}
