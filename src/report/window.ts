import { UserError } from "../errors.js";
import type { ReportWindow } from "../model/report.js";

export const DEFAULT_DAYS = 30;
/** The export answers per day; a longer range is slow on the server and unreadable in one chart. */
export const MAX_DAYS = 366;

export interface WindowFlags {
  from?: string;
  to?: string;
  days?: number;
  timezone?: string;
}

/**
 * --from/--to (inclusive, YYYY-MM-DD) or --days N ending today in the timezone. Dates are calendar days in
 * that timezone, as the export buckets them; all arithmetic is on dates, never on instants.
 */
export function resolveWindow(flags: WindowFlags, now: Date): ReportWindow {
  const timezone = checkTimezone(flags.timezone ?? "UTC");
  const from = flags.from === undefined ? undefined : checkDate(flags.from, "--from");
  const to = flags.to === undefined ? undefined : checkDate(flags.to, "--to");
  if (flags.days !== undefined && from !== undefined && to !== undefined) {
    throw new UserError("Give either --days or both --from and --to, not all three.", {
      hint: "Example: --from 2025-01-01 --to 2025-01-31, or --days 30.",
    });
  }
  const days = flags.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new UserError(`--days must be a whole number from 1 to ${MAX_DAYS}, not ${String(flags.days)}.`);
  }
  let start: string;
  let end: string;
  if (from !== undefined && to !== undefined) {
    [start, end] = [from, to];
  } else if (from !== undefined) {
    [start, end] = [from, addDays(from, days - 1)];
  } else {
    end = to ?? todayIn(timezone, now);
    start = addDays(end, -(days - 1));
  }
  if (start > end) {
    throw new UserError(`The date range is reversed: --from ${start} is after --to ${end}.`, {
      hint: "Both dates are inclusive; swap them.",
    });
  }
  const dates = datesBetween(start, end);
  if (dates.length > MAX_DAYS) {
    throw new UserError(`The range ${start}..${end} spans ${dates.length} days; the limit is ${MAX_DAYS}.`);
  }
  return { from: start, to: end, timezone, days: dates.length, dates };
}

/** The canonical IANA name, or a UserError: the server would answer 400 much later, after the listing. */
export function checkTimezone(tz: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new UserError(`Unknown timezone "${tz}".`, {
      hint: "Use an IANA name such as UTC, Europe/Paris or America/New_York.",
    });
  }
}

/** Formatters are costly to build (~0.3 ms each) and the join asks for one day per skill: keep one per zone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in an IANA timezone. */
export function todayIn(timezone: string, now: Date): string {
  let format = dayFormats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timezone, format);
  }
  const parts = format.formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function checkDate(s: string, flag: string): string {
  const v = s.trim();
  if (!isIsoDate(v)) {
    throw new UserError(`${flag} must be a calendar date written YYYY-MM-DD, not "${s}".`, {
      hint: "Example: --from 2025-01-01 --to 2025-01-31 (both inclusive).",
    });
  }
  return v;
}

export function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
}
