import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan.js";
import type { PlanInput } from "../../src/plan/plan.js";
import { bundle, input, live, liveFrom, recordPath } from "./factories.js";

/**
 * A repository with `kept` bundles in sync and `gone` skills whose record names this repository but whose bundle
 * was deleted, planned with --prune. The guard is the planner's: a refusal is a plan-level error, the plan is whole.
 */
function pruned(kept: number, gone: number, over: Partial<PlanInput> = {}) {
  const bundles = Array.from({ length: kept }, (_, i) => bundle(`kept-${i}`));
  const active = [...bundles.map((b) => liveFrom(b)), ...Array.from({ length: gone }, (_, i) => liveFrom(bundle(`gone-${i}`)))];
  const plan = buildPlan(input({ bundles, live: { active, archived: [] }, prune: true, ...over }));
  expect(plan.summary.archive).toBe(gone);
  return plan;
}

describe("prune guard (in the planner)", () => {
  it("allows a prune that archives nothing, even from an empty repository", () => {
    expect(pruned(0, 0).errors).toEqual([]);
  });

  it("refuses to archive anything when no bundle was found, even with --force, naming what would go", () => {
    for (const force of [false, true]) {
      const plan = pruned(0, 2, { force });
      expect(plan.errors).toEqual([
        '--prune would archive 2 skill(s) because no bundle was found ("gone-0", "gone-1"); refusing, with or without --force. Check the paths given: an empty desired set is almost always a wrong folder, not an intent.',
      ]);
      // The full plan is still there to read.
      expect(plan.actions.filter((a) => a.kind === "archive")).toHaveLength(2);
    }
  });

  it("refuses more than 30% of the managed skills when that is more than 3, naming them and the one flag; --force allows it", () => {
    const plan = pruned(6, 4);
    expect(plan.errors).toEqual([
      '--prune would archive 4 of 10 managed skills (more than 30%): "gone-0", "gone-1", "gone-2", "gone-3"; refusing without --force. Pass --force to archive them.',
    ]);
    expect(plan.errors.join()).not.toContain("dust-skills plan");
    expect(pruned(6, 4, { force: true }).errors).toEqual([]);
  });

  it("allows exactly 30%", () => {
    expect(pruned(14, 6).errors).toEqual([]);
    expect(pruned(13, 6).errors.join()).toContain("archive 6 of 19 managed skills");
  });

  it("allows 3 skills whatever the share, and refuses 4", () => {
    expect(pruned(1, 3).errors).toEqual([]);
    expect(pruned(1, 4).errors.join()).toContain("archive 4 of 5 managed skills");
  });

  it("counts only skills whose record names this repository in the share", () => {
    // 4 of 10 managed stays refused: other repositories' skills, legacy and web-app skills add nothing.
    const bundles = Array.from({ length: 6 }, (_, i) => bundle(`kept-${i}`));
    const foreign = [bundle("web-a"), bundle("other-b")];
    const plan = buildPlan(
      input({
        bundles: [...bundles, ...foreign],
        live: {
          active: [
            ...bundles.map((b) => liveFrom(b)),
            ...Array.from({ length: 4 }, (_, i) => liveFrom(bundle(`gone-${i}`))),
            liveFrom(foreign[0]!, { source: "web_app" }),
            liveFrom(foreign[1]!, { filePath: recordPath(foreign[1]!, { repository: "github.com/other/skills" }) }),
            live("legacy-1", { filePath: "skills/legacy-1/SKILL.md" }),
            liveFrom(bundle("theirs"), { filePath: recordPath(bundle("theirs"), { repository: "github.com/other/skills" }) }),
          ],
          archived: [],
        },
        prune: true,
        onConflict: "skip",
      }),
    );
    expect(plan.summary.archive).toBe(4);
    expect(plan.errors.join()).toContain("archive 4 of 10 managed skills");
  });

  it("is not applied under a selection, where nothing is archived", () => {
    const plan = pruned(1, 0);
    expect(plan.errors).toEqual([]);
    const selected = buildPlan(
      input({ bundles: [bundle("a")], live: { active: [liveFrom(bundle("gone"))], archived: [] }, prune: true, selection: { names: ["a"] } }),
    );
    expect(selected.errors).toEqual([]);
    expect(selected.summary.archive).toBe(0);
  });
});
