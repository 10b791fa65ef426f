/**
 * A workspace skill, in the vocabulary the planner, sync, report and pull share. src/dust/ maps the API's
 * answers onto these types (see ../shared/dust-api.md): only the fields dust-skills reads are kept; unknown
 * fields are ignored and optional ones may be missing.
 */

export type LiveSkillStatus = "active" | "archived" | "suggested";
export type SkillSource = "web_app" | "github" | "api" | "local_file" | "agent";
export type Availability = "editors" | "workspace_users" | "users_and_agents";
export const AVAILABILITIES: readonly Availability[] = ["editors", "workspace_users", "users_and_agents"];
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
  /**
   * null when the key cannot read the skill: Dust lists a skill on a space the key is not a member of
   * redacted (instructions null, no files, `canRead: false`) under an admin's bypassEditorVisibility.
   */
  instructions: string | null;
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
  /** false for a redacted skill (see `instructions`); absent from servers older than Dust PR 31830. */
  canRead?: boolean;
}

/** The words plan, report and pull use for a skill this key may list but not read. */
export const NOT_READABLE = "content not readable with this key";

/**
 * A skill listed redacted (PR 31830): its content cannot be compared, so nothing may be decided from it.
 * `instructions: null` alone counts too, so a text that never came is never taken for an empty one.
 */
export function isRedacted(live: LiveSkill): boolean {
  return live.canRead === false || live.instructions === null;
}
