import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan.js";
import { escapeMarkdown, renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { bundle, input, live, liveFrom } from "../plan/factories.js";
import { bigPlan, mixedPlan } from "./fixtures.js";

describe("renderPlanMarkdown", () => {
  it("has a headline, a summary table and collapsed details with diff fences", () => {
    const md = renderPlanMarkdown(mixedPlan());
    expect(md).toContain("**Plan: 1 to create, 1 to update, 1 drifted, 1 to archive, 1 conflict, 1 invalid.**");
    expect(md).toContain("| `+` Create | 1 |");
    expect(md).toContain("| `-` Archive | 1 |");
    expect(md).toContain("**Errors**");
    expect(md).toMatch(/<details><summary><code>~<\/code> <b>Update<\/b> <code>release-notes<\/code>/);
    expect(md).toContain("```diff\n@@ -1,3 +1,3 @@\n Write notes.\n-Use numbered lists.\n+Use bullets.\n");
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
    expect(md).not.toContain("Cut to fit");
  });

  it("stays under the limit with 200 changed skills, cutting details and saying so", () => {
    const plan = bigPlan(200);
    const full = renderPlanMarkdown(plan, { maxChars: 10_000_000 });
    expect(full.length).toBeGreaterThan(65_000);
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md).toContain("| `~` Update | 200 |");
    expect(md).toContain("**Plan: 0 to create, 200 to update, 0 to archive.**");
    expect(md).toMatch(/Cut to fit GitHub's comment limit \(65,000 characters\): 200 skills' details shortened or left out\./);
    // Every skill is still named, and some diffs are previewed.
    for (const a of plan.actions) expect(md).toContain(`<code>${a.name}</code>`);
    expect(md).toContain("```diff\n@@ -1,60 +1,60 @@\n-STEP 0");
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
    expect(md.split("```").length % 2).toBe(1);
  });

  it("keeps every block and shares the room among diffs when the blocks fit", () => {
    const plan = bigPlan(20);
    const md = renderPlanMarkdown(plan, { maxChars: 30_000 });
    expect(md.length).toBeLessThanOrEqual(30_000);
    expect(md.split("<details>").length - 1).toBe(20);
    // Each of the 20 diffs got a share: every one shows its first lines.
    expect(md.split("```diff\n@@ -1,60 +1,60 @@\n-STEP 0").length - 1).toBe(20);
    expect(md).toContain("20 skills' details shortened or left out");
  });

  it("lists at most 200 unchanged names", () => {
    const bundles = Array.from({ length: 250 }, (_, i) => bundle(`s${i}`));
    const plan = buildPlan(input({ bundles, live: { active: bundles.map((b) => liveFrom(b)), archived: [] } }));
    const md = renderPlanMarkdown(plan);
    expect(md).toContain("<summary>250 unchanged</summary>");
    expect(md).toContain(", … and 50 more");
    expect(md).toContain("**No changes. The workspace matches the repository.**");
  });

  it("keeps the summary even when almost nothing fits", () => {
    const md = renderPlanMarkdown(bigPlan(20), { maxChars: 1_000 });
    expect(md.length).toBeLessThanOrEqual(1_000);
    expect(md).toContain("| `~` Update | 20 |");
    expect(md).toContain("Cut to fit");
  });

  it("shortens a long error list instead of dropping it", () => {
    const bundles = Array.from({ length: 300 }, (_, i) => bundle(`s${i}`));
    const active = bundles.map((b) => live(b.skill?.name ?? "", { source: "web_app" }));
    const md = renderPlanMarkdown(buildPlan(input({ bundles, live: { active, archived: [] } })), { maxChars: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/- … and \d+ more/);
    expect(md).toContain("list lines left out");
  });

  it("escapes names so they cannot break tables, tags, mentions or fences", () => {
    const name = "a|b `c` <img src=x> *d* @team $x$";
    const b = bundle(name, { dir: "weird", instructions: "```\nbreak out\n````\n" });
    const plan = buildPlan(input({ bundles: [b], live: { active: [liveFrom(b, { instructions: "old\n" })], archived: [] } }));
    const md = renderPlanMarkdown(plan);
    expect(md).not.toContain("a|b");
    expect(md).not.toContain("<img");
    expect(md).not.toContain("@team");
    expect(md).toContain(escapeMarkdown(name));
    // The diff contains a run of 4 backticks: the fence must be longer.
    expect(md).toContain("`````diff\n");
    expect(escapeMarkdown("x|y\nz<b>&")).toBe("x&#124;y z&#60;b&#62;&#38;");
  });
});
