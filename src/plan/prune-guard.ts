import type { Plan } from "../model/plan.js";

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
 * a large share of what this repository manages, unless --force says it is meant.
 */
export function pruneRefusal(plan: Plan, bundleCount: number, force: boolean): PruneRefusal | null {
  const archiving = plan.actions.filter((a) => a.willArchive).length;
  if (archiving === 0) return null;
  if (bundleCount === 0) {
    return {
      message: `--prune would archive ${archiving} skill(s) because no bundle was found; refusing.`,
      hint: "Check the paths you passed: an empty desired set is almost always a wrong folder, not an intent.",
    };
  }
  const managed = plan.actions.filter((a) => a.live && a.live.source === "api" && a.live.filePath && MANAGED_KINDS.has(a.kind)).length;
  if (!force && archiving > PRUNE_MIN_REFUSED && archiving > PRUNE_MAX_SHARE * managed) {
    return {
      message: `--prune would archive ${archiving} of ${managed} managed skills (more than 30%); refusing without --force.`,
      hint: "Review the plan (`dust-skills plan --prune`), then pass --force if this is intended.",
    };
  }
  return null;
}
