import type { Availability, OnConflict } from "./skill.js";
import type { ActionKind, Plan } from "./plan.js";

/** What `sync` did, per skill and per upload: rendered as text, JSON and Markdown by the CLI and the Action alike. */

/**
 * - `ok`: written (or archived) as planned, proven by Dust's answer or by a listing.
 * - `failed`: not done, or done differently; the message says why.
 * - `skipped`: deliberately not sent.
 * - `unknown`: the answer was lost and nothing can tell whether it was written ("may have been applied").
 * - `not-sent`: the run was interrupted before its request.
 */
export type SkillResultStatus = "ok" | "failed" | "skipped" | "unknown" | "not-sent";

export interface SkillResult {
  name: string;
  kind: ActionKind;
  status: SkillResultStatus;
  /** Why it failed or what to know about it, in words a user can act on. */
  message: string | null;
  sId: string | null;
}

/** One ZIP as sent; its request's fate is its fate. */
export interface UploadResult {
  fileName: string;
  /** The request (1-based) that carried it: one POST may carry several ZIPs. */
  request: number;
  bytes: number;
  names: string[];
  onConflict: OnConflict;
  availability: Availability | null;
  /** `lost`: sent, but the answer never came (the skills were then decided from a listing). */
  status: "ok" | "failed" | "lost";
  message: string | null;
}

export const SYNC_SCHEMA_VERSION = 1;

export interface SyncResult {
  version: typeof SYNC_SCHEMA_VERSION;
  plan: Plan;
  results: SkillResult[];
  uploads: UploadResult[];
  /** POST /skills requests sent. */
  requests: number;
  bytesUploaded: number;
  /** The signal that stopped the run between two requests, if any. */
  interrupted: string | null;
  /** Every planned write was proven done. */
  ok: boolean;
}

/** One target of a plan or sync run: its plan, what sync did (null for a plan, or when nothing was applied), or why it failed. */
export interface TargetOutcome {
  name: string;
  plan: Plan | null;
  sync: SyncResult | null;
  error: string | null;
}
