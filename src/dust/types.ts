/**
 * Live state, as the Dust API returns it (see ../shared/dust-api.md). Only the fields dust-skills reads
 * are typed; unknown fields are ignored and optional ones may be missing.
 */

export type SkillStatus = "active" | "archived" | "suggested";
export type SkillSource = "web_app" | "github" | "api" | "local_file" | "agent";
export type Availability = "editors" | "workspace_users" | "users_and_agents";
export type OnConflict = "error" | "skip" | "override";

export interface SkillAttachment {
  fileId: string;
  /** Path relative to the skill folder. */
  fileName: string;
}

export interface LiveSkill {
  sId: string;
  name: string;
  agentFacingDescription: string;
  userFacingDescription: string;
  instructions: string;
  status: SkillStatus;
  /** null for skills made before sources were recorded; unknown future sources are kept as strings. */
  source: SkillSource | (string & {}) | null;
  sourceMetadata: { filePath: string; repoUrl?: string } | null;
  fileAttachments: SkillAttachment[];
  availability?: Availability;
  icon?: string | null;
  /** Epoch milliseconds. */
  createdAt?: number;
  /** Epoch milliseconds. */
  updatedAt?: number;
  /** Whether the key's actor may edit the skill, when the server says. */
  canWrite?: boolean;
}

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
