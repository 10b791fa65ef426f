import { array, object, optBoolean, optList, optNumber, optString, string, ShapeError } from "./shape.js";
import type { Json } from "./shape.js";
import type { Availability, LiveSkill, LiveSkillStatus } from "../model/skill.js";
import type { ImportResult } from "./types.js";

/**
 * Response readers for the skills and analytics routes. Required: what identifies a skill (sId, name,
 * status). Everything else may be missing or null (OpenAPI marks most fields nullable) and gets a neutral
 * value; a present field of the wrong type is an error naming it. Enum values are kept as sent, so a new
 * status or availability from a newer server does not break listing.
 */

export function readSkill(v: unknown, path: string): LiveSkill {
  const o = object(v, path);
  const skill: LiveSkill = {
    sId: string(o, "sId", path),
    name: string(o, "name", path),
    agentFacingDescription: optString(o, "agentFacingDescription", path) ?? "",
    userFacingDescription: optString(o, "userFacingDescription", path) ?? "",
    // null is kept: it is how Dust says the key cannot read the skill, not an empty text.
    instructions: o["instructions"] === null ? null : (optString(o, "instructions", path) ?? ""),
    status: string(o, "status", path) as LiveSkillStatus,
    source: optString(o, "source", path) ?? null,
    sourceMetadata: readSourceMetadata(o, path),
    fileAttachments: optList(o, "fileAttachments", path, (a, p) => {
      const att = object(a, p);
      return { fileId: string(att, "fileId", p), fileName: string(att, "fileName", p) };
    }),
  };
  const availability = optString(o, "availability", path);
  if (availability !== undefined) skill.availability = availability as Availability;
  if (o["icon"] === null) skill.icon = null;
  const icon = optString(o, "icon", path);
  if (icon !== undefined) skill.icon = icon;
  const createdAt = optNumber(o, "createdAt", path);
  if (createdAt !== undefined) skill.createdAt = createdAt;
  const updatedAt = optNumber(o, "updatedAt", path);
  if (updatedAt !== undefined) skill.updatedAt = updatedAt;
  const canWrite = optBoolean(o, "canWrite", path);
  if (canWrite !== undefined) skill.canWrite = canWrite;
  const canRead = optBoolean(o, "canRead", path);
  if (canRead !== undefined) skill.canRead = canRead;
  return skill;
}

/** `{filePath, repoUrl?}`; metadata without a filePath says nothing about ownership and reads as null. */
function readSourceMetadata(o: Json, path: string): LiveSkill["sourceMetadata"] {
  const v = o["sourceMetadata"];
  if (v === undefined || v === null) return null;
  const p = `${path}.sourceMetadata`;
  const m = object(v, p);
  const filePath = optString(m, "filePath", p);
  if (filePath === undefined) return null;
  const repoUrl = optString(m, "repoUrl", p);
  return repoUrl === undefined ? { filePath } : { filePath, repoUrl };
}

export function readSkillList(body: unknown): LiveSkill[] {
  const o = object(body, "body");
  return array(o["skills"], "skills").map((s, i) => readSkill(s, `skills[${i}]`));
}

export function readImportResult(body: unknown): ImportResult {
  const o = object(body, "body");
  const skills = (key: "imported" | "updated"): LiveSkill[] =>
    array(o[key], key).map((s, i) => readSkill(s, `${key}[${i}]`));
  // Older servers named the list `errored`; newer ones `skipped`.
  const skippedKey = o["skipped"] !== undefined ? "skipped" : "errored";
  const skipped = o[skippedKey] === undefined ? [] : array(o[skippedKey], skippedKey).map((s, i) => {
    const p = `${skippedKey}[${i}]`;
    const item = object(s, p);
    return { name: string(item, "name", p), message: optString(item, "message", p) ?? "" };
  });
  return { imported: skills("imported"), updated: skills("updated"), skipped };
}

export function readArchiveResult(body: unknown): void {
  const o = object(body, "body");
  if (o["success"] === false) throw new ShapeError("success: expected true, got false");
}
