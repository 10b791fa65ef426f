import type { LiveSkill } from "../model/skill.js";
import { readFilePath, recordedSkillMd } from "../model/ownership-record.js";
import type { FilePathReading, OwnershipRecord } from "../model/ownership-record.js";

/**
 * Who owns a live skill, from its ownership record (DESIGN.md "Identity and ownership"): ours = source `api`
 * and a record naming this repository. Nothing else (folder, timestamps, git history) decides.
 */
export type Owner =
  | { kind: "ours"; record: OwnershipRecord }
  | { kind: "other-repository"; record: OwnershipRecord }
  /** An API skill with a plain path: written by an earlier dust-skills (or another uploader); owner unknown. */
  | { kind: "legacy"; path: string }
  | { kind: "newer"; version: number }
  | { kind: "not-api"; source: string | null }
  | { kind: "no-record" };

export function filePathOf(live: LiveSkill): string | null {
  return live.sourceMetadata?.filePath ?? null;
}

/**
 * The skill's file path as a record, read once per listed skill: a plan asks for it several times per skill
 * (owner, record, the action's live reference), and at 20,000 skills the re-parsing showed in profiles.
 */
const readings = new WeakMap<LiveSkill, FilePathReading>();
export function recordReading(live: LiveSkill): FilePathReading {
  let reading = readings.get(live);
  if (reading === undefined) {
    reading = readFilePath(filePathOf(live));
    readings.set(live, reading);
  }
  return reading;
}

export function ownerOf(live: LiveSkill, repository: string | null): Owner {
  if (live.source !== "api") return { kind: "not-api", source: live.source };
  const reading = recordReading(live);
  switch (reading.kind) {
    case "record":
      return reading.record.repository === repository ? { kind: "ours", record: reading.record } : { kind: "other-repository", record: reading.record };
    case "plain":
      return { kind: "legacy", path: reading.path };
    case "newer":
      return { kind: "newer", version: reading.version };
    default:
      return { kind: "no-record" };
  }
}

/** The record of a live skill this repository owns, else null. */
export function ourRecord(live: LiveSkill, repository: string | null): OwnershipRecord | null {
  const owner = ownerOf(live, repository);
  return owner.kind === "ours" ? owner.record : null;
}

/** Why a same-name live skill is not this repository's, in words a user can act on. */
export function foreignOwner(owner: Owner): string {
  switch (owner.kind) {
    case "ours":
      return "it is this repository's";
    case "other-repository":
      // The server updates any same-name API skill without checking filePath: only the client can refuse.
      return `its ownership record names another repository (${owner.record.repository}, ${recordedSkillMd(owner.record)}), and Dust would overwrite it without asking`;
    case "legacy":
      return `legacy: owner unknown (imported through the API with the plain path ${owner.path} and no ownership record, by an earlier dust-skills or another tool)`;
    case "newer":
      return `its ownership record was written by a newer dust-skills (record v${owner.version}); upgrade dust-skills to manage it`;
    case "not-api":
      return owner.source === null ? "it has no recorded source" : `it was created from source "${owner.source}"`;
    case "no-record":
      return "it was imported through the API with no recorded file path";
  }
}

/** The live skill is this repository's, recorded at this SKILL.md path. */
export function isRecordedAt(live: LiveSkill, repository: string | null, skillMd: string): boolean {
  const record = ourRecord(live, repository);
  return record !== null && recordedSkillMd(record) === skillMd;
}
