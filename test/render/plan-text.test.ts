import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { bundle, input, live, liveFrom } from "../plan/factories.js";
import { bigPlan, mixedPlan } from "./fixtures.js";

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);

describe("renderPlanText", () => {
  it("groups actions by kind with symbols and ends with the plan line", () => {
    const text = renderPlanText(mixedPlan(), { color: false });
    expect(text).toContain("Plan for workspace w123 at https://dust.tt");
    expect(text).toMatch(/^Create \(1\):\n {2}\+ brand-new {2}skills\/brand-new\/SKILL\.md$/m);
    expect(text).toMatch(/^ {2}~ release-notes .*sId /m);
    expect(text).toMatch(/^Drifted: .*overwrites the Dust edit \(1\):\n {2}~ triage/m);
    expect(text).toMatch(/^ {2}- gone /m);
    expect(text).toMatch(/^ {2}! web-thing /m);
    expect(text).toContain("-Use numbered lists.\n        +Use bullets.");
    expect(text).toContain("Errors (2):");
    expect(lastLine(text)).toBe("Plan: 1 to create, 1 to update, 1 drifted, 1 to archive, 1 conflict, 1 invalid.");
  });

  it("uses the example wording of the issue", () => {
    const a = bundle("a");
    const b = bundle("b");
    const c = bundle("c", { instructions: "new\n" });
    const plan = buildPlan(
      input({
        bundles: [a, b, c, bundle("d")],
        live: { active: [liveFrom(bundle("c", { instructions: "old\n" })), live("d", { source: "web_app" })], archived: [] },
      }),
    );
    expect(lastLine(renderPlanText(plan, { color: false }))).toBe("Plan: 2 to create, 1 to update, 0 to archive, 1 conflict.");
  });

  it("says when there is nothing to do", () => {
    const b = bundle("a");
    const plan = buildPlan(input({ bundles: [b], live: { active: [liveFrom(b)], archived: [] } }));
    const text = renderPlanText(plan, { color: false });
    expect(lastLine(text)).toBe("No changes. The workspace matches the repository.");
    expect(text).toContain("= a");
  });

  it("marks skipped conflicts in the plan line", () => {
    const plan = buildPlan(input({ bundles: [bundle("a")], live: { active: [live("a", { source: "web_app" })], archived: [] }, onConflict: "skip" }));
    expect(lastLine(renderPlanText(plan, { color: false }))).toBe("Plan: 0 to create, 0 to update, 0 to archive, 1 conflict skipped.");
  });

  it("colors only when asked, and never lets a name carry escape codes", () => {
    const plan = buildPlan(input({ bundles: [bundle("evil\u001b[2Jname", { instructions: "x\u001b]0;title\u0007\n" })] }));
    const plain = renderPlanText(mixedPlan(), { color: false }) + renderPlanText(plan, { color: false });
    expect(plain).not.toContain("\u001b");
    expect(renderPlanText(plan, { color: false })).toContain("evil\\x1b[2Jname");
    const mixed = mixedPlan();
    const colored = renderPlanText(mixed, { color: true });
    expect(colored).toContain("\u001b[32m");
    expect(colored.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g"), "")).toBe(renderPlanText(mixed, { color: false }));
  });

  it("shortens long diffs and long unchanged lists", () => {
    const text = renderPlanText(bigPlan(1), { color: false, maxDiffLines: 10 });
    expect(text).toMatch(/… \d+ more diff lines/);
    const many = Array.from({ length: 30 }, (_, i) => bundle(`s${i}`));
    const plan = buildPlan(input({ bundles: many, live: { active: many.map((b) => liveFrom(b)), archived: [] } }));
    expect(renderPlanText(plan, { color: false })).toContain(", and 10 more");
  });

  it("lists what the selection left out", () => {
    const plan = buildPlan(input({ bundles: [bundle("a"), bundle("b")], selection: { names: ["a"] } }));
    expect(renderPlanText(plan, { color: false })).toContain("Left out by the selection (1):\n  skills/b (b): not in --names");
  });
});
