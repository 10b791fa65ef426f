import { releaseMemory } from "../lib/release-memory.js";
import { applyPlan } from "../sync/apply.js";
import { SYNC_SCHEMA_VERSION } from "../model/sync.js";
import { renderPlanTargets, renderSyncPlanText, renderSyncTargets } from "../render/targets.js";
import type { TargetView } from "../render/targets.js";
import { useColor } from "../io.js";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";
import { closeAll, planTargets, withPlanOptions } from "./plan-options.js";
import { emit } from "./output.js";
import { progressLine } from "./progress.js";
import { planExitCode, targetViews } from "./plan.js";
import { catchInterruptions, SIGNAL_EXIT } from "./interrupt.js";

export const syncCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "sync [paths..]",
  describe: "Plan, then make the workspace match the repository, uploading only what changed",
  builder: (y) =>
    withPlanOptions(y).option("dry-run", { type: "boolean", default: false, describe: "Exactly `plan`: no mutating request" }),
  handler: async (argv) => {
    // A sync writes ownership records, so it needs the repository identity; --dry-run is exactly plan.
    const plans = await planTargets(argv, io, { layout: argv.dryRun, requireRepository: !argv.dryRun });
    try {
      if (argv.dryRun) {
        await emit(renderPlanTargets(targetViews(plans), argv.format, !argv.out && useColor(io)), argv, io);
        setExit(planExitCode(plans, argv.detailedExitcode));
        return;
      }
      // With --out the whole result goes to the file and stdout stays clean; a file never gets terminal colors.
      const color = !argv.out && useColor(io);
      const streamPlan = argv.format === "text" && !argv.out;
      const views = targetViews(plans);
      let failed = false;
      const interruptions = catchInterruptions(io);
      try {
        for (const [i, p] of plans.entries()) {
          const view = views[i] as TargetView;
          // After SIGINT/SIGTERM no further target is synced.
          if (interruptions.requested()) {
            failed = true;
            break;
          }
          if (!p.prepared || !p.client) {
            failed = true;
            continue;
          }
          const { plan } = p.prepared;
          if (plan.errors.length > 0) {
            failed = true;
            // JSON readers get the plan that explains the refusal, with no results, rather than null.
            view.sync = { version: SYNC_SCHEMA_VERSION, plan, results: [], uploads: [], requests: 0, bytesUploaded: 0, interrupted: null, ok: false };
            continue;
          }
          // On a terminal the plan shows before the uploads start, so the user sees what is being done.
          if (streamPlan) io.stdout(renderSyncPlanText(view, plans.length > 1, color));
          const progress = progressLine(io, "packing");
          // Not null: a sync plans with requireRepository.
          const result = await applyPlan(plan, p.prepared.bundles, p.client, {
            repository: p.prepared.repository ?? "",
            log: (line) => {
              progress.done();
              io.stderr(`${line}\n`);
            },
            ...(argv.availability === "keep" ? { createAvailability: null } : {}),
            seesUnpublished: p.prepared.seesUnpublished,
            stopRequested: interruptions.requested,
            afterRequest: releaseMemory,
            pack: io.stderrIsTTY ? { onProgress: (done, total) => (done === total ? progress.done() : progress.update(done, total)) } : {},
          });
          progress.done();
          if (!result.ok) failed = true;
          view.sync = result;
        }
      } finally {
        interruptions.dispose();
      }
      await emit(renderSyncTargets(views, argv.format, { color, planShown: streamPlan }), argv, io);
      const stoppedBy = interruptions.requested();
      setExit(stoppedBy ? (SIGNAL_EXIT[stoppedBy] ?? 1) : failed ? 1 : 0);
    } finally {
      await closeAll(plans);
    }
  },
});
