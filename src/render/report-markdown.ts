import type { Report, SkillRow } from "../model/report.js";
import { safeText } from "../lib/safe-text.js";
import { escapeMarkdown } from "./plan-markdown.js";
import { niceMax } from "./report-svg.js";
import {
  fmtInt,
  liveText,
  managedSplit,
  rowByKey,
  SET_ORDER,
  SET_TITLES,
  stateText,
  topSkills,
  trendText,
  truncate,
  USER_DAYS_EXPLAINED,
  usageUnknownText,
  windowText,
  totalsItems,
} from "./report-common.js";

export interface ReportMarkdownOptions {
  /** Rows in the skills table; the rest is summarised in one line (a job summary is limited to 1 MiB). */
  maxRows?: number;
  /** Lines in the per-day chart. */
  topLines?: number;
}

/** Chart colors, with the emoji squares that stand for them in the legend (Mermaid xychart has no legend). */
const PALETTE: [string, string][] = [
  ["#3b82f6", "🟦"],
  ["#f97316", "🟧"],
  ["#22c55e", "🟩"],
  ["#ef4444", "🟥"],
  ["#a855f7", "🟪"],
];

/** For a GitHub job summary or PR comment: totals, Mermaid charts (GitHub renders them), tables, sets. */
export function renderReportMarkdown(report: Report, opts: ReportMarkdownOptions = {}): string {
  // Names and notes come from the workspace: their control characters are shown, never passed on.
  return safeText(reportMarkdown(report, opts), { multiline: true });
}

function reportMarkdown(report: Report, opts: ReportMarkdownOptions): string {
  const maxRows = opts.maxRows ?? 100;
  const out: string[] = [];
  out.push(`## Skill usage report`, "", `${escapeMarkdown(windowText(report))}${report.workspaceId ? ` · workspace <code>${escapeMarkdown(report.workspaceId)}</code>` : ""}`, "");
  if (!report.usageKnown) out.push("> [!WARNING]", `> ${escapeMarkdown(usageUnknownText(report))}`, "");
  out.push(...totalsTable(report), "");
  if (report.usageKnown && (report.totals.executions ?? 0) > 0) out.push(...charts(report, opts.topLines ?? PALETTE.length));
  out.push(...setSections(report));
  out.push(...skillsTable(report, maxRows));
  if (report.notes.length > 0) {
    out.push("### Notes", "");
    for (const n of report.notes) out.push(`- ${escapeMarkdown(n)}`);
    out.push("");
  }
  out.push(`<sub>${escapeMarkdown(USER_DAYS_EXPLAINED)}</sub>`, "");
  return out.join("\n");
}

function totalsTable(report: Report): string[] {
  const rows = totalsItems(report, true);
  return ["| | |", "|---|---:|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

/** Bars in the per-skill chart; the skills after them are summed into one last bar. */
const TOP_BARS = 10;
/** Color of the "all other skills" line, with its legend square. */
const REST: [string, string] = ["#9ca3af", "⬜"];

function charts(report: Report, topLines: number): string[] {
  const out: string[] = [];
  const used = topSkills(report, Number.MAX_SAFE_INTEGER);
  const top = used.slice(0, TOP_BARS);
  const rest = used.slice(TOP_BARS);
  const restLabel = (n: number): string => `${n} other skill${n === 1 ? "" : "s"}`;
  const bars = [...top.map((s) => ({ label: s.name, value: s.usage?.executions ?? 0 }))];
  if (rest.length > 0) bars.push({ label: restLabel(rest.length), value: rest.reduce((a, s) => a + (s.usage?.executions ?? 0), 0) });
  out.push(`### Executions by skill (top ${top.length}${rest.length > 0 ? ", the rest summed" : ""})`, "", "```mermaid", "xychart-beta");
  out.push(`  x-axis [${bars.map((b) => mermaidLabel(b.label)).join(", ")}]`);
  out.push(`  y-axis "executions" 0 --> ${yAxisMax(bars.map((b) => b.value))}`, `  bar [${bars.map((b) => b.value).join(", ")}]`, "```", "");

  const lines = used.slice(0, Math.min(topLines, PALETTE.length));
  const others = used.slice(lines.length);
  const { labels, sum, unit } = buckets(report.window.dates);
  const series = lines.map((s) => sum(s.usage?.daily ?? []));
  const legend = lines.map((s, i) => `${PALETTE[i]?.[1] ?? ""} ${escapeMarkdown(s.name)}`);
  const colors = PALETTE.slice(0, lines.length).map(([hex]) => hex);
  if (others.length > 0) {
    const summed = new Array<number>(labels.length).fill(0);
    for (const s of others) sum(s.usage?.daily ?? []).forEach((v, i) => (summed[i] = (summed[i] ?? 0) + v));
    series.push(summed);
    legend.push(`${REST[1]} ${restLabel(others.length)}`);
    colors.push(REST[0]);
  }
  out.push(`### Executions per ${unit} (top ${lines.length}${others.length > 0 ? ", the rest summed" : ""})`, "", "```mermaid");
  out.push(`%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${colors.join(", ")}"}}}}%%`, "xychart-beta");
  out.push(`  x-axis [${labels.map((l) => mermaidLabel(l)).join(", ")}]`, `  y-axis "executions per ${unit}" 0 --> ${yAxisMax(series.flat())}`);
  for (const values of series) out.push(`  line [${values.join(", ")}]`);
  out.push("```", "");
  out.push(legend.join(" · "), "");

  const split = managedSplit(report);
  const managed = split.managed.reduce((a, b) => a + b, 0);
  const other = split.other.reduce((a, b) => a + b, 0);
  out.push("### Executions on skills managed from git", "", "```mermaid", "pie showData");
  out.push(`  "Managed from git" : ${managed}`, `  "Not managed from git" : ${other}`, "```", "");
  return out;
}

/**
 * The y-axis always starts at 0 (Mermaid would start it near the smallest value, making a small difference
 * look large) and ends on a round number of at least 10, so that the ticks Mermaid draws are whole numbers.
 */
function yAxisMax(values: number[]): number {
  return Math.max(10, niceMax(Math.max(0, ...values)));
}

/**
 * Daily points up to a month; weekly sums beyond, so that a 90-day chart stays readable. Weeks are counted
 * back from the last day: the latest week is whole, only the first one may be short.
 */
function buckets(dates: string[]): { labels: string[]; sum: (daily: number[]) => number[]; unit: string } {
  const size = dates.length > 31 ? 7 : 1;
  const starts: number[] = [];
  for (let i = dates.length - size; i > -size; i -= size) starts.unshift(Math.max(0, i));
  const ends = starts.map((_, b) => starts[b + 1] ?? dates.length);
  const labels = starts.map((i) => (dates[i] ?? "").slice(5));
  const sum = (daily: number[]): number[] => starts.map((i, b) => daily.slice(i, ends[b]).reduce((a, v) => a + v, 0));
  return { labels, sum, unit: size === 1 ? "day" : "week" };
}

/** A quoted Mermaid label: no quote, backtick, line break, tag or `#name;` entity can escape it. */
function mermaidLabel(s: string): string {
  const clean = safeText(truncate(s, 24)).replace(/["`\\]/g, "'").replace(/</g, "‹").replace(/>/g, "›").replace(/#(?=\w*;)/g, "♯");
  return `"${clean}"`;
}

function setSections(report: Report): string[] {
  const byKey = rowByKey(report);
  const out: string[] = [];
  for (const set of SET_ORDER) {
    const keys = report.sets[set];
    if (keys.length === 0) continue;
    out.push(`<details${set === "drifted" || set === "missingFromWorkspace" ? " open" : ""}><summary><b>${SET_TITLES[set]}</b>: ${keys.length}</summary>`, "");
    for (const k of keys.slice(0, 50)) {
      const r = byKey.get(k);
      const detail = set === "drifted" && r?.stateDetail ? ` (${escapeMarkdown(r.stateDetail)})` : "";
      out.push(`- ${escapeMarkdown(r?.name ?? k)}${detail}`);
    }
    if (keys.length > 50) out.push(`- and ${keys.length - 50} more`);
    out.push("", "</details>", "");
  }
  return out;
}

function skillsTable(report: Report, maxRows: number): string[] {
  const out = ["### Skills", ""];
  if (report.skills.length === 0) return [...out, "No skills in git or in the workspace.", ""];
  const u = (r: SkillRow, f: (x: NonNullable<SkillRow["usage"]>) => string): string => (r.usage === null ? "?" : f(r.usage));
  out.push("| Skill | Git | Live | Managed | State | Executions | User-days | Last used | Trend |");
  out.push("|---|---|---|---|---|---:|---:|---|---|");
  for (const r of report.skills.slice(0, maxRows)) {
    out.push(
      `| ${escapeMarkdown(r.name)} | ${r.inGit ? "yes" : "no"} | ${liveText(r)} | ${r.managed ? "yes" : "no"} | ${escapeMarkdown(stateText(r))} | ${u(r, (x) => fmtInt(x.executions))} | ${u(r, (x) => fmtInt(x.userDays))} | ${u(r, (x) => x.lastUsed ?? "-")} | ${u(r, (x) => trendText(x.trend))} |`,
    );
  }
  if (report.skills.length > maxRows) out.push("", `and ${report.skills.length - maxRows} more skills (see the JSON or HTML report).`);
  out.push("");
  return out;
}
