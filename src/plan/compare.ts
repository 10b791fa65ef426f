import type { Bundle, SkillContent } from "../model/bundle.js";
import type { Availability, LiveSkill } from "../model/skill.js";
import { unifiedDiff } from "../lib/diff.js";
import { sortTexts } from "../lib/compare-text.js";
import type { FieldChange } from "../model/plan.js";

export interface Comparison {
  changes: FieldChange[];
  notes: string[];
}

/** A FieldChange with every key present, in schema order. */
export function fieldChange(field: FieldChange["field"], liveFields: string[], before: FieldChange["before"], after: FieldChange["after"]): FieldChange {
  return { field, liveFields, before, after, diff: null, added: null, removed: null };
}

/**
 * What Dust would change if this bundle were imported over `live` (found by the same name). Only what the API returns can be compared:
 * both descriptions, instructions, attachment names, availability (when sent). Attachment contents
 * cannot be read back, so equal names say nothing about equal bytes (the caller uses git for that).
 */
export function compareSkill(
  bundle: Bundle,
  skill: SkillContent,
  live: LiveSkill,
  availability: Availability | null,
): Comparison {
  const changes: FieldChange[] = [];
  const notes: string[] = [];

  // Dust writes one description into both fields; the web app can edit them apart.
  const descriptionFields = ["agentFacingDescription", "userFacingDescription"] as const;
  const differing = descriptionFields.filter((f) => live[f] !== skill.description);
  if (differing.length === 2 && live.agentFacingDescription === live.userFacingDescription) {
    changes.push(fieldChange("description", [...differing], live.agentFacingDescription, skill.description));
  } else {
    for (const f of differing) changes.push(fieldChange("description", [f], live[f], skill.description));
  }

  // null is a redacted skill (see plan/redacted.ts): its text is unknown, never "changed to".
  if (live.instructions !== null && live.instructions !== skill.instructions) {
    const c = fieldChange("instructions", ["instructions"], live.instructions, skill.instructions);
    const diff = unifiedDiff(live.instructions, skill.instructions, {
      fromLabel: `${live.name} (Dust)`,
      toLabel: `${bundle.skillMd} (repository)`,
    });
    if (diff.tooLarge) notes.push("the instructions differ too much to show a diff");
    else c.diff = diff.text;
    c.added = diff.added;
    c.removed = diff.removed;
    changes.push(c);
  }

  const liveFiles = sortTexts([...new Set(live.fileAttachments.map((a) => a.fileName))]);
  const repoFiles = sortTexts(bundle.attachments.map((a) => a.rel));
  const added = repoFiles.filter((f) => !liveFiles.includes(f));
  const removed = liveFiles.filter((f) => !repoFiles.includes(f));
  if (added.length > 0 || removed.length > 0) {
    const c = fieldChange("attachments", ["fileAttachments"], liveFiles, repoFiles);
    c.added = added;
    c.removed = removed;
    changes.push(c);
  }

  // An unknown live availability (field missing) cannot be compared; it is not a change.
  if (availability !== null && live.availability !== undefined && live.availability !== availability) {
    changes.push(fieldChange("availability", ["availability"], live.availability, availability));
  }
  return { changes, notes };
}
