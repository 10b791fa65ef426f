import { applyPlan } from "../sync/apply.js";
import { SYNC_SCHEMA_VERSION } from "../model/sync.js";
import type { SyncResult } from "../model/sync.js";
import { renderSyncText, renderSyncJson } from "../render/sync-text.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import { useColor } from "../io.js";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";
import { closeAll, planTargets, withPlanOptions } from "./plan-options.js";
import { emit } from "./output.js";
import { planExitCode, renderTargets } from "./plan.js";

export const syncCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "sync [paths..]",
  describe: "Plan, then make the workspace match the repository, uploading only what changed",
  builder: (y) =>
    withPlanOptions(y).option("dry-run", { type: "boolean", default: false, describe: "Exactly `plan`: no mutating request" }),
  handler: async (argv) => {
    const plans = await planTargets(argv, io);
    try {
      if (argv.dryRun) {
        await emit(renderTargets(plans, argv.format, io), argv, io);
        setExit(planExitCode(plans, argv.detailedExitcode));
        return;
      }
      const color = useColor(io);
      const outputs: string[] = [];
      const results: (SyncResult | null)[] = [];
      let failed = false;
      for (const p of plans) {
        const heading = plans.length > 1 ? `=== ${p.target.name} (workspace ${p.target.connection.workspaceId})\n` : "";
        if (!p.prepared || !p.client) {
          failed = true;
          results.push(null);
          outputs.push(`${heading}error: ${p.error?.message ?? "unknown"}\n`);
          continue;
        }
        const { plan } = p.prepared;
        if (plan.errors.length > 0) {
          failed = true;
          // JSON readers get the plan that explains the refusal, with no results, rather than null.
          results.push({ version: SYNC_SCHEMA_VERSION, plan, results: [], uploads: [], bytesUploaded: 0, ok: false });
          const shown = argv.format === "markdown" ? renderPlanMarkdown(plan) : renderPlanText(plan, { color });
          outputs.push(`${heading}${shown}Nothing was sent: the plan has errors.\n`);
          continue;
        }
        if (argv.format === "text") io.stdout(`${heading}${renderPlanText(plan, { color })}\n`);
        const result = await applyPlan(plan, p.prepared.bundles, p.client, {
          log: (line) => io.stderr(`${line}\n`),
          ...(argv.availability === "keep" ? { createAvailability: null } : {}),
          pack: io.stderrIsTTY
            ? { onProgress: (done, total) => io.stderr(`\rpacking ${done}/${total}${done === total ? "\n" : ""}`) }
            : {},
        });
        if (!result.ok) failed = true;
        results.push(result);
        outputs.push(argv.format === "text" ? renderSyncText(result, { color }) : "");
      }
      if (argv.format === "json") {
        const body =
          plans.length === 1
            ? renderSyncJson(results[0] ?? null)
            : `${JSON.stringify({ version: 1, targets: plans.map((p, i) => ({ name: p.target.name, result: results[i] ?? null, error: p.error?.message ?? null })) }, null, 2)}\n`;
        await emit(body, argv, io);
      } else if (argv.format === "markdown") {
        await emit(plans.map((p) => (p.prepared ? renderPlanMarkdown(p.prepared.plan) : "")).join("\n") + outputs.join(""), argv, io);
      } else {
        await emit(outputs.join(""), argv, io);
      }
      setExit(failed ? 1 : 0);
    } finally {
      await closeAll(plans);
    }
  },
});
