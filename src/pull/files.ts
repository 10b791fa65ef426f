import { join } from "node:path";
import type { LiveSkill } from "../model/skill.js";
import type { PullTarget } from "./choose.js";
import { mergeSkillMd } from "./merge-skill-md.js";
import { renderSkillMd, roundTripProblems } from "./skill-md.js";
import type { RoundTripProblem, SkillText } from "./skill-md.js";

/**
 * The note beside a pulled bundle listing the attachments the API could not hand over. No file extension on
 * purpose: Dust silently drops such files from an import, so the note is never uploaded as an attachment.
 */
export const ATTACHMENTS_NOTE = "ATTACHMENTS-NOT-PULLED";

/** - `create`: no file there yet. - `overwrite`: replaces a different file. - `refused`: differs, left alone. */
export type FileStatus = "create" | "overwrite" | "unchanged" | "refused";

export interface FileWrite {
  /** Absolute path. */
  path: string;
  content: string;
  /** The file's current text; null when there is none. */
  before: string | null;
  status: FileStatus;
  /** Why a `refused` file was left alone, and how to go ahead. */
  refusal: string | null;
}

export interface SkillFiles {
  target: PullTarget;
  skillMd: FileWrite;
  /** The attachments note; null when every attachment is already in the bundle. */
  note: FileWrite | null;
  /** Attachment paths (relative to the bundle folder) Dust has and the folder lacks. */
  missingAttachments: string[];
  /** Why Dust's reading of the written SKILL.md would not give back the live skill exactly. */
  problems: RoundTripProblem[];
  /** The web app can give the two description fields different texts; SKILL.md holds one. */
  userFacingDescriptionDiffers: boolean;
}

export interface DecideOptions {
  force: boolean;
  /** Absolute paths of files with uncommitted changes: `--drifted` never overwrites those without --force. */
  uncommitted: ReadonlySet<string>;
}

/** What the SKILL.md says for a live skill: the agent-facing description is the one a SKILL.md means. */
export function skillTextOf(live: LiveSkill): SkillText {
  const description = live.agentFacingDescription.trim() !== "" ? live.agentFacingDescription : live.userFacingDescription;
  // choosePulls leaves redacted skills out, so instructions are known here.
  return { name: live.name, description, instructions: live.instructions ?? "" };
}

/** The files a pull of this target may touch (absolute paths). */
export function pathsOf(target: PullTarget): { skillMd: string; note: string } {
  return {
    skillMd: target.bundle ? join(target.bundle.root, target.bundle.skillMd) : join(target.folder, "SKILL.md"),
    note: join(target.folder, ATTACHMENTS_NOTE),
  };
}

/**
 * Pure: what to write for one chosen skill, given the current text of the files it would touch
 * (`existing(path)` is null when there is no file).
 */
export function decideFiles(
  target: PullTarget,
  existing: (path: string) => string | null,
  options: DecideOptions,
): SkillFiles {
  const text = skillTextOf(target.live);
  const paths = pathsOf(target);
  const before = existing(paths.skillMd);
  // An existing SKILL.md keeps every front-matter key Dust does not store (license, metadata...).
  const content = (before !== null ? mergeSkillMd(before, text) : null) ?? renderSkillMd(text);
  const skillMd = decide(paths.skillMd, content, before, options, target.drifted);

  const present = new Set(target.bundle?.files.map((f) => f.rel) ?? []);
  const missingAttachments = [...new Set(target.live.fileAttachments.map((a) => a.fileName))]
    .filter((name) => !present.has(name))
    .sort();
  let note: FileWrite | null = null;
  if (missingAttachments.length > 0) {
    note = decide(paths.note, attachmentsNote(target.live, missingAttachments), existing(paths.note), options, false);
    // A bundle left alone gets no new note either: the two belong together.
    if (skillMd.status === "refused" && note.status !== "unchanged") {
      note = { ...note, status: "refused", refusal: "its SKILL.md was left alone" };
    }
  }
  return {
    target,
    skillMd,
    note,
    missingAttachments,
    problems: roundTripProblems(text),
    userFacingDescriptionDiffers: target.live.userFacingDescription !== text.description,
  };
}

function decide(path: string, content: string, before: string | null, options: DecideOptions, drifted: boolean): FileWrite {
  const write = (status: FileStatus, refusal: string | null = null): FileWrite => ({ path, content, before, status, refusal });
  if (before === null) return write("create");
  if (before === content) return write("unchanged");
  if (options.force) return write("overwrite");
  if (!drifted) return write("refused", "the local file differs; pass --force to overwrite it");
  // --drifted exists to take Dust's version, so a committed file may go (git keeps it); an uncommitted edit may not.
  return options.uncommitted.has(path)
    ? write("refused", "it has uncommitted changes; commit or discard them first, or pass --force")
    : write("overwrite");
}

function attachmentsNote(live: LiveSkill, missing: string[]): string {
  return [
    `Attachments not pulled for the Dust skill "${live.name}" (sId ${live.sId})`,
    "",
    "Dust's API names a skill's attached files but does not serve their contents, so",
    "`dust-skills pull` could not bring these into this folder:",
    "",
    ...missing.map((m) => `  ${m}`),
    "",
    "Get them from the skill's author or wherever the originals are kept, and save them",
    "here under these paths. Until then, a sync uploads this skill without them and Dust",
    "removes them from the skill: an import replaces every attachment.",
    "",
    "Delete this file once they are in place. It is never uploaded: Dust drops files",
    "without an extension from an import.",
    "",
  ].join("\n");
}
