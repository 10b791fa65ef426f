import type { ReportWindow } from "../model/report.js";

/** Per raw skill name (as exported, formula guard still on), per window day. */
export interface NameSeries {
  executions: Float64Array;
  users: Float64Array;
}

export interface UsageAggregate {
  byName: Map<string, NameSeries>;
  rows: number;
  /** Rows with a missing name, a bad number or a bad date. */
  malformedRows: number;
  /** Rows dated outside the window (the export buckets by day in the timezone sent; a mismatch shows here). */
  outsideWindowRows: number;
}

/**
 * Folds `skill_usage` rows one at a time into day-indexed arrays per name, so memory grows with
 * names × days and never with the number of rows or the size of the export.
 */
export class UsageAggregator {
  private readonly dayIndex: Map<string, number>;
  private readonly agg: UsageAggregate = { byName: new Map(), rows: 0, malformedRows: 0, outsideWindowRows: 0 };

  constructor(private readonly window: Pick<ReportWindow, "dates">) {
    this.dayIndex = new Map(window.dates.map((d, i) => [d, i]));
  }

  add(row: Readonly<Record<string, string | number | undefined>>): void {
    this.agg.rows++;
    const name = row["skillName"];
    const executions = count(row["executions"]);
    const users = count(row["uniqueUsers"] ?? 0);
    if (typeof name !== "string" || name === "" || executions === null || users === null) {
      this.agg.malformedRows++;
      return;
    }
    const date = row["date"];
    const day = typeof date === "string" ? this.dayIndex.get(date) : undefined;
    if (day === undefined) {
      if (typeof date === "string" && isIsoDay(date.trim())) this.agg.outsideWindowRows++;
      else this.agg.malformedRows++;
      return;
    }
    let series = this.agg.byName.get(name);
    if (series === undefined) {
      const n = this.window.dates.length;
      series = { executions: new Float64Array(n), users: new Float64Array(n) };
      this.agg.byName.set(name, series);
    }
    // A name can repeat on one day when two skills share it (archived + active): their rows add up.
    series.executions[day] = (series.executions[day] ?? 0) + executions;
    series.users[day] = (series.users[day] ?? 0) + users;
  }

  result(): UsageAggregate {
    return this.agg;
  }
}

/** A non-negative count, or null. Runs once per export row: no regular expression on the common path. */
function count(v: string | number | undefined): number | null {
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? v : null;
  if (v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function isIsoDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s);
}

export async function aggregateUsageStream(
  rows: AsyncIterable<Readonly<Record<string, string>>>,
  window: Pick<ReportWindow, "dates">,
  onRow?: (n: number) => void,
): Promise<UsageAggregate> {
  const agg = new UsageAggregator(window);
  let n = 0;
  for await (const row of rows) {
    agg.add(row);
    if (onRow !== undefined && ++n % 10_000 === 0) onRow(n);
  }
  return agg.result();
}
