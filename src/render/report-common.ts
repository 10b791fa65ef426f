import type { Report, ReportSets, SkillRow, Trend } from "../model/report.js";

/** Every format names the user count the same way: it is a sum of daily counts, not distinct people. */
export const USER_DAYS_LABEL = "user-days";
export const USER_DAYS_EXPLAINED =
  "user-days = the sum of each day's unique users over the window (someone active on 3 days counts 3); not a count of distinct people.";

export const SET_TITLES: Record<keyof ReportSets, string> = {
  managedUsed: "Managed from git and used",
  retireCandidates: "Retire candidates (managed, not used in the whole window)",
  adoptCandidates: "Adopt candidates (only in the workspace, used)",
  drifted: "Drifted (the workspace differs from git)",
  missingFromWorkspace: "In git, missing from the workspace",
  unmanaged: "Workspace skills not managed from git",
};

export const SET_ORDER: readonly (keyof ReportSets)[] = [
  "drifted",
  "missingFromWorkspace",
  "retireCandidates",
  "adoptCandidates",
  "managedUsed",
  "unmanaged",
];

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function fmtPct(share: number | null): string {
  return share === null ? "n/a" : `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
}

const TREND_ARROWS: Record<Trend["label"], string> = {
  rising: "↑",
  steady: "→",
  falling: "↓",
  new: "↑",
  stopped: "↓",
  idle: "·",
  "n/a": "",
};

export function trendText(t: Trend): string {
  const ratio = t.ratio !== null && (t.label === "rising" || t.label === "falling" || t.label === "steady") ? ` ×${t.ratio.toFixed(2)}` : "";
  return `${TREND_ARROWS[t.label]} ${t.label}${ratio}`.trim();
}

export function liveText(r: SkillRow): string {
  if (r.origin === "global") return "built-in";
  return r.liveStatus === "absent" ? "no" : r.liveStatus;
}

export function stateText(r: SkillRow): string {
  if (r.state === null) return "";
  return r.stateDetail !== null && r.state === "drifted" ? `drifted: ${r.stateDetail}` : r.state;
}

export function windowText(report: Report): string {
  const w = report.window;
  return `${w.from} to ${w.to} (${w.days} day${w.days === 1 ? "" : "s"}, ${w.timezone})`;
}

export function usageUnknownText(report: Report): string {
  return `usage unknown: ${report.usageUnknownReason ?? "the analytics export was not available"}`;
}

export function rowByKey(report: Report): Map<string, SkillRow> {
  return new Map(report.skills.map((s) => [s.key, s]));
}

/** The busiest skills with at least one execution; rows are already sorted busiest first. */
export function topSkills(report: Report, n: number): SkillRow[] {
  return report.skills.filter((s) => (s.usage?.executions ?? 0) > 0).slice(0, n);
}

/** Daily executions of managed and of all other skills. */
export function managedSplit(report: Report): { managed: number[]; other: number[] } {
  const days = report.window.dates.length;
  const managed = new Array<number>(days).fill(0);
  const other = new Array<number>(days).fill(0);
  for (const s of report.skills) {
    const daily = s.usage?.daily;
    if (daily === undefined) continue;
    const into = s.managed ? managed : other;
    for (let i = 0; i < days; i++) into[i] = (into[i] ?? 0) + (daily[i] ?? 0);
  }
  return { managed, other };
}

export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join("")}…`;
}

/** Totals in one line of plain words, shared by the text and markdown headers. */
export function totalsLine(report: Report): string {
  const t = report.totals;
  const parts = [
    `${t.skills} skills`,
    `${t.inGit} in git`,
    `${t.inWorkspace} live`,
    `${t.managed} managed`,
    `${t.drifted} drifted`,
    `${t.missingFromWorkspace} missing from the workspace`,
  ];
  if (t.executions !== null) {
    parts.push(`${fmtInt(t.executions)} executions, ${fmtPct(t.managedShare)} on skills managed from git`);
    parts.push(`${fmtInt(t.userDays ?? 0)} ${USER_DAYS_LABEL}`);
  }
  return parts.join(" · ");
}

/** The totals as label/value pairs: short labels for the HTML cards, long ones for the Markdown table. */
export function totalsItems(report: Report, long: boolean): [string, string][] {
  const t = report.totals;
  const label = (short: string, full: string): string => (long ? full : short);
  const items: [string, string][] = [
    ["Skills", fmtInt(t.skills)],
    ["In git", fmtInt(t.inGit)],
    [label("Live", "Live in the workspace"), fmtInt(t.inWorkspace)],
    [label("Managed", "Managed from git"), fmtInt(t.managed)],
    ["Drifted", fmtInt(t.drifted)],
    [label("Missing from workspace", "In git, missing from the workspace"), fmtInt(t.missingFromWorkspace)],
  ];
  if (long) items.push(["Not managed from git", fmtInt(t.unmanaged)]);
  if (t.executions !== null) {
    items.push(["Executions", fmtInt(t.executions)]);
    items.push([label("On managed skills", "Share on skills managed from git"), fmtPct(t.managedShare)]);
    items.push([label("User-days", "User-days (sum of daily unique users)"), fmtInt(t.userDays ?? 0)]);
  }
  return items;
}
