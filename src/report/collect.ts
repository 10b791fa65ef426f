import type { ExportQuery } from "../dust/types.js";
import type { SkillsTableRow } from "./join.js";
import type { ReportWindow } from "../model/report.js";
import { aggregateUsageStream } from "./usage.js";
import type { UsageAggregate } from "./usage.js";

/** The part of DustClient the export needs (tests and the bench may pass their own). */
export interface ExportSource {
  exportCsv(q: ExportQuery): AsyncIterable<Record<string, string>>;
}

export interface CollectedUsage {
  /** null when usage is unknown. */
  usage: UsageAggregate | null;
  /** null when the skills table could not be read (older server); names then resolve through GET /skills. */
  skillsTable: SkillsTableRow[] | null;
  unknownReason: string | null;
}

export const ADMIN_KEY_REASON = "the analytics export needs an admin API key";

/**
 * Reads the `skills` table (one row per skill: small) and then streams `skill_usage` into per-day arrays.
 * A 403 means the key may not export: usage is unknown, and the rest of the report still stands.
 * Two requests in all, far below the 60/min limit; a 429 is retried by the client (Retry-After).
 */
export async function collectUsage(
  source: ExportSource,
  window: ReportWindow,
  onProgress: (rows: number) => void = () => {},
): Promise<CollectedUsage> {
  const range = { startDate: window.from, endDate: window.to, timezone: window.timezone };
  let skillsTable: SkillsTableRow[] | null = [];
  try {
    for await (const row of source.exportCsv({ table: "skills", ...range })) {
      skillsTable.push({ skillId: row["skillId"] ?? "", name: row["name"] ?? "", createdAt: row["createdAt"] ?? "", lastEdit: row["lastEdit"] ?? "" });
    }
  } catch (err) {
    if (statusOf(err) === 403) return { usage: null, skillsTable: null, unknownReason: refusal(err) };
    // A server older than the `skills` table answers 400 for the table name; usage is still readable.
    if (statusOf(err) !== 400) throw err;
    skillsTable = null;
  }
  try {
    const usage = await aggregateUsageStream(source.exportCsv({ table: "skill_usage", ...range }), window, onProgress);
    return { usage, skillsTable, unknownReason: null };
  } catch (err) {
    if (statusOf(err) === 403) return { usage: null, skillsTable: null, unknownReason: refusal(err) };
    throw err;
  }
}

/** Duck-typed so a test double need not be a DustApiError; the client's errors carry `status`. */
function statusOf(err: unknown): number | undefined {
  const s = typeof err === "object" && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof s === "number" ? s : undefined;
}

function refusal(err: unknown): string {
  const said = typeof err === "object" && err !== null ? (err as { serverMessage?: unknown }).serverMessage : undefined;
  return typeof said === "string" && said !== "" ? `${ADMIN_KEY_REASON} (Dust said: ${said})` : ADMIN_KEY_REASON;
}
