import { describe, expect, it } from "vitest";
import { PLAN_SCHEMA_VERSION } from "../../src/model/plan.js";
import { renderPlanJson } from "../../src/render/plan-json.js";
import { mixedPlan } from "./fixtures.js";

describe("renderPlanJson", () => {
  it("round-trips the plan with its schema version first", () => {
    const plan = mixedPlan();
    const text = renderPlanJson(plan);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(plan);
    expect(text.startsWith(`{\n  "version": ${PLAN_SCHEMA_VERSION},`)).toBe(true);
  });

  it("is byte-stable, with every key present on every action", () => {
    expect(renderPlanJson(mixedPlan())).toBe(renderPlanJson(mixedPlan()));
    const parsed = JSON.parse(renderPlanJson(mixedPlan())) as { actions: Record<string, unknown>[] };
    const keyLists = new Set(parsed.actions.map((a) => Object.keys(a).join(",")));
    expect([...keyLists]).toEqual([
      "kind,name,bundle,live,reasons,changes,changedInGit,notes,willUpload,willArchive,availability,conflictPolicy,renamed,recentUsage",
    ]);
  });
});
