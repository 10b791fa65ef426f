import { safeText } from "../lib/safe-text.js";
import type { Report, SkillRow } from "../model/report.js";
import { makeColors } from "./colors.js";
import type { Colors } from "./colors.js";
import {
  fmtInt,
  liveText,
  rowByKey,
  SET_ORDER,
  SET_TITLES,
  stateText,
  totalsLine,
  trendText,
  truncate,
  USER_DAYS_EXPLAINED,
  usageUnknownText,
  windowText,
} from "./report-common.js";

/** A name or note on one line of the table, its control characters escaped. */
const safe = (s: string): string => safeText(s);

export interface ReportTextOptions {
  color?: boolean;
  /** Longest skill name shown before it is cut with "…". */
  nameWidth?: number;
}

const MAX_NOTED = 30;

interface Column {
  title: string;
  right?: boolean;
  cell: (r: SkillRow) => string;
}

/** The terminal table: one line per skill, then the sets, totals and notes. */
export function renderReportText(report: Report, opts: ReportTextOptions = {}): string {
  const c = makeColors(opts.color ?? false);
  const nameWidth = opts.nameWidth ?? 40;
  const usage = (f: (u: NonNullable<SkillRow["usage"]>) => string) => (r: SkillRow) => (r.usage === null ? "?" : f(r.usage));
  const columns: Column[] = [
    { title: "SKILL", cell: (r) => truncate(safe(r.name), nameWidth) },
    { title: "GIT", cell: (r) => (r.inGit ? "yes" : "no") },
    { title: "LIVE", cell: liveText },
    { title: "MANAGED", cell: (r) => (r.managed ? "yes" : "no") },
    { title: "STATE", cell: (r) => truncate(stateText(r), 28) },
    { title: "EXECUTIONS", right: true, cell: usage((u) => fmtInt(u.executions)) },
    { title: "USER-DAYS*", right: true, cell: usage((u) => fmtInt(u.userDays)) },
    { title: "FIRST USED", cell: usage((u) => u.firstUsed ?? "-") },
    { title: "LAST USED", cell: usage((u) => u.lastUsed ?? "-") },
    { title: "TREND", cell: usage((u) => trendText(u.trend)) },
  ];
  const cells = report.skills.map((r) => columns.map((col) => col.cell(r)));
  const widths = columns.map((col, i) => Math.max(width(col.title), ...cells.map((row) => width(row[i] ?? ""))));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (columns[i]?.right ? pad(v, widths[i] ?? 0, true) : pad(v, widths[i] ?? 0, false)))
      .join("  ")
      .trimEnd();

  const out: string[] = [];
  out.push(c.bold(`Skill usage report: ${windowText(report)}${report.workspaceId ? `, workspace ${report.workspaceId}` : ""}`));
  if (!report.usageKnown) out.push(c.yellow(usageUnknownText(report)));
  out.push("");
  if (report.skills.length === 0) {
    out.push("No skills in git or in the workspace.");
  } else {
    out.push(c.bold(line(columns.map((col) => col.title))));
    report.skills.forEach((r, i) => out.push(paint(c, r, line(cells[i] ?? []))));
    out.push(c.dim(`* ${USER_DAYS_EXPLAINED}`));
  }
  out.push("");
  const byKey = rowByKey(report);
  for (const set of SET_ORDER) {
    const keys = report.sets[set];
    if (keys.length === 0) continue;
    const names = keys.map((k) => safe(byKey.get(k)?.name ?? k));
    out.push(`${SET_TITLES[set]} (${keys.length}): ${names.join(", ")}`);
  }
  out.push(`Totals: ${totalsLine(report)}`);
  const noted = report.skills.filter((r) => r.notes.length > 0);
  if (noted.length > 0) {
    out.push("", "Skill notes:");
    for (const r of noted.slice(0, MAX_NOTED)) for (const n of r.notes) out.push(`  - ${safe(r.name)}: ${safe(n)}`);
    if (noted.length > MAX_NOTED) out.push(`  - and notes on ${noted.length - MAX_NOTED} more skills (see --format json)`);
  }
  if (report.notes.length > 0) {
    out.push("", "Notes:");
    for (const n of report.notes) out.push(`  - ${safe(n)}`);
  }
  return `${out.join("\n")}\n`;
}

function paint(c: Colors, r: SkillRow, text: string): string {
  if (r.state === "drifted") return c.yellow(text);
  if (r.inGit && !r.inWorkspace) return c.red(text);
  if (r.usage !== null && r.usage.executions === 0) return c.dim(text);
  return text;
}

/** Display width: code points, which is right for the names Dust allows except wide CJK and emoji. */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}
