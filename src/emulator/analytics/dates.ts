const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" → epoch ms of that day at 00:00 UTC. */
export function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The calendar day a YYYY-MM-DD string lands on when its parts overflow (2026-02-31 → 2026-03-03,
 * 2025-13-01 → 2026-01-01): the query check has no calendar rule, so such days reach the table code.
 */
export function normalizeDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return msToDay(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export function addDays(day: string, n: number): string {
  return msToDay(dayToMs(day) + n * DAY_MS);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayToMs(b) - dayToMs(a)) / DAY_MS);
}

/** Every day from start to end, both included. */
export function* eachDay(start: string, end: string): Generator<string> {
  for (let d = start; d <= end; d = addDays(d, 1)) yield d;
}

/** The calendar day of an instant in an IANA time zone (what Dust's formatDateFromMillis returns). */
export function dayInZone(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}
