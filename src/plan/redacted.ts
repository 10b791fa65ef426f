import type { Bundle, SkillContent } from "../model/bundle.js";
import type { PlanAction } from "../model/plan.js";
import { NOT_READABLE } from "../model/skill.js";
import type { LiveSkill } from "../model/skill.js";
import { newAction } from "./context.js";

/**
 * A bundle whose live skill (managed by this repository) is redacted: never an update computed from the
 * missing text. Nothing is sent; the plan says why, and what would make it comparable.
 */
export function planRedacted(bundle: Bundle, skill: SkillContent, live: LiveSkill, uncomparable: string[]): PlanAction {
  const action = newAction("unchanged", skill.name, bundle, live);
  action.reasons.push(
    `The live skill (sId ${live.sId}) is listed redacted: ${NOT_READABLE} (it uses a space the key is not a member of), so it was not compared and nothing is sent.`,
  );
  action.notes.push("to compare it, use an API key whose groups can read the skill's spaces");
  uncomparable.push(`${skill.name}: ${NOT_READABLE} (sId ${live.sId}); not compared, nothing sent`);
  return action;
}
