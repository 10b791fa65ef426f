import { planHeadline } from "../render/plan-summary.js";
import { renderPlanTargets } from "../render/targets.js";
import type { TargetView } from "../render/targets.js";
import { useColor } from "../io.js";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";
import { closeAll, planTargets, withPlanOptions } from "./plan-options.js";
import { emit } from "./output.js";
import type { TargetPlan } from "./plan-options.js";

export const planCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "plan [paths..]",
  describe: "Show what sync would change in the workspace, and why; never writes",
  builder: (y) => withPlanOptions(y),
  handler: async (argv) => {
    const plans = await planTargets(argv, io, { layout: true });
    try {
      // A file never gets terminal colors.
      await emit(renderPlanTargets(targetViews(plans), argv.format, !argv.out && useColor(io)), argv, io);
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

/** The targets as the renderers see them: a plan or the error that kept it from being made. */
export function targetViews(plans: TargetPlan[]): TargetView[] {
  return plans.map((p) => ({
    name: p.target.name,
    workspaceId: p.target.connection.workspaceId,
    baseUrl: p.target.connection.baseUrl,
    plan: p.prepared?.plan ?? null,
    sync: null,
    error: p.error ? p.error.message : null,
  }));
}
