import type { IncomingMessage, ServerResponse } from "node:http";
import type { Auth } from "./auth.js";
import { ApiError, sendJson } from "./http.js";
import { hash32 } from "./ids.js";
import { importSkills } from "./import/import-skills.js";
import { readUploadForm } from "./import/upload-form.js";
import type { EmulatorStore } from "./store.js";
import { AVAILABILITIES, SKILL_STATUSES } from "./types.js";
import type { StoredSkill } from "./types.js";

/** API keys are members of no restricted space: a skill built on one cannot be read with a key. */
export function readableByKeys(skill: StoredSkill, auth: Auth): boolean {
  const restricted = auth.workspace.restrictedSpaceIds ?? [];
  return !skill.requestedSpaceIds.some((id) => restricted.includes(id));
}

/**
 * The public Skill object (SkillResource.toJSON): stored fields plus what depends on the caller. A skill
 * the caller cannot read keeps its name, descriptions and availability; instructions, tools and files
 * are withheld and `canRead` is false (the "redact_unreadable" path, PR 31830).
 */
export function skillJson(skill: StoredSkill, auth: Auth): Record<string, unknown> {
  const { editors: _editors, editedByEmail: _email, version: _version, ...pub } = skill;
  const canRead = readableByKeys(skill, auth);
  return {
    ...pub,
    ...(canRead ? {} : { instructions: null, instructionsHtml: null, tools: [], fileAttachments: [] }),
    lastReinforcementAnalysisAt: null,
    isExtendable: false,
    canRead,
    // API keys have no editor membership; only an admin key may write any skill.
    canWrite: auth.role === "admin",
  };
}

function invalidQuery(message: string): ApiError {
  return new ApiError(400, "invalid_request_error", `Invalid query parameters: ${message}`);
}

/** zod-validation-error's rendering of a failed z.enum(...).optional() on one query key. */
function enumMessage(key: string, options: readonly string[], value: string | string[]): string {
  const expected = options.map((o) => `'${o}'`).join(" | ");
  const detail = Array.isArray(value)
    ? `Expected ${expected}, received array`
    : `Invalid enum value. Expected ${expected}, received '${value}'`;
  return `Validation error: ${detail} at "${key}"`;
}

export function listSkills(store: EmulatorStore, auth: Auth, url: URL, res: ServerResponse): void {
  const statuses = url.searchParams.getAll("status");
  let status = "active";
  if (statuses.length > 0) {
    const value = statuses.length === 1 ? (statuses[0] ?? "") : statuses;
    if (Array.isArray(value) || !(SKILL_STATUSES as readonly string[]).includes(value)) {
      throw invalidQuery(enumMessage("status", SKILL_STATUSES, value));
    }
    status = value;
  }
  const availability = url.searchParams.getAll("availability");
  if (availability.some((a) => !(AVAILABILITIES as readonly string[]).includes(a))) {
    throw new ApiError(400, "invalid_request_error", 'Invalid availability. Expected "editors", "workspace_users", or "users_and_agents".');
  }
  const bypass = url.searchParams.get("bypassEditorVisibility") === "true";
  if (bypass && auth.role !== "admin") {
    throw new ApiError(403, "app_auth_error", "Only admins can bypass editor visibility.");
  }
  const skills = store
    .liveSkills(auth.workspace.id)
    .filter((s) => s.status === status)
    .filter((s) => availability.length === 0 || availability.includes(s.availability))
    // API keys belong to no editor group: unpublished skills stay hidden unless an admin bypasses that,
    // and skills on a space the key cannot read are hidden unless listed redacted under that bypass.
    .filter((s) => bypass || (s.availability !== "editors" && readableByKeys(s, auth)));
  // The server promises no order; a stable scramble keeps clients from relying on insertion order.
  const ordered = skills.map((s) => ({ s, key: hash32("order", s.sId) })).sort((a, b) => a.key - b.key);
  sendJson(res, 200, { skills: ordered.map(({ s }) => skillJson(s, auth)) });
}

export async function postSkills(
  store: EmulatorStore,
  auth: Auth,
  req: IncomingMessage,
  res: ServerResponse,
  now: number,
  onSelected: (names: string[]) => void,
): Promise<void> {
  const form = await readUploadForm(req);
  const outcome = importSkills(store, auth, form, now, onSelected);
  sendJson(res, 200, {
    imported: outcome.imported.map((s) => skillJson(s, auth)),
    updated: outcome.updated.map((s) => skillJson(s, auth)),
    skipped: outcome.skipped,
  });
}

export function archiveSkill(store: EmulatorStore, auth: Auth, sId: string, res: ServerResponse): void {
  const skill = store.getSkill(auth.workspace.id, sId);
  if (!skill) throw new ApiError(404, "skill_not_found", "The skill you requested was not found.");
  // API keys are never skill editors, so only an admin key passes auth.can("admin", skill).
  if (auth.role !== "admin") {
    throw new ApiError(403, "app_auth_error", "Only admins and editors can archive this skill.");
  }
  store.archive(auth.workspace.id, sId);
  sendJson(res, 200, { success: true });
}
