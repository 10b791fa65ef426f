import type { ServerResponse } from "node:http";
import type { Auth } from "../auth.js";
import { requireAdmin } from "../auth.js";
import { ApiError } from "../http.js";
import type { ServerContext } from "../server.js";
import type { AnalyticsCell, AnalyticsRow } from "../types.js";
import { TABLE_COLUMNS } from "./columns.js";
import { csvHeader, csvLine } from "./csv.js";
import { msToDay, normalizeDay } from "./dates.js";
import { tableRows } from "./generate.js";
import { parseExportQuery } from "./query.js";

const MAX_PER_MINUTE = 60;
/** Rows are batched into writes of about this many characters. */
const FLUSH_AT = 64 * 1024;

/**
 * GET /analytics/export, in the server's order: per-workspace rate limit (every request counts, even one
 * then refused), admin key, query validation, then the table. The body is streamed with backpressure: rows are produced one by one and writing
 * pauses while the socket buffer is full, so memory stays flat whatever the table size.
 */
export async function exportAnalytics(ctx: ServerContext, auth: Auth, url: URL, res: ServerResponse): Promise<void> {
  const wait = ctx.limiter.tryAcquire(`analytics:${auth.workspace.id}`, ctx.now());
  if (wait > 0) {
    throw new ApiError(
      429,
      "rate_limit_error",
      `Too many requests to this endpoint for this workspace (max ${MAX_PER_MINUTE} per minute).`,
      { "retry-after": String(wait) },
    );
  }
  requireAdmin(auth);
  const parsed = parseExportQuery(url.searchParams);
  if ("issues" in parsed) {
    throw new ApiError(400, "invalid_request_error", `Invalid query parameters: ${JSON.stringify(parsed.issues, null, 2)}`);
  }
  const q = parsed.query;
  const columns = TABLE_COLUMNS[q.table];
  const rows = tableRows(q.table, {
    workspaceId: auth.workspace.id,
    analytics: auth.workspace.analytics,
    skills: ctx.store.getSkills(auth.workspace.id),
    today: msToDay(ctx.now()),
    startDate: normalizeDay(q.startDate),
    endDate: normalizeDay(q.endDate),
    timezone: q.timezone,
  });

  if (q.format === "json") {
    res.writeHead(200, { "content-type": "application/json" });
    let first = true;
    await streamText(res, "[", rows, (row) => {
      const text = (first ? "" : ",") + JSON.stringify(project(columns, row));
      first = false;
      return text;
    }, "]");
    return;
  }
  res.writeHead(200, {
    "content-type": "text/csv",
    "content-disposition": `attachment; filename="dust_${q.table}_${q.startDate}_${q.endDate}.csv"`,
  });
  await streamText(res, csvHeader(columns), rows, (row) => csvLine(columns, row), "");
}

/** Exactly the table's columns, in order; a column the row lacks is null. */
function project(columns: readonly string[], row: AnalyticsRow): AnalyticsRow {
  const out: Record<string, AnalyticsCell> = {};
  for (const c of columns) out[c] = row[c] ?? null;
  return out;
}

async function streamText(
  res: ServerResponse,
  head: string,
  rows: Iterable<AnalyticsRow>,
  render: (row: AnalyticsRow) => string,
  tail: string,
): Promise<void> {
  let pending = head;
  for (const row of rows) {
    pending += render(row);
    if (pending.length >= FLUSH_AT) {
      const ok = res.write(pending);
      pending = "";
      if (!ok) await drained(res);
      if (res.destroyed) return;
    }
  }
  res.end(pending + tail);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
