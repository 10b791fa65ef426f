/** Answers and queries of the Dust API that stay at the HTTP edge; the skills themselves are model types. */
import type { LiveSkill } from "../model/skill.js";

export interface ImportResult {
  imported: LiveSkill[];
  updated: LiveSkill[];
  /** Older servers answered `errored`; the client maps it here. */
  skipped: { name: string; message: string }[];
}

/** A `GET /analytics/export` query; dates are `YYYY-MM-DD`, both inclusive; timezone is IANA (server default UTC). */
export interface ExportQuery {
  table: string;
  startDate: string;
  endDate: string;
  timezone?: string;
}
