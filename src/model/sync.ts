import type { Availability, OnConflict } from "./skill.js";
import type { ActionKind, Plan } from "./plan.js";

/** What `sync` did, per skill and per upload: rendered as text, JSON and Markdown by the CLI and the Action alike. */

export type SkillResultStatus = "ok" | "failed" | "skipped" | "unverified";

export interface SkillResult {
  name: string;
  kind: ActionKind;
  status: SkillResultStatus;
  /** Why it failed or could not be verified, in words a user can act on. */
  message: string | null;
  sId: string | null;
}

export interface UploadResult {
  fileName: string;
  bytes: number;
  names: string[];
  onConflict: OnConflict;
  availability: Availability | null;
  status: "ok" | "failed";
  message: string | null;
}

export const SYNC_SCHEMA_VERSION = 1;

export interface SyncResult {
  version: typeof SYNC_SCHEMA_VERSION;
  plan: Plan;
  results: SkillResult[];
  uploads: UploadResult[];
  bytesUploaded: number;
  /** Every planned write succeeded and was verified (or could not be seen, with the reason given). */
  ok: boolean;
}

/** One target of a plan or sync run: its plan, what sync did (null for a plan, or when nothing was applied), or why it failed. */
export interface TargetOutcome {
  name: string;
  plan: Plan | null;
  sync: SyncResult | null;
  error: string | null;
}
