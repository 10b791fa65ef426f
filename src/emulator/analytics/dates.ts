const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" → epoch ms of that day at 00:00 UTC. */
export function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar day (rejects 2024-13-01 and 2023-02-29). */
export function isValidDay(day: string): boolean {
  const ms = dayToMs(day);
  return Number.isFinite(ms) && msToDay(ms) === day;
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
