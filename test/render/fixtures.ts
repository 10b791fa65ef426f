import { buildPlan } from "../../src/plan/plan.js";
import type { Plan } from "../../src/model/plan.js";
import { bundle, input, live, liveFrom } from "../plan/factories.js";

/** A plan with one action of most kinds, for the renderers. */
export function mixedPlan(): Plan {
  const update = bundle("release-notes", { instructions: "Write notes.\nUse bullets.\nKeep it short.\n", attachments: ["a.py"] });
  const drift = bundle("triage", { instructions: "Repo version\n" });
  const conflict = bundle("web-thing");
  const fresh = bundle("brand-new");
  return buildPlan(
    input({
      bundles: [update, drift, conflict, fresh, bundle("broken", { invalid: true })],
      live: {
        active: [
          // Synced before the repository changed its instructions: an update.
          liveFrom(bundle("release-notes", { instructions: "Write notes.\nUse numbered lists.\nKeep it short.\n", attachments: ["a.py"] })),
          // Edited in Dust since its last upload: drift.
          liveFrom(drift, { instructions: "Edited in Dust\n", updatedAt: 9_000 }),
          live("web-thing", { source: "web_app", filePath: null }),
          liveFrom(bundle("gone")),
        ],
        archived: [],
      },
      prune: true,
      target: { workspaceId: "w123", baseUrl: "https://dust.tt" },
    }),
  );
}

/** `count` skills that each changed a long instructions text. */
export function bigPlan(count: number): Plan {
  const bundles = [];
  const active = [];
  for (let i = 0; i < count; i++) {
    const lines = Array.from({ length: 60 }, (_, j) => `Step ${j}: do the thing number ${j} for skill ${i} carefully.`);
    const b = bundle(`skill-${String(i).padStart(3, "0")}`, { instructions: `${lines.join("\n")}\n` });
    bundles.push(b);
    active.push(liveFrom(bundle(b.skill!.name, { instructions: `${lines.map((l) => l.toUpperCase()).join("\n")}\n` })));
  }
  return buildPlan(input({ bundles, live: { active, archived: [] } }));
}
