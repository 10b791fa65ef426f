/**
 * The usage drift report: one object that every format (text, json, csv, markdown, html) renders.
 * Bump REPORT_VERSION when a field changes meaning or disappears; adding a field does not bump it.
 */
export const REPORT_VERSION = 1;

/** Compared fields agree (in-sync) or not (drifted); unknown when they could not be compared. */
export type SyncState = "in-sync" | "drifted" | "unknown";

/**
 * Second half of the window against the first half (the middle day of an odd window counts in neither).
 * new: nothing in the first half; stopped: nothing in the second; idle: nothing at all;
 * rising/falling: at least +25% / -20%; n/a: a one-day window has no halves.
 */
export type TrendLabel = "rising" | "steady" | "falling" | "new" | "stopped" | "idle" | "n/a";

export interface Trend {
  label: TrendLabel;
  firstHalf: number;
  secondHalf: number;
  /** secondHalf / firstHalf; null when the first half is 0. */
  ratio: number | null;
}

/** Built-in Dust skills appear in the analytics but not in GET /skills and cannot be adopted. */
export type SkillOrigin = "custom" | "global" | "unknown";

/** Where the skill stands in the workspace: absent means neither GET /skills nor the skills export knows it. */
export type LiveStatus = "active" | "archived" | "absent";

export interface SkillUsage {
  executions: number;
  /**
   * Sum over the window of the export's per-day `uniqueUsers`: user-days, not distinct people
   * (someone who used the skill on 3 days counts 3). The export has no distinct count over a range.
   */
  userDays: number;
  /** Days with at least one execution. */
  activeDays: number;
  firstUsed: string | null;
  lastUsed: string | null;
  trend: Trend;
  /** Executions per day, aligned with `Report.window.dates`. */
  daily: number[];
  /** Unique users per day, aligned with `Report.window.dates`. */
  dailyUsers: number[];
}

export interface SkillRow {
  /** Unique within the report: the active sId, else `git:<SKILL.md path>`, else `id:<raw id>` / `name:<name>`. */
  key: string;
  name: string;
  /** The skill's sIds: the live one first, then other skills whose usage was merged into this row. */
  sIds: string[];
  origin: SkillOrigin;
  liveStatus: LiveStatus;
  inGit: boolean;
  /** SKILL.md path relative to the repo root, when in git. */
  bundlePath: string | null;
  /** Active in the workspace listing. */
  inWorkspace: boolean;
  /** In git and the live skill is this repo's: source `api` with `sourceMetadata.filePath` = bundlePath. */
  managed: boolean;
  source: string | null;
  /** null when the skill is not both in git and in the workspace (nothing to compare). */
  state: SyncState | null;
  /** What differs or why the comparison was not possible, e.g. "description, instructions". */
  stateDetail: string | null;
  /** null when usage is unknown (no analytics access). */
  usage: SkillUsage | null;
  notes: string[];
}

export interface ReportSets {
  /** Keys of managed skills with at least one execution in the window. */
  managedUsed: string[];
  /** Managed, no execution in the whole window, and existing for the whole window when known. */
  retireCandidates: string[];
  /** Custom skills active in the workspace, not in git, with executions: worth pulling into git. */
  adoptCandidates: string[];
  drifted: string[];
  /** In git, not active in the workspace. */
  missingFromWorkspace: string[];
  /** Custom skills active in the workspace that this repo does not manage. */
  unmanaged: string[];
}

export interface ReportTotals {
  skills: number;
  inGit: number;
  inWorkspace: number;
  managed: number;
  drifted: number;
  missingFromWorkspace: number;
  unmanaged: number;
  /** The usage totals are null when usage is unknown. */
  executions: number | null;
  managedExecutions: number | null;
  /** managedExecutions / executions (0..1); null when unknown or when nothing ran. */
  managedShare: number | null;
  userDays: number | null;
  /** Executions under names no skill could be found for. */
  unresolvedExecutions: number | null;
}

export interface ReportWindow {
  from: string;
  to: string;
  timezone: string;
  days: number;
  /** Every day of the window, inclusive, `YYYY-MM-DD`. */
  dates: string[];
}

export interface Report {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  window: ReportWindow;
  workspaceId: string | null;
  usageKnown: boolean;
  /** Why usage is unknown, e.g. the key is not an admin key. */
  usageUnknownReason: string | null;
  /** Rows of the `skill_usage` export read (null when usage is unknown). */
  usageRows: number | null;
  /** Sorted by executions (desc), then name. */
  skills: SkillRow[];
  sets: ReportSets;
  totals: ReportTotals;
  /** Things the reader must know to trust the numbers (ambiguities, hidden skills, skipped rows). */
  notes: string[];
  definitions: Record<string, string>;
}

export const DEFINITIONS: Record<string, string> = {
  executions: "Times the skill ran in the window (sum of the export's daily executions).",
  userDays:
    "User-days: the sum over the window of each day's unique users. Someone using the skill on 3 days counts 3; it is not a count of distinct people.",
  managed: "In git, and the live skill was imported from this repo (source api, same SKILL.md path).",
  state: "in-sync or drifted: name, description, instructions and attachment names compared; attachment contents cannot be read back.",
  trend: "Executions in the second half of the window against the first half.",
  managedShare: "Share of all executions that ran on skills managed from git.",
};
