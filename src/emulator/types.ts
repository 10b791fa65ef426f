/**
 * The emulator's own model of a Dust workspace. It deliberately does not reuse src/dust/types.ts: the
 * emulator stands in for the server, so it is typed after what the server stores, not what the client reads.
 */

export type Role = "admin" | "builder" | "user";
export type Region = "us" | "eu";
export type SkillStatus = "active" | "archived" | "suggested";
export type Availability = "editors" | "workspace_users" | "users_and_agents";

export const SKILL_STATUSES: readonly SkillStatus[] = ["active", "archived", "suggested"];
export const AVAILABILITIES: readonly Availability[] = ["editors", "workspace_users", "users_and_agents"];

export interface StoredAttachment {
  fileId: string;
  /** Path relative to the skill folder. */
  fileName: string;
}

/** One skill as the server stores it; `canWrite` is computed per request, so it is not stored. */
export interface StoredSkill {
  sId: string;
  name: string;
  agentFacingDescription: string;
  userFacingDescription: string;
  instructions: string | null;
  instructionsHtml: string | null;
  icon: string | null;
  status: SkillStatus;
  source: string | null;
  sourceMetadata: { filePath: string; repoUrl?: string } | null;
  fileAttachments: StoredAttachment[];
  availability: Availability;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds. */
  updatedAt: number;
  editedBy: number | null;
  /** Only used by the analytics `skills` table (editedByEmail). */
  editedByEmail: string | null;
  editors: string[];
  requestedSpaceIds: string[];
  tools: unknown[];
  reinforcement: "auto" | "on" | "off";
  isDefault: boolean;
  extendedSkillId: string | null;
  /** Bumped by every write; Dust creates a new version on every update. */
  version: number;
}

/** What a seed or a test may give for a skill: the name is required, everything else has a default. */
export type SkillSeed = Partial<StoredSkill> & { name: string };

export interface ApiKeySeed {
  key: string;
  role: Role;
  /** The "publish" grant (changing availability). Defaults to true for admin and builder keys. */
  canPublish?: boolean;
}

export const ANALYTICS_TABLES = [
  "usage_metrics",
  "active_users",
  "source",
  "agents",
  "users",
  "skills",
  "skill_usage",
  "tool_usage",
  "messages",
  "feedback",
] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

export type AnalyticsCell = string | number | boolean | null | string[];
export type AnalyticsRow = Record<string, AnalyticsCell>;

export interface AnalyticsSeed {
  /** PRNG seed: the same seed and workspace state give the same rows. Default 1. */
  seed?: number;
  /** How many days of history exist, ending "today" (the emulator clock, UTC). Default 90. */
  days?: number;
  /** Total rows of the `messages` table over the whole history (benchmarks use 1,000,000). Default 20 per day. */
  messagesRows?: number;
  /** Skill ids that appear in skill_usage but resolve to no skill (the export shows the raw sId). */
  unresolvedSkillIds?: string[];
  /** Exact rows for a table, replacing the generated ones (tests use small, known data). */
  rows?: Partial<Record<AnalyticsTable, AnalyticsRow[]>>;
}

export interface WorkspaceSeed {
  id: string;
  region?: Region;
  keys: ApiKeySeed[];
  /** E-mails of workspace members, for the `editors` import field. When absent, any e-mail is accepted. */
  members?: string[];
  skills?: SkillSeed[];
  analytics?: AnalyticsSeed;
  /**
   * Spaces no API key of this workspace is a member of. A skill whose requestedSpaceIds names one is
   * unreadable with a key: hidden from a plain listing, listed redacted under an admin's bypass.
   */
  restrictedSpaceIds?: string[];
}

export interface EmulatorSeed {
  workspaces: WorkspaceSeed[];
}

export interface WorkspaceState {
  id: string;
  region: Region;
  keys: ApiKeySeed[];
  members: string[] | null;
  skills: StoredSkill[];
  analytics: AnalyticsSeed;
  /** Optional so that state files written before it existed still load. */
  restrictedSpaceIds?: string[];
}

/** Everything that survives a restart when `statePath` is set. */
export interface EmulatorState {
  version: 1;
  /** Feeds the deterministic id generator; persisted so ids stay unique across restarts. */
  idCounter: number;
  workspaces: WorkspaceState[];
}

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without the leading "?", "" when none. */
  query: string;
  /** 0 when the connection was dropped by a fault. */
  status: number;
  /** For POST /skills: the skill names the request selected for import (after the `names` filter). */
  skillNames?: string[];
  /** Set when an injected fault answered instead of the emulated server. */
  fault?: FaultKind;
}

export type FaultKind = "status" | "drop" | "delay";

export interface FaultMatch {
  method?: string;
  /** Matched against the path without the query string, e.g. "/api/v1/w/w_demo/skills". */
  pathPrefix?: string;
}

export type Fault =
  | {
      kind: "status";
      status: number;
      /** Seconds (number) or an HTTP date / raw header value (string). */
      retryAfter?: number | string;
      /** Response body; defaults to a Dust error body matching the status. */
      body?: unknown;
      match?: FaultMatch;
    }
  /**
   * Closes the connection with no answer. `after: true` handles the request first (an import writes its
   * skills), so only the answer is lost, as when a proxy times out or the connection breaks mid-response.
   */
  | { kind: "drop"; after?: boolean; match?: FaultMatch }
  | { kind: "delay"; ms: number; match?: FaultMatch };
