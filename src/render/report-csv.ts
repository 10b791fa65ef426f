import { guardFormula } from "../lib/formula-guard.js";
import type { Report, SkillRow } from "../model/report.js";

type Cell = string | number | boolean | null;

interface Ctx {
  known: boolean;
  retire: Set<string>;
  adopt: Set<string>;
}

const COLUMNS: [string, (r: SkillRow, ctx: Ctx) => Cell][] = [
  ["key", (r) => r.key],
  ["name", (r) => r.name],
  ["sIds", (r) => r.sIds.join(" ")],
  ["origin", (r) => r.origin],
  ["liveStatus", (r) => r.liveStatus],
  ["inGit", (r) => r.inGit],
  ["bundlePath", (r) => r.bundlePath],
  ["inWorkspace", (r) => r.inWorkspace],
  ["managed", (r) => r.managed],
  ["source", (r) => r.source],
  ["state", (r) => r.state],
  ["stateDetail", (r) => r.stateDetail],
  ["executions", (r) => r.usage?.executions ?? null],
  ["userDays (sum of daily unique users)", (r) => r.usage?.userDays ?? null],
  ["activeDays", (r) => r.usage?.activeDays ?? null],
  ["firstUsed", (r) => r.usage?.firstUsed ?? null],
  ["lastUsed", (r) => r.usage?.lastUsed ?? null],
  ["trend", (r) => r.usage?.trend.label ?? null],
  ["trendRatio", (r) => (r.usage?.trend.ratio == null ? null : Number(r.usage.trend.ratio.toFixed(4)))],
  ["retireCandidate", (r, ctx) => (ctx.known ? ctx.retire.has(r.key) : null)],
  ["adoptCandidate", (r, ctx) => (ctx.known ? ctx.adopt.has(r.key) : null)],
  ["notes", (r) => r.notes.join(" | ")],
];

/**
 * One row per skill, RFC 4180, `\n` line ends. Usage cells are empty when usage is unknown. Text cells that
 * a spreadsheet would run as a formula get a leading `'`, as Dust's own export does.
 */
export function renderReportCsv(report: Report): string {
  const lines = [COLUMNS.map(([title]) => quote(title)).join(",")];
  const ctx: Ctx = { known: report.usageKnown, retire: new Set(report.sets.retireCandidates), adopt: new Set(report.sets.adoptCandidates) };
  for (const r of report.skills) lines.push(COLUMNS.map(([, get]) => cell(get(r, ctx))).join(","));
  return `${lines.join("\n")}\n`;
}

function cell(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  return quote(guardFormula(v));
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
