import type { Plan, PlanAction } from "../model/plan.js";

/** What the analytics export said about recent usage, or why it could not be read. */
export type ArchiveUsageReading =
  | { known: true; from: string; to: string; days: number; executionsByName: ReadonlyMap<string, number> }
  | { known: false; reason: string };

/** The names of the live skills this plan would archive: the only ones whose usage is worth an export. */
export function archiveCandidates(plan: Plan): Set<string> {
  const names = new Set<string>();
  for (const a of plan.actions) if (a.willArchive && a.live !== null) names.add(a.live.name);
  return names;
}

/**
 * Puts each archive candidate's recent executions into the plan, so that `plan --prune` shows, before anything is
 * archived, which of those skills agents still use. Archiving is not undoable through the API: a used skill gets a
 * note and the plan a remark; an unreadable export is said once, never an error (the plan itself still stands).
 */
export function withArchiveUsage(plan: Plan, reading: ArchiveUsageReading): Plan {
  if (archiveCandidates(plan).size === 0) return plan;
  if (!reading.known) {
    return { ...plan, notes: [...plan.notes, `Recent usage of the skills --prune would archive is unknown: ${reading.reason}.`] };
  }
  const window = `the last ${reading.days} days (${reading.from} to ${reading.to}, analytics skill_usage)`;
  const used: string[] = [];
  const actions = plan.actions.map((a): PlanAction => {
    if (!a.willArchive || a.live === null) return a;
    const executions = reading.executionsByName.get(a.live.name) ?? 0;
    if (executions > 0) used.push(`${a.live.name} (${executions})`);
    const note =
      executions > 0
        ? `used ${executions} time${executions === 1 ? "" : "s"} in ${window}: agents still use it`
        : `not used in ${window}`;
    return { ...a, notes: [...a.notes, note], recentUsage: { executions, from: reading.from, to: reading.to } };
  });
  const notes =
    used.length > 0
      ? [...plan.notes, `${used.length} of the skills --prune would archive ${used.length === 1 ? "was" : "were"} used in ${window}: ${used.join(", ")}.`]
      : plan.notes;
  return { ...plan, actions, notes };
}
