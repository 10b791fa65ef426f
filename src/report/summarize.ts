import type { LiveSkill } from "../model/skill.js";
import type { Report, ReportSets, ReportTotals, SkillRow, SkillUsage } from "../model/report.js";
import { trendOf } from "./trend.js";
import { todayIn } from "./window.js";

export interface JoinedRow {
  row: SkillRow;
  live: LiveSkill | null;
  executions: Float64Array | null;
  users: Float64Array | null;
}

type Header = Omit<Report, "skills" | "sets" | "totals">;

/** Per-row usage, then the sets and totals every format shows. Rows are sorted busiest first. */
export function summarize(joined: JoinedRow[], header: Header): Report {
  const { window } = header;
  const retireTooYoung = new Set<string>();
  for (const j of joined) {
    if (!header.usageKnown) continue;
    j.row.usage = usageOf(j.executions, j.users, window.dates);
    const created = j.live?.createdAt;
    // A skill created during the window has not had the whole window to be used: not a retire candidate.
    if (created !== undefined && todayIn(window.timezone, new Date(created)) > window.from) {
      retireTooYoung.add(j.row.key);
    }
  }
  const skills = joined.map((j) => j.row).sort(byUsageThenName);
  const exec = (r: SkillRow): number => r.usage?.executions ?? 0;
  const keys = (pred: (r: SkillRow) => boolean): string[] => skills.filter(pred).map((r) => r.key);
  const known = header.usageKnown;
  const sets: ReportSets = {
    managedUsed: known ? keys((r) => r.managed && exec(r) > 0) : [],
    retireCandidates: known ? keys((r) => r.managed && exec(r) === 0 && !retireTooYoung.has(r.key)) : [],
    adoptCandidates: known ? keys((r) => r.inWorkspace && !r.inGit && r.origin === "custom" && exec(r) > 0) : [],
    drifted: keys((r) => r.state === "drifted"),
    missingFromWorkspace: keys((r) => r.inGit && !r.inWorkspace),
    unmanaged: keys((r) => r.inWorkspace && r.origin === "custom" && !r.managed),
  };
  for (const key of retireTooYoung) {
    const r = skills.find((s) => s.key === key);
    if (r?.managed && exec(r) === 0) r.notes.push("Unused, but created during the window: too new to call a retire candidate.");
  }
  return { ...header, skills, sets, totals: totalsOf(skills, sets, known) };
}

function usageOf(executions: Float64Array | null, users: Float64Array | null, dates: string[]): SkillUsage {
  const daily = executions === null ? new Array<number>(dates.length).fill(0) : Array.from(executions);
  const dailyUsers = users === null ? new Array<number>(dates.length).fill(0) : Array.from(users);
  let total = 0;
  let userDays = 0;
  let activeDays = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < daily.length; i++) {
    const e = daily[i] ?? 0;
    total += e;
    userDays += dailyUsers[i] ?? 0;
    if (e > 0) {
      activeDays++;
      if (first < 0) first = i;
      last = i;
    }
  }
  return {
    executions: total,
    userDays,
    activeDays,
    firstUsed: first < 0 ? null : (dates[first] ?? null),
    lastUsed: last < 0 ? null : (dates[last] ?? null),
    trend: trendOf(daily),
    daily,
    dailyUsers,
  };
}

function totalsOf(skills: SkillRow[], sets: ReportSets, known: boolean): ReportTotals {
  let executions = 0;
  let managedExecutions = 0;
  let userDays = 0;
  let unresolvedExecutions = 0;
  for (const r of skills) {
    const e = r.usage?.executions ?? 0;
    executions += e;
    userDays += r.usage?.userDays ?? 0;
    if (r.managed) managedExecutions += e;
    if (r.origin === "unknown" && !r.inGit) unresolvedExecutions += e;
  }
  return {
    skills: skills.length,
    inGit: skills.filter((r) => r.inGit).length,
    inWorkspace: skills.filter((r) => r.inWorkspace).length,
    managed: skills.filter((r) => r.managed).length,
    drifted: sets.drifted.length,
    missingFromWorkspace: sets.missingFromWorkspace.length,
    unmanaged: sets.unmanaged.length,
    executions: known ? executions : null,
    managedExecutions: known ? managedExecutions : null,
    managedShare: known && executions > 0 ? managedExecutions / executions : null,
    userDays: known ? userDays : null,
    unresolvedExecutions: known ? unresolvedExecutions : null,
  };
}

function byUsageThenName(a: SkillRow, b: SkillRow): number {
  const d = (b.usage?.executions ?? 0) - (a.usage?.executions ?? 0);
  if (d !== 0) return d;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
