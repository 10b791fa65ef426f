import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import { planHeadline } from "../render/plan-summary.js";
import type { Plan } from "../model/plan.js";
import type { Io } from "../io.js";
import { useColor } from "../io.js";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";
import { closeAll, planTargets, withPlanOptions } from "./plan-options.js";
import { emit } from "./output.js";
import type { PlanFormat, TargetPlan } from "./plan-options.js";

export const planCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "plan [paths..]",
  describe: "Show what sync would change in the workspace, and why; never writes",
  builder: (y) => withPlanOptions(y),
  handler: async (argv) => {
    const plans = await planTargets(argv, io);
    try {
      await emit(renderTargets(plans, argv.format, io), argv, io);
      if (argv.out) for (const p of plans) if (p.prepared) io.stderr(`${planHeadline(p.prepared.plan)}\n`);
      setExit(planExitCode(plans, argv.detailedExitcode));
    } finally {
      await closeAll(plans);
    }
  },
});

/** --detailed-exitcode follows Terraform: 0 no changes, 1 error, 2 changes. Without it: 1 on error, else 0. */
export function planExitCode(plans: TargetPlan[], detailed: boolean): number {
  const failed = plans.some((p) => p.error !== null || (p.prepared?.plan.errors.length ?? 0) > 0);
  if (failed) return 1;
  if (detailed && plans.some((p) => p.prepared?.plan.hasChanges)) return 2;
  return 0;
}

/**
 * One target renders as its plan alone (the documented plan schema); several as a list, each under its name, so
 * one failing workspace never hides the others' plans.
 */
export function renderTargets(plans: TargetPlan[], format: PlanFormat, io: Io, render = renderOne): string {
  const only = plans.length === 1 ? plans[0] : undefined;
  if (only?.prepared) return render(only.prepared.plan, format, io);
  if (format === "json") {
    const targets = plans.map((p) => ({
      name: p.target.name,
      workspaceId: p.target.connection.workspaceId,
      plan: p.prepared ? (JSON.parse(render(p.prepared.plan, "json", io)) as unknown) : null,
      error: p.error ? p.error.message : null,
    }));
    return `${JSON.stringify({ version: 1, targets }, null, 2)}\n`;
  }
  return plans
    .map((p) => {
      const title = `${p.target.name} (workspace ${p.target.connection.workspaceId} at ${p.target.connection.baseUrl})`;
      const heading = format === "markdown" ? `## ${title}\n\n` : `=== ${title}\n`;
      const body = p.prepared ? render(p.prepared.plan, format, io) : `error: ${p.error?.message ?? "unknown"}\n`;
      return heading + body;
    })
    .join("\n");
}

function renderOne(plan: Plan, format: PlanFormat, io: Io): string {
  if (format === "json") return renderPlanJson(plan);
  if (format === "markdown") return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color: useColor(io) });
}
