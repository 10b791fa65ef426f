import { ANALYTICS_TABLES } from "../types.js";
import type { AnalyticsTable } from "../types.js";
import { isValidDay } from "./dates.js";

export interface ExportQuery {
  table: AnalyticsTable;
  startDate: string;
  endDate: string;
  timezone: string;
  format: "csv" | "json";
}

/** The shape zod 3 gives its issues; the server prints `JSON.stringify(issues, null, 2)` after "Invalid query parameters: ". */
export type ZodLikeIssue = Record<string, unknown> & { code: string; path: (string | number)[]; message: string };

const FORMATS = ["csv", "json"] as const;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function quoteOptions(options: readonly string[]): string {
  return options.map((o) => `'${o}'`).join(" | ");
}

function enumIssues(key: string, options: readonly string[], value: string | null, required: boolean): ZodLikeIssue[] {
  if (value === null) {
    if (!required) return [];
    return [{ code: "invalid_type", expected: quoteOptions(options), received: "undefined", path: [key], message: "Required" }];
  }
  if (options.includes(value)) return [];
  return [
    {
      received: value,
      code: "invalid_enum_value",
      options: [...options],
      path: [key],
      message: `Invalid enum value. Expected ${quoteOptions(options)}, received '${value}'`,
    },
  ];
}

function dayIssues(key: string, value: string | null): ZodLikeIssue[] {
  if (value === null) return [{ code: "invalid_type", expected: "string", received: "undefined", path: [key], message: "Required" }];
  if (!DAY_PATTERN.test(value)) {
    return [{ validation: "regex", code: "invalid_string", message: "Date must be in YYYY-MM-DD format", path: [key] }];
  }
  if (!isValidDay(value)) return [{ code: "custom", message: "Invalid date", path: [key] }];
  return [];
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** GetAnalyticsExportRequestSchema.safeParse, issue for issue, in the schema's key order. */
export function parseExportQuery(params: URLSearchParams): { query: ExportQuery } | { issues: ZodLikeIssue[] } {
  const table = params.get("table");
  const startDate = params.get("startDate");
  const endDate = params.get("endDate");
  const timezone = params.get("timezone");
  const format = params.get("format");
  const issues: ZodLikeIssue[] = [
    ...enumIssues("table", ANALYTICS_TABLES, table, true),
    ...dayIssues("startDate", startDate),
    ...dayIssues("endDate", endDate),
    ...(timezone !== null && !isValidTimeZone(timezone)
      ? [{ code: "custom", message: "Invalid IANA timezone", path: ["timezone"] }]
      : []),
    ...enumIssues("format", FORMATS, format, false),
  ];
  if (issues.length > 0) return { issues };
  // A refinement over the whole object only runs once every field is valid, as in zod.
  if ((startDate as string) > (endDate as string)) {
    return { issues: [{ code: "custom", message: "startDate must be before or equal to endDate", path: ["startDate"] }] };
  }
  return {
    query: {
      table: table as AnalyticsTable,
      startDate: startDate as string,
      endDate: endDate as string,
      timezone: timezone ?? "UTC",
      format: (format ?? "csv") as "csv" | "json",
    },
  };
}
