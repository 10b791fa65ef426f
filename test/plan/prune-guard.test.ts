import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan.js";
import { pruneRefusal } from "../../src/plan/prune-guard.js";
import { bundle, input, live, liveFrom } from "./factories.js";

/** A repository with `kept` bundles in sync and `gone` managed skills whose bundle was deleted, planned with --prune. */
function pruned(kept: number, gone: number) {
  const bundles = Array.from({ length: kept }, (_, i) => bundle(`kept-${i}`));
  const active = [...bundles.map((b) => liveFrom(b)), ...Array.from({ length: gone }, (_, i) => live(`gone-${i}`))];
  const plan = buildPlan(input({ bundles, live: { active, archived: [] }, prune: true }));
  expect(plan.summary.archive).toBe(gone);
  return { plan, bundles };
}

describe("pruneRefusal", () => {
  it("allows a prune that archives nothing, even from an empty repository", () => {
    const { plan } = pruned(0, 0);
    expect(pruneRefusal(plan, 0, false)).toBeNull();
  });

  it("refuses to archive anything when no bundle was found, even with --force", () => {
    const { plan } = pruned(0, 2);
    for (const force of [false, true]) {
      const refusal = pruneRefusal(plan, 0, force);
      expect(refusal?.message).toBe("--prune would archive 2 skill(s) because no bundle was found; refusing.");
      expect(refusal?.hint).toContain("wrong folder");
    }
  });

  it("refuses more than 30% of the managed skills when that is more than 3, unless --force", () => {
    const { plan, bundles } = pruned(6, 4);
    const refusal = pruneRefusal(plan, bundles.length, false);
    expect(refusal?.message).toBe("--prune would archive 4 of 10 managed skills (more than 30%); refusing without --force.");
    expect(refusal?.hint).toContain("--force");
    expect(pruneRefusal(plan, bundles.length, true)).toBeNull();
  });

  it("allows exactly 30%", () => {
    const { plan, bundles } = pruned(14, 6);
    expect(pruneRefusal(plan, bundles.length, false)).toBeNull();
  });

  it("allows 3 skills whatever the share, and refuses 4", () => {
    const three = pruned(1, 3);
    expect(pruneRefusal(three.plan, three.bundles.length, false)).toBeNull();
    const four = pruned(1, 4);
    expect(pruneRefusal(four.plan, four.bundles.length, false)?.message).toContain("archive 4 of 5 managed skills");
  });

  it("counts only skills this repository manages in the share", () => {
    // Two same-name skills made in the web app are conflicts, not managed: 4 of 10 managed stays refused.
    const { plan, bundles } = pruned(6, 4);
    const foreign = [bundle("web-a"), bundle("web-b")];
    const withForeign = buildPlan(
      input({
        bundles: [...bundles, ...foreign],
        live: { active: [...plan.actions.flatMap((a) => (a.live ? [live(a.live.name, { filePath: a.live.filePath })] : [])), ...foreign.map((b) => liveFrom(b, { source: "web_app" }))], archived: [] },
        prune: true,
        onConflict: "skip",
      }),
    );
    expect(pruneRefusal(withForeign, bundles.length + foreign.length, false)?.message).toContain("archive 4 of 10 managed skills");
  });
});
