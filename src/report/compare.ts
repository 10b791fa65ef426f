import type { Bundle } from "../model/bundle.js";
import type { LiveSkill } from "../model/skill.js";
import { compareSkill } from "../plan/compare.js";
import type { Plan } from "../model/plan.js";
import type { SyncState } from "../model/report.js";
import { isRedacted, NOT_READABLE } from "../model/skill.js";

export interface DriftVerdict {
  state: SyncState;
  detail: string | null;
}

/** A skill listed redacted cannot be compared: never called in sync, never drifted. */
const REDACTED: DriftVerdict = { state: "unknown", detail: NOT_READABLE };

/** Decides whether a bundle and the live skill it maps to agree. */
export type CompareFn = (bundle: Bundle, live: LiveSkill) => DriftVerdict;

/** The planner's field comparison (descriptions, instructions, attachment names; availability left out), plus the name. */
export const compareWithPlanner: CompareFn = (bundle, live) => {
  if (bundle.skill === null) return { state: "unknown", detail: "Dust would not import this SKILL.md" };
  if (isRedacted(live)) return REDACTED;
  // The planner pairs skills by name; the report also pairs a skill renamed in Dust by its SKILL.md path.
  const fields: string[] = bundle.skill.name === live.name ? [] : ["name"];
  for (const c of compareSkill(bundle, bundle.skill, live, null).changes) if (!fields.includes(c.field)) fields.push(c.field);
  return fields.length === 0 ? { state: "in-sync", detail: null } : { state: "drifted", detail: fields.join(", ") };
};

/**
 * Verdicts read off a Plan built with `onConflict: "override"` (so that foreign same-name skills are compared
 * too): update/drifted/takeover with changes = drifted, unchanged = in-sync, invalid = unknown. A plan "drifted"
 * action (edited in Dust since the last upload) says so in the detail. Bundles the plan has no verdict for
 * fall back to the planner's comparison.
 */
export function verdictsFromPlan(plan: Plan): CompareFn {
  const bySkillMd = new Map<string, { sId: string; verdict: DriftVerdict }>();
  for (const a of plan.actions) {
    if (a.bundle === null || a.live === null) continue;
    const fields = [...new Set(a.changes.map((c) => c.field).filter((f) => f !== "availability"))];
    let verdict: DriftVerdict;
    if (a.kind === "invalid") verdict = { state: "unknown", detail: a.reasons[0] ?? null };
    else if (fields.length === 0) verdict = { state: "in-sync", detail: null };
    else {
      const edited = a.kind === "drifted" ? " (edited in Dust since the last upload)" : "";
      verdict = { state: "drifted", detail: `${fields.join(", ")}${edited}` };
    }
    bySkillMd.set(a.bundle.skillMd, { sId: a.live.sId, verdict });
  }
  return (bundle, live) => {
    if (isRedacted(live)) return REDACTED;
    const hit = bySkillMd.get(bundle.skillMd);
    return hit !== undefined && hit.sId === live.sId ? hit.verdict : compareWithPlanner(bundle, live);
  };
}
