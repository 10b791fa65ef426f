import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../src/render/report-html.js";
import { renderReportMarkdown } from "../../src/render/report-markdown.js";
import { lineChartSvg, niceMax, stackedBarsSvg, tickIntervals } from "../../src/render/report-svg.js";
import { joinReport } from "../../src/report/join.js";
import type { Report } from "../../src/model/report.js";
import { aggregateUsage } from "./fixtures.js";
import { resolveWindow } from "../../src/report/window.js";
import { live, tableRow, usageRow } from "./fixtures.js";

const now = new Date("2025-03-05T08:00:00Z");

/** `n` web-app skills, skill k used k+1 times a day over 3 days; plus their big sibling. */
function manySkills(n: number, bigOne = 0): Report {
  const window = resolveWindow({ to: "2025-03-04", days: 3 }, now);
  const active = Array.from({ length: n }, (_, k) => live(`skl_${String(k).padStart(10, "0")}`, `skill-${String(k).padStart(2, "0")}`));
  const rows = active.flatMap((s, k) => window.dates.map((d) => usageRow(d, s.name, k + 1 + (k === 0 ? bigOne : 0), 1)));
  return joinReport({
    window,
    bundles: [],
    live: { active, archived: [], seesUnpublished: true },
    usage: aggregateUsage(rows, window),
    usageUnknownReason: "",
    skillsTable: active.map((s) => tableRow(s.sId, s.name)),
    now,
    workspaceId: "w_test",
  });
}

const mermaidBlocks = (md: string): string[] => md.split("```mermaid").slice(1).map((b) => b.split("```")[0] ?? "");

describe("Mermaid charts", () => {
  it("start the y-axis at 0, end it on a round number of at least 10", () => {
    const [bars, lines] = mermaidBlocks(renderReportMarkdown(manySkills(3, 1000)));
    // Executions 3009, 6, 9: without a range Mermaid starts near the smallest bar.
    expect(bars).toContain('y-axis "executions" 0 --> 5000');
    expect(lines).toContain('y-axis "executions per day" 0 --> 2000');
    const [small] = mermaidBlocks(renderReportMarkdown(manySkills(1)));
    expect(small).toContain('y-axis "executions" 0 --> 10');
  });

  it("show the top 10 skills and sum the rest into one labelled bar and one line", () => {
    const md = renderReportMarkdown(manySkills(13));
    const [bars, lines] = mermaidBlocks(md);
    expect(md).toContain("### Executions by skill (top 10, the rest summed)");
    // Skills 12, 11, ... 3 (by executions), then 2 + 1 + 0 = (3 + 2 + 1) × 3 days.
    expect(bars).toContain('"skill-03", "3 other skills"]');
    expect(bars).toContain("bar [39, 36, 33, 30, 27, 24, 21, 18, 15, 12, 18]");
    // Five lines for the top skills, a sixth for the 8 others: skill-00..07 = 1+…+8 = 36 a day.
    expect(lines?.match(/ line \[/g)).toHaveLength(6);
    expect(lines).toContain("line [36, 36, 36]");
    expect(md).toContain("⬜ 8 other skills");
  });

  it("with 10 skills or fewer, nothing is summed", () => {
    const md = renderReportMarkdown(manySkills(5));
    expect(md).toContain("### Executions by skill (top 5)\n");
    expect(md).not.toContain("other skill");
  });
});

describe("SVG charts", () => {
  it("never label a tick with a fraction", () => {
    for (const max of [1, 2, 3, 5, 7, 10, 15, 20, 50, 120, 999]) {
      const top = niceMax(max);
      expect(Number.isInteger(top / tickIntervals(top))).toBe(true);
      for (const svg of [lineChartSvg(["2025-03-01", "2025-03-02"], [{ name: "a", color: "#000", values: [0, max] }], "t"), stackedBarsSvg(["2025-03-01"], [{ name: "a", color: "#000", values: [max] }], "t")]) {
        const ticks = [...svg.matchAll(/<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
        expect(ticks.length).toBeGreaterThan(1);
        for (const t of ticks) expect(t, `max ${max}`).toMatch(/^\d+$/);
        expect(ticks[0]).toBe("0");
      }
    }
  });

  it("the daily split chart says which ownership it colours by", () => {
    const html = renderReportHtml(manySkills(3));
    const caption = /<figure id="chart-split"[\s\S]*?<figcaption[^>]*>([\s\S]*?)<\/figcaption>/.exec(html)?.[1] ?? "";
    expect(caption).toContain("coloured by ownership as it is now");
    expect(caption).toContain("managed from this repository");
  });
});
