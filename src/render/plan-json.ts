import type { Plan } from "../model/plan.js";

/**
 * The plan as JSON (schema: TSDoc on src/model/plan.ts). The planner builds every object with all keys present in
 * declaration order, so the output is byte-stable for the same inputs; a trailing newline ends it.
 */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
