import { ANALYTICS_TABLES } from "../types.js";
import type { AnalyticsTable } from "../types.js";
import { TIMEZONE_NAMES } from "./timezone-names.js";

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

/**
 * One field's parse, as zod 3 reports it. `aborted` is zod's status: a wrong type or enum value stops the
 * object there (its refinements never run); a failed `.refine` only makes it dirty.
 */
interface FieldResult {
  issues: ZodLikeIssue[];
  aborted: boolean;
}

const ok: FieldResult = { issues: [], aborted: false };

function enumField(key: string, options: readonly string[], value: string | null, required: boolean): FieldResult {
  if (value === null) {
    if (!required) return ok;
    return {
      issues: [{ code: "invalid_type", expected: quoteOptions(options), received: "undefined", path: [key], message: "Required" }],
      aborted: true,
    };
  }
  if (options.includes(value)) return ok;
  return {
    issues: [
      {
        received: value,
        code: "invalid_enum_value",
        options: [...options],
        path: [key],
        message: `Invalid enum value. Expected ${quoteOptions(options)}, received '${value}'`,
      },
    ],
    aborted: true,
  };
}

/** z.string().refine(YYYY-MM-DD): a pattern, no calendar check (2026-02-31 passes). */
function dayField(key: string, value: string | null): FieldResult {
  if (value === null) {
    return { issues: [{ code: "invalid_type", expected: "string", received: "undefined", path: [key], message: "Required" }], aborted: true };
  }
  if (!DAY_PATTERN.test(value)) {
    return { issues: [{ code: "custom", message: "Date must be in YYYY-MM-DD format", path: [key] }], aborted: false };
  }
  return ok;
}

function timezoneField(value: string | null): FieldResult {
  if (value === null || TIMEZONE_NAMES.has(value)) return ok;
  return { issues: [{ code: "custom", message: "Invalid IANA timezone", path: ["timezone"] }], aborted: false };
}

/**
 * GetAnalyticsExportRequestSchema.safeParse, issue for issue, in the schema's key order. The object's
 * own refinement (startDate <= endDate, `path: []`) runs unless a field aborted, so a malformed date
 * can bring it along.
 */
export function parseExportQuery(params: URLSearchParams): { query: ExportQuery } | { issues: ZodLikeIssue[] } {
  const table = params.get("table");
  const startDate = params.get("startDate");
  const endDate = params.get("endDate");
  const timezone = params.get("timezone");
  const format = params.get("format");
  const fields = [
    enumField("table", ANALYTICS_TABLES, table, true),
    dayField("startDate", startDate),
    dayField("endDate", endDate),
    timezoneField(timezone),
    enumField("format", FORMATS, format, false),
  ];
  const issues = fields.flatMap((f) => f.issues);
  if (!fields.some((f) => f.aborted) && (startDate as string) > (endDate as string)) {
    issues.push({ code: "custom", message: "startDate must be before or equal to endDate", path: [] });
  }
  if (issues.length > 0) return { issues };
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
