import type { Bundle } from "../model/bundle.js";
import type { ImportResult } from "../dust/types.js";
import type { Availability, LiveSkill } from "../model/skill.js";
import { compareSkill } from "../plan/compare.js";
import type { PlanAction } from "../model/plan.js";

/** What became of one skill sent in an import. */
export type Outcome =
  | { status: "ok"; sId: string; message: string | null }
  | { status: "failed"; sId: string | null; message: string }
  /** Nothing can tell whether it was written: the answer was lost and the listing cannot show it. */
  | { status: "unknown"; sId: string | null; message: string };

/** The fields of `written` that differ from the bundle; empty when Dust stores exactly what was sent. */
function differences(action: PlanAction, bundle: Bundle | undefined, written: LiveSkill): string[] {
  if (!bundle?.skill) return [];
  const fields = compareSkill(bundle, bundle.skill, written, action.availability).changes.map((c) => c.field);
  return [...new Set(fields)];
}

function checked(action: PlanAction, bundle: Bundle | undefined, written: LiveSkill, note: string | null): Outcome {
  // The upload wrote the planned ownership record: Dust must store exactly that filePath.
  if (action.bundle !== null && written.sourceMetadata?.filePath !== action.bundle.filePath) {
    return {
      status: "failed",
      sId: written.sId,
      message: `written, but the skill named "${written.name}" does not carry the ownership record written for ${action.bundle.skillMd}`,
    };
  }
  const differs = differences(action, bundle, written);
  if (differs.length > 0) {
    return { status: "failed", sId: written.sId, message: `written, but Dust's copy differs from the bundle in: ${differs.join(", ")}` };
  }
  return { status: "ok", sId: written.sId, message: note };
}

/**
 * The import answer is proof: each skill sent is in `imported` or `updated` (as Dust stored it, compared
 * here with the bundle), in `skipped` (with Dust's reason), or missing (not imported). No listing is needed.
 */
export function outcomeFromAnswer(
  answer: ImportResult,
  action: PlanAction,
  bundle: Bundle | undefined,
  opts: { seesUnpublished: boolean },
): Outcome {
  const name = action.name ?? "";
  const written = answer.imported.find((s) => s.name === name) ?? answer.updated.find((s) => s.name === name);
  if (written) {
    const hidden =
      !opts.seesUnpublished && written.availability === "editors"
        ? "written, unpublished (availability editors): this API key cannot list unpublished skills, so its plans will not see it; send --availability workspace_users (or use an admin key)"
        : null;
    return checked(action, bundle, written, hidden);
  }
  const skipped = answer.skipped.find((s) => s.name === name);
  if (skipped) return { status: "failed", sId: action.live?.sId ?? null, message: `Dust skipped it: ${skipped.message}` };
  return { status: "failed", sId: action.live?.sId ?? null, message: "Dust's answer does not mention it: the server did not import it" };
}

/** A skill whose import answer was lost, with what was sent for it. */
export interface LostSkill {
  action: PlanAction;
  bundle: Bundle | undefined;
  /** The availability sent with its request; null when none was sent. */
  availability: Availability | null;
}

/** The listing that decides lost skills: only the availabilities they can have, when every one is known. */
export function lostListingFilter(lost: readonly LostSkill[]): Availability[] | undefined {
  if (lost.some((l) => l.availability === null)) return undefined;
  return [...new Set(lost.map((l) => l.availability as Availability))].sort();
}

const LOST = "Dust's answer was lost";

/**
 * Decides a skill whose import answer was lost, from one listing made afterwards: written (the skill is there
 * and carries the ownership record this upload wrote), absent (nothing changed: failed, safe to re-run), or unknown when the
 * listing cannot show it (an unpublished skill and a key that cannot list those).
 */
export function outcomeFromListing(lost: LostSkill, listing: { skills: LiveSkill[]; seesUnpublished: boolean }): Outcome {
  const { action, bundle } = lost;
  const before = action.live;
  if (before) {
    const now = listing.skills.find((s) => s.sId === before.sId);
    if (now) {
      // The record written carries the new fingerprint: the listing showing it proves the write.
      const newer = now.sourceMetadata?.filePath === action.bundle?.filePath;
      if (newer) return checked(action, bundle, now, `${LOST}; the listing shows it written`);
      return { status: "failed", sId: before.sId, message: `not written: ${LOST} and the skill is unchanged since the plan; run sync again` };
    }
    const hidden = !listing.seesUnpublished && (before.availability === "editors" || lost.availability === "editors");
    if (hidden) return { status: "unknown", sId: before.sId, message: `may have been applied: ${LOST} and this API key cannot list the unpublished skill; run \`dust-skills plan\` with an admin key` };
    return { status: "failed", sId: before.sId, message: `${LOST} and the skill is no longer active; run \`dust-skills plan\`` };
  }
  const mine = listing.skills.find((s) => s.name === action.name && s.source === "api" && s.sourceMetadata?.filePath === action.bundle?.filePath);
  if (mine) return checked(action, bundle, mine, `${LOST}; the listing shows it written`);
  const invisible = !listing.seesUnpublished && (lost.availability === null || lost.availability === "editors");
  if (invisible) {
    return { status: "unknown", sId: null, message: `may have been applied: ${LOST} and this API key cannot list unpublished skills; run \`dust-skills plan\` with an admin key` };
  }
  return { status: "failed", sId: null, message: `not written: ${LOST} and the listing does not show it; run sync again` };
}
