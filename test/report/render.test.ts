import { describe, expect, it } from "vitest";
import { csvRows } from "../../src/dust/csv.js";
import { renderReportCsv } from "../../src/render/report-csv.js";
import { renderReportHtml } from "../../src/render/report-html.js";
import { renderReportJson } from "../../src/render/report-json.js";
import { renderReportMarkdown } from "../../src/render/report-markdown.js";
import { renderReportText } from "../../src/render/report-text.js";
import { joinReport } from "../../src/report/join.js";
import type { Report } from "../../src/model/report.js";
import { aggregateUsage } from "./fixtures.js";
import { resolveWindow } from "../../src/report/window.js";
import { live, smallSeed, usageRow, REPORT_REPO } from "./fixtures.js";

const now = new Date("2025-03-05T08:00:00Z");

function seedReport(opts: { hostile?: boolean; usage?: boolean; days?: number } = {}): Report {
  const window = resolveWindow({ to: "2025-03-04", days: opts.days ?? 4 }, now);
  const s = smallSeed();
  const active = [...s.active];
  const rows = [...s.rows];
  if (opts.hostile) {
    active.push(live("skl_XXXXXXXXXX", `<script>alert(1)</script>|"x"\n\`\`\``));
    rows.push(usageRow("2025-03-02", `<script>alert(1)</script>|"x"\n\`\`\``, 2, 1));
  }
  return joinReport({
    repository: REPORT_REPO,
    window,
    bundles: s.bundles,
    live: { active, archived: s.archived, seesUnpublished: true },
    usage: opts.usage === false ? null : aggregateUsage(rows, window),
    usageUnknownReason: "the analytics export needs an admin API key",
    skillsTable: s.skillsTable,
    now,
    workspaceId: "w_test",
  });
}

async function parseCsv(text: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  async function* chunks(): AsyncGenerator<string> {
    yield text;
  }
  for await (const row of csvRows(chunks())) out.push(row);
  return out;
}

describe("text", () => {
  it("shows one line per skill with its numbers, the user-days footnote, the sets and the totals", () => {
    const text = renderReportText(seedReport());
    expect(text).toMatch(/^SKILL +GIT +LIVE +MANAGED +STATE +EXECUTIONS +USER-DAYS\*/m);
    expect(text).toMatch(/^alpha +yes +active +yes +in-sync +10 +5 +2025-03-01 +2025-03-04 +→ steady ×1\.00$/m);
    expect(text).toMatch(/^epsilon +yes +no +no +0 +0 +- +- +· idle$/m);
    expect(text).toContain("* user-days = the sum of each day's unique users");
    expect(text).toContain("Retire candidates (managed, not used in the whole window) (1): delta");
    expect(text).toContain("Adopt candidates (only in the workspace, used) (3): gamma, dup, =x");
    expect(text).toContain("45 executions, 31.1% on skills managed from git");
    expect(text).not.toContain("\u001b[");
  });

  it("marks usage unknown and prints ? instead of numbers", () => {
    const text = renderReportText(seedReport({ usage: false }));
    expect(text).toContain("usage unknown: the analytics export needs an admin API key");
    expect(text).toMatch(/^alpha +yes +active +yes +in-sync +\? +\?/m);
    expect(text).not.toContain("executions,");
  });

  it("strips terminal control characters from names", () => {
    const text = renderReportText(seedReport({ hostile: true }));
    // Only the line ends may be control characters.
    expect([...text].filter((ch) => ch !== "\n" && ch.charCodeAt(0) < 32)).toEqual([]);
  });
});

describe("json", () => {
  it("is the Report itself, versioned, with definitions", () => {
    const report = seedReport();
    const parsed = JSON.parse(renderReportJson(report)) as Report;
    expect(parsed).toEqual(report);
    expect(parsed.version).toBe(1);
    expect(parsed.definitions["userDays"]).toMatch(/not a count of distinct people/);
  });
});

describe("csv", () => {
  it("has one row per skill, labels user-days, and guards formula-like names", async () => {
    const report = seedReport();
    const rows = await parseCsv(renderReportCsv(report));
    expect(rows).toHaveLength(report.skills.length);
    const x = rows.find((r) => r["key"] === "skl_EEEEEEEEEE");
    expect(x?.["name"]).toBe("'=x");
    const alpha = rows.find((r) => r["name"] === "alpha");
    expect(alpha).toMatchObject({ executions: "10", "userDays (sum of daily unique users)": "5", trend: "steady", managed: "true" });
    expect(rows.find((r) => r["name"] === "delta")?.["retireCandidate"]).toBe("true");
  });

  it("leaves usage cells empty when usage is unknown", async () => {
    const rows = await parseCsv(renderReportCsv(seedReport({ usage: false })));
    expect(rows.every((r) => r["executions"] === "" && r["retireCandidate"] === "")).toBe(true);
  });

  it("quotes names with commas, quotes and line breaks", async () => {
    const rows = await parseCsv(renderReportCsv(seedReport({ hostile: true })));
    expect(rows.some((r) => r["name"] === `<script>alert(1)</script>|"x"\n\`\`\``)).toBe(true);
  });
});

describe("markdown", () => {
  it("has a totals table, three Mermaid charts and a legend", () => {
    const md = renderReportMarkdown(seedReport());
    expect(md).toContain("| Share on skills managed from git | 31.1% |");
    expect(md).toContain("| User-days (sum of daily unique users) | 20 |");
    expect(md.match(/```mermaid/g)).toHaveLength(3);
    expect(md).toContain('x-axis ["alpha", "Deep Dive", "gamma", "unknown skill skl_ZZZZZ…"');
    expect(md).toContain("bar [10, 9, 8, 7, 4, 3, 3, 1]");
    // alpha by day: 2, 3, 0, 5.
    expect(md).toContain("line [2, 3, 0, 5]");
    expect(md).toContain('"Managed from git" : 14');
    expect(md).toContain('"Not managed from git" : 31');
    expect(md).toMatch(/🟦 alpha · 🟧 Deep Dive/);
  });

  it("sums weeks from the last day when the window is longer than a month", () => {
    const md = renderReportMarkdown(seedReport({ days: 40 }));
    expect(md).toContain("### Executions per week");
    // 40 days: a 5-day first week, then 5 whole weeks; alpha's 10 executions all fall in the last one.
    expect(md).toContain("line [0, 0, 0, 0, 0, 10]");
  });

  it("keeps user text inert: no HTML, no table break, no fence escape, no Mermaid quote", () => {
    const md = renderReportMarkdown(seedReport({ hostile: true }));
    expect(md).not.toContain("<script>");
    // The name's `|` cannot split the table row, and its backticks cannot open code.
    expect(md).toContain("| &#60;script&#62;alert(1)&#60;/script&#62;&#124;");
    expect(md).toMatch(/&#96;&#96;&#96; \| no \| active \|/);
    const mermaid = md.split("```mermaid")[1]?.split("```")[0] ?? "";
    expect(mermaid).toContain(`"‹script›alert(1)‹/scrip…"`);
    expect(md.split("```mermaid").length).toBe(4);
  });

  it("without usage: a warning, no charts", () => {
    const md = renderReportMarkdown(seedReport({ usage: false }));
    expect(md).toContain("> [!WARNING]");
    expect(md).not.toContain("```mermaid");
  });
});

describe("html", () => {
  it("is one self-contained page: no external URL, a CSP that forbids fetching", () => {
    const html = renderReportHtml(seedReport());
    expect(html).toContain(`content="default-src 'none'`);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html.match(/<svg/g)?.length).toBe(3);
    expect(html).toContain('<table id="skills" class="sortable">');
  });

  it("escapes every user string", () => {
    const html = renderReportHtml(seedReport({ hostile: true }));
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;|&#34;x&#34;");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("without usage: the banner, no charts, ? in usage cells", () => {
    const html = renderReportHtml(seedReport({ usage: false }));
    expect(html).toContain('class="banner" role="alert">usage unknown: the analytics export needs an admin API key');
    expect(html).not.toContain("<svg");
    expect(html).toMatch(/<td class="num" data-v="">\?<\/td>/);
  });
});
