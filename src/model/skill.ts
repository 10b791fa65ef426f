/**
 * A workspace skill, in the vocabulary the planner, sync, report and pull share. src/dust/ maps the API's
 * answers onto these types (see ../shared/dust-api.md): only the fields dust-skills reads are kept; unknown
 * fields are ignored and optional ones may be missing.
 */

export type LiveSkillStatus = "active" | "archived" | "suggested";
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
  status: LiveSkillStatus;
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
