import type { Availability, OnConflict } from "./skill.js";
import type { OwnershipRecord } from "./ownership-record.js";

/**
 * The Plan: what syncing the repository would do to one workspace, and why. Every output format (text, JSON,
 * Markdown) is rendered from this one object, and `sync` executes it.
 *
 * JSON schema (`dust-skills plan --format json`), version {@link PLAN_SCHEMA_VERSION}:
 * - Every key is always present, in the order declared below; an absent value is `null`, never omitted.
 * - `version` changes only on a breaking change (a key removed or its meaning changed); new keys may appear.
 * - Paths are POSIX, relative to the repository root. Times are epoch milliseconds.
 * - `actions` is sorted by skill name (code-unit order), then bundle folder; one action per skill.
 */
export const PLAN_SCHEMA_VERSION = 1;

/**
 * - `create`: no active skill has this name; the upload creates one.
 * - `update`: a skill this repository owns whose bundle changed since the last upload (its fingerprint differs
 *   from the recorded one: SKILL.md or any shipped attachment), or moved to another path.
 * - `unchanged`: nothing to send.
 * - `drifted`: the live name, description or instructions no longer hash to the recorded text hash: edited in
 *   Dust since the last upload; syncing overwrites that edit.
 * - `conflict`: an active skill with this name exists that this repository does not own (another repository's
 *   record, a legacy skill with no record, another source); with `--on-conflict error` the plan fails, with
 *   `skip` nothing is sent for it.
 * - `takeover`: such a conflict resolved by `--on-conflict override`: the upload replaces it in place (same sId).
 * - `orphan`: a skill whose record names this repository but whose bundle is gone (or renamed); left alone without `--prune`.
 * - `archive`: an orphan that `--prune` archives.
 * - `invalid`: a bundle Dust would drop, one too large for any upload, or whose name another bundle also uses;
 *   never uploaded.
 */
export type ActionKind =
  | "create"
  | "update"
  | "unchanged"
  | "conflict"
  | "takeover"
  | "drifted"
  | "orphan"
  | "archive"
  | "invalid";

/** Every kind, in the order outputs group them: writes first, then what needs a decision, then the rest. */
export const ACTION_KINDS: readonly ActionKind[] = [
  "create",
  "update",
  "drifted",
  "takeover",
  "archive",
  "conflict",
  "orphan",
  "invalid",
  "unchanged",
];

/** Which field differs. `description` is compared with both of Dust's description fields. */
export type ChangedField = "name" | "description" | "instructions" | "attachments" | "availability";

export interface FieldChange {
  field: ChangedField;
  /** The live field(s) this change is about, e.g. `["agentFacingDescription", "userFacingDescription"]`. */
  liveFields: string[];
  /** Live value; for `attachments` the sorted file names. null when there is no live skill. */
  before: string | string[] | null;
  /** Value the upload sends; for `attachments` the sorted file names. */
  after: string | string[] | null;
  /** Unified diff (live → repo) for `instructions`; null otherwise or when too large to diff (see notes). */
  diff: string | null;
  /** Lines added/removed for `instructions`; attachment names added/removed for `attachments`. */
  added: string[] | number | null;
  removed: string[] | number | null;
}

/** The repository side of an action. */
export interface PlanBundleRef {
  /** Bundle folder, e.g. `skills/release-notes`. */
  dir: string;
  /** The SKILL.md path in the repository. */
  skillMd: string;
  /**
   * The `sourceMetadata.filePath` an upload of this bundle makes Dust store: the ownership record (repository,
   * bundle path, fingerprint, text hash). null when the bundle is not uploaded as it is (invalid, unreadable).
   */
  filePath: string | null;
}

/** The workspace side of an action. */
export interface PlanLiveRef {
  sId: string;
  name: string;
  source: string | null;
  filePath: string | null;
  availability: Availability | null;
  updatedAt: number | null;
  /** The ownership record its `filePath` carries (any repository's); null for a plain path or none. */
  record: OwnershipRecord | null;
}

export interface PlanAction {
  kind: ActionKind;
  /** The skill name (the identity Dust matches on); null only for an invalid bundle whose name is unreadable. */
  name: string | null;
  bundle: PlanBundleRef | null;
  live: PlanLiveRef | null;
  /** Why the action has this kind, one sentence each. */
  reasons: string[];
  /** Fields that differ between the live skill and the bundle (for `create` after a rename: the `name`). */
  changes: FieldChange[];
  /** The bundle's files changed in git since `--changed-since`; null when not asked or no bundle. */
  changedInGit: boolean | null;
  /** What the reader should know: what could not be compared, what the server will do. */
  notes: string[];
  /** `sync` uploads this bundle. */
  willUpload: boolean;
  /** `sync` archives this live skill (DELETE). */
  willArchive: boolean;
  /** The availability sent with the upload; null when not uploaded or none is sent. */
  availability: Availability | null;
  /** For `conflict` and `takeover`: the `--on-conflict` policy that decided it. */
  conflictPolicy: OnConflict | null;
  /** Set on both sides of a rename in git: the old live name and the new bundle name. */
  renamed: { from: string; to: string } | null;
  /**
   * For a skill `--prune` would archive, admin keys only: its executions in the analytics `skill_usage` export over
   * the window (both days inclusive), so nobody archives a skill agents still use without seeing it. null otherwise.
   */
  recentUsage: RecentUsage | null;
}

/** Executions of one skill over a window of days, read from the analytics export. */
export interface RecentUsage {
  executions: number;
  /** First and last day of the window, `YYYY-MM-DD`, both inclusive (UTC). */
  from: string;
  to: string;
}

/** A bundle the selection left out. */
export interface ExcludedBundle {
  name: string | null;
  dir: string;
  skillMd: string;
  reason: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  unchanged: number;
  conflict: number;
  takeover: number;
  drifted: number;
  archive: number;
  orphan: number;
  invalid: number;
  /** Bundles left out by the selection. */
  excluded: number;
}

export interface PlanTarget {
  workspaceId: string;
  baseUrl: string;
}

/** One ZIP of a planned request. */
export interface PlanZip {
  fileName: string;
  /** Exact size of the ZIP. */
  bytes: number;
  entries: number;
  uncompressedBytes: number;
  /** Bundle folders it carries, in ZIP order. */
  bundles: string[];
}

/** One POST /skills that `sync` sends, exactly as it will send it (same ZIPs, same sizes, same order). */
export interface PlanRequest {
  /** 1-based, in sending order. */
  index: number;
  onConflict: OnConflict;
  availability: Availability | null;
  /** Sum of its ZIP sizes: at most 5 MiB. */
  bytes: number;
  zips: PlanZip[];
}

export interface Plan {
  version: typeof PLAN_SCHEMA_VERSION;
  /** The workspace planned against; null when the caller did not say. */
  target: PlanTarget | null;
  actions: PlanAction[];
  excluded: ExcludedBundle[];
  summary: PlanSummary;
  /** What could not be compared, in plain words (e.g. attachment contents). */
  uncomparable: string[];
  /** Plan-wide remarks (e.g. orphans not looked for under a selection). */
  notes: string[];
  /** Something would be written: any create, update, drifted, takeover or archive. */
  hasChanges: boolean;
  /** Reasons the plan cannot be applied (conflicts under `--on-conflict error`, invalid bundles, ...). */
  errors: string[];
  /** The requests `sync` would send; null when they were not worked out (sync packs while it sends). */
  requests: PlanRequest[] | null;
}
