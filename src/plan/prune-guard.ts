import type { PlanAction } from "../model/plan.js";

/** Why `--prune` may not run as planned, and the way past it. */
export interface PruneRefusal {
  message: string;
  hint: string;
}

/** Above this share of the managed skills (and above {@link PRUNE_MIN_REFUSED} skills), pruning needs --force. */
export const PRUNE_MAX_SHARE = 0.3;
export const PRUNE_MIN_REFUSED = 3;

/** The kinds whose live skill this repository manages (and which the share is measured against). */
const MANAGED_KINDS = new Set(["update", "unchanged", "drifted", "orphan", "archive"]);

/**
 * Archiving is the one write that loses something people may rely on: refuse it when the repository looks
 * empty (whatever --force says: an empty desired set is almost always a wrong folder) or when it would archive
 * a large share of what this repository manages, unless --force says it is meant. The planner makes a refusal
 * a plan error, so `plan --prune` still shows everything, with what would be archived named in the error.
 */
export function pruneRefusal(actions: readonly PlanAction[], bundleCount: number, force: boolean): PruneRefusal | null {
  const archiving = actions.filter((a) => a.willArchive);
  if (archiving.length === 0) return null;
  const names = archiving.map((a) => `"${a.name ?? a.live?.sId ?? "?"}"`).join(", ");
  if (bundleCount === 0) {
    return {
      message: `--prune would archive ${archiving.length} skill(s) because no bundle was found (${names}); refusing, with or without --force.`,
      hint: "Check the paths given: an empty desired set is almost always a wrong folder, not an intent.",
    };
  }
  // Managed = a live skill whose ownership record names this repository (the planner only gives these kinds one).
  const managed = actions.filter((a) => a.live?.record != null && MANAGED_KINDS.has(a.kind)).length;
  if (!force && archiving.length > PRUNE_MIN_REFUSED && archiving.length > PRUNE_MAX_SHARE * managed) {
    return {
      message: `--prune would archive ${archiving.length} of ${managed} managed skills (more than 30%): ${names}; refusing without --force.`,
      hint: "Pass --force to archive them.",
    };
  }
  return null;
}
