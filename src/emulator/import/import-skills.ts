import type { Auth } from "../auth.js";
import { ApiError } from "../http.js";
import { instructionsToHtml, suggestIcon } from "../skill-defaults.js";
import type { EmulatorStore } from "../store.js";
import { AVAILABILITIES } from "../types.js";
import type { Availability, StoredSkill } from "../types.js";
import { DetectionError, detectSkillsFromZip } from "./detect-skills.js";
import type { DetectedSkill } from "./detect-skills.js";
import type { UploadForm } from "./upload-form.js";

const CONFLICT_STRATEGIES = ["error", "skip", "override"] as const;
const SOURCE = "api";
const DEFAULT_AVAILABILITY: Availability = "editors";
const MAX_NAME_LENGTH = 256;

export interface ImportOutcome {
  imported: StoredSkill[];
  updated: StoredSkill[];
  skipped: { name: string; message: string }[];
}

/** The role-too-low answer (dust-api.md); the PR's own text for imports is not in the source read. */
function needsAdmin(): ApiError {
  return new ApiError(403, "workspace_auth_error", "Only admin users can perform this action.");
}

function internalError(message: string): ApiError {
  return new ApiError(500, "internal_server_error", message);
}

function badRequest(message: string): ApiError {
  return new ApiError(400, "invalid_request_error", message);
}

/**
 * POST /skills after the body was read: the route's checks (front-api/routes/v1/w/[wId]/skills/index.ts)
 * then importSkillsFromFiles (front/lib/api/skills/detection/files/import_skills.ts), in the server's order.
 * `onSelected` receives the skill names the request selected, for the request log, even when it then fails.
 */
export function importSkills(
  store: EmulatorStore,
  auth: Auth,
  form: UploadForm,
  now: number,
  onSelected: (names: string[]) => void,
): ImportOutcome {
  return store.batch(() => importInOneSave(store, auth, form, now, onSelected));
}

function importInOneSave(
  store: EmulatorStore,
  auth: Auth,
  form: UploadForm,
  now: number,
  onSelected: (names: string[]) => void,
): ImportOutcome {
  const files = form.files.filter((f) => f.field === "files");
  if (files.length === 0) throw badRequest("No files uploaded.");

  const availabilityField = form.fields.get("availability")?.[0];
  if (availabilityField !== undefined && !(AVAILABILITIES as readonly string[]).includes(availabilityField)) {
    throw badRequest('Invalid availability. Expected "editors", "workspace_users", or "users_and_agents".');
  }
  const availability = availabilityField as Availability | undefined;
  const onConflict = form.fields.get("onConflict")?.[0] ?? "error";
  if (!(CONFLICT_STRATEGIES as readonly string[]).includes(onConflict)) {
    throw badRequest(`Invalid onConflict value: "${onConflict}". Must be one of: error, skip, override.`);
  }

  if (auth.role === "user") throw badRequest("Creating skills is restricted.");

  const detected: DetectedSkill[] = [];
  for (const file of files) {
    try {
      detected.push(...detectSkillsFromZip(file.data));
    } catch (err) {
      if (err instanceof DetectionError) throw badRequest(err.message);
      throw err;
    }
  }

  const names = form.fields.get("names");
  const requested = names ? new Set(names) : null;
  const selected = detected.filter((s) => s.name && s.instructions.trim() && (!requested || requested.has(s.name)));
  onSelected(selected.map((s) => s.name));

  const active = store.liveSkills(auth.workspace.id).filter((s) => s.status === "active");
  const uniqueNames = new Set(selected.map((s) => s.name));
  const existing = active.filter((s) => uniqueNames.has(s.name));

  if (onConflict === "error") validateAll(selected, names ?? null, existing);
  if (selected.length === 0) throw badRequest("No matching importable skills found.");

  const existingByName = new Map(existing.map((s) => [s.name, s]));
  const takesOver = (e: StoredSkill | undefined): boolean => !(e && e.source !== SOURCE && onConflict !== "override");
  if (availability !== undefined) checkAvailabilityGrant(auth, selected, existingByName, availability, takesOver);
  const editorEmails = form.fields.get("editors") ?? [];
  // PR 32947: sending editors administers skills, which only an admin key may do; refused before any write.
  if (editorEmails.length > 0 && auth.role !== "admin") throw needsAdmin();
  const editors = resolveEditors(auth, editorEmails);

  const outcome: ImportOutcome = { imported: [], updated: [], skipped: [] };
  const created = new Set<string>();
  for (const skill of selected) {
    const current = existingByName.get(skill.name);
    if (!takesOver(current)) {
      outcome.skipped.push({ name: skill.name, message: `A different skill named "${skill.name}" already exists.` });
      continue;
    }
    if (current && auth.role !== "admin") {
      // PR 32947: updating or taking over an existing skill needs an admin key. Refused as the skill is
      // reached, so the skills written before it in this request stay written.
      store.commit();
      throw needsAdmin();
    }
    const fileAttachments = skill.attachments.map((fileName) => ({ fileId: store.nextId("fil"), fileName }));
    const content = {
      name: skill.name,
      agentFacingDescription: skill.description,
      userFacingDescription: skill.description,
      instructions: skill.instructions,
      instructionsHtml: instructionsToHtml(skill.instructions),
      fileAttachments,
      source: SOURCE,
      sourceMetadata: { filePath: skill.skillMdPath },
    };
    if (current) {
      Object.assign(current, content, {
        availability: availability ?? current.availability,
        editors: union(current.editors, editors),
        updatedAt: now,
        version: current.version + 1,
      });
      outcome.updated.push(structuredClone(current));
    } else {
      // Nothing checked these before the writes began (skip/override never validate): they fail at write
      // time with a 500, and what was written before stays.
      if (skill.name.length > MAX_NAME_LENGTH) {
        store.commit();
        throw internalError(JSON.stringify([{ code: "too_big", maximum: MAX_NAME_LENGTH, type: "string", inclusive: true, exact: false, message: `String must contain at most ${MAX_NAME_LENGTH} character(s)`, path: [] }], null, 2));
      }
      if (created.has(skill.name)) {
        store.commit();
        throw internalError("Validation error"); // the unique index on (workspace, name, status)
      }
      created.add(skill.name);
      const written = store.addSkill(auth.workspace.id, {
        ...content,
        icon: suggestIcon(skill.name),
        status: "active",
        availability: availability ?? DEFAULT_AVAILABILITY,
        editors,
        createdAt: now,
        updatedAt: now,
        editedBy: null,
      });
      outcome.imported.push(written);
    }
  }
  store.commit();
  return outcome;
}

/** validate_skills.ts: with onConflict=error every problem is collected first, nothing is written. */
function validateAll(selected: DetectedSkill[], requestedNames: string[] | null, existing: StoredSkill[]): void {
  if (selected.length === 0) throw badRequest("No matching importable skills found.");
  const messages: string[] = [];
  if (requestedNames) {
    const selectedNames = new Set(selected.map((s) => s.name));
    for (const name of requestedNames) {
      if (!selectedNames.has(name)) messages.push(`Skill "${name}" not found in the archive.`);
    }
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const s of selected) {
    if (seen.has(s.name)) duplicates.add(s.name);
    seen.add(s.name);
  }
  for (const name of duplicates) messages.push(`Duplicate skill "${name}" in the archive.`);
  for (const e of existing) {
    if (e.source !== SOURCE) messages.push(`A different skill named "${e.name}" already exists.`);
  }
  if (messages.length > 0) throw badRequest(messages.join(" "));
}

/** Setting an availability that changes anything needs the key's publish grant. */
function checkAvailabilityGrant(
  auth: Auth,
  selected: DetectedSkill[],
  existingByName: Map<string, StoredSkill>,
  availability: Availability,
  takesOver: (e: StoredSkill | undefined) => boolean,
): void {
  const upserted = selected.filter((s) => takesOver(existingByName.get(s.name)));
  const changesExisting = upserted.some((s) => {
    const e = existingByName.get(s.name);
    return e !== undefined && e.availability !== availability;
  });
  const createsPublished = availability !== DEFAULT_AVAILABILITY && upserted.some((s) => !existingByName.has(s.name));
  if ((changesExisting || createsPublished) && !auth.canPublish) {
    throw badRequest("You don't have permission to change skill availability.");
  }
}

/** Editors must be workspace members (when the seed lists members); e-mails compare trimmed, lower-cased. */
function resolveEditors(auth: Auth, emails: string[]): string[] {
  const normalized = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const members = auth.workspace.members;
  if (members === null) return normalized;
  const known = new Set(members.map((m) => m.toLowerCase()));
  const missing = normalized.filter((e) => !known.has(e));
  if (missing.length > 0) throw badRequest(`Editors not found in workspace: ${missing.join(", ")}`);
  return normalized;
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
