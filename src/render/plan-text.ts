import { safeText } from "../lib/safe-text.js";
import type { ActionKind, Plan, PlanAction } from "../model/plan.js";
import { makeColors, type Colors } from "./colors.js";
import {
  actionPath,
  changeTitle,
  describeChange,
  diffBody,
  groupActions,
  KIND_SYMBOLS,
  KIND_TITLES,
  planHeadline,
  requestSummary,
} from "./plan-summary.js";

export interface PlanTextOptions {
  color: boolean;
  /** Diff lines shown per instructions change before "… N more lines"; the JSON output has them all. */
  maxDiffLines?: number;
  /** Unchanged skills are listed by name up to this many, then counted. */
  maxUnchangedNames?: number;
}

/**
 * Terminal text. Names and diffs come from users: control characters are shown escaped so a skill name can never
 * move the cursor or switch colors (and color=false output holds no ESC byte at all).
 */
const safe = (text: string): string => safeText(text);

function kindColor(c: Colors, kind: ActionKind): (s: string) => string {
  switch (kind) {
    case "create":
      return c.green;
    case "update":
      return c.yellow;
    case "drifted":
    case "takeover":
      return c.magenta;
    case "archive":
    case "conflict":
    case "invalid":
      return c.red;
    default:
      return c.dim;
  }
}

function diffLines(c: Colors, diff: string, max: number): string[] {
  const lines = diffBody(diff);
  const shown = lines.slice(0, max).map((l) => {
    const text = safe(l);
    if (l.startsWith("@@")) return c.cyan(text);
    if (l.startsWith("+")) return c.green(text);
    if (l.startsWith("-")) return c.red(text);
    return text;
  });
  if (lines.length > max) shown.push(c.dim(`… ${lines.length - max} more diff lines (--format json has the full diff)`));
  return shown;
}

function renderAction(c: Colors, action: PlanAction, opts: PlanTextOptions): string[] {
  const color = kindColor(c, action.kind);
  const path = actionPath(action);
  const head = [
    color(`${KIND_SYMBOLS[action.kind]} ${c.bold(safe(action.name ?? action.bundle?.dir ?? "?"))}`),
    path === null ? "" : `  ${safe(path)}`,
    action.live === null ? "" : c.dim(`  sId ${safe(action.live.sId)}`),
  ].join("");
  const out = [`  ${head}`];
  const pad = "      ";
  for (const r of action.reasons) out.push(pad + c.dim(safe(r)));
  for (const change of action.changes) {
    out.push(`${pad}${changeTitle(change)}:`);
    for (const line of describeChange(change)) {
      const text = `${pad}  ${safe(line)}`;
      out.push(line.startsWith("+") ? c.green(text) : c.red(text));
    }
    if (change.diff) {
      for (const line of diffLines(c, change.diff, opts.maxDiffLines ?? 40)) out.push(`${pad}  ${line}`);
    }
  }
  for (const n of action.notes) out.push(`${pad}${c.yellow("note:")} ${safe(n)}`);
  return out;
}

function section(c: Colors, title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : [c.bold(title), ...lines.map((l) => `  ${safe(l)}`), ""];
}

export function renderPlanText(plan: Plan, opts: PlanTextOptions): string {
  const c = makeColors(opts.color);
  const out: string[] = [];
  if (plan.target) out.push(`Plan for workspace ${safe(plan.target.workspaceId)} at ${safe(plan.target.baseUrl)}`, "");

  for (const { kind, actions } of groupActions(plan)) {
    out.push(c.bold(`${KIND_TITLES[kind]} (${actions.length}):`));
    if (kind === "unchanged") {
      const max = opts.maxUnchangedNames ?? 20;
      const names = actions.slice(0, max).map((a) => safe(a.name ?? ""));
      const more = actions.length > max ? `, and ${actions.length - max} more` : "";
      out.push(c.dim(`  = ${names.join(", ")}${more}`));
    } else {
      for (const action of actions) out.push(...renderAction(c, action, opts));
    }
    out.push("");
  }

  out.push(
    ...section(
      c,
      `Left out by the selection (${plan.excluded.length}):`,
      plan.excluded.map((e) => `${e.dir}${e.name === null ? "" : ` (${e.name})`}: ${e.reason}`),
    ),
  );
  const uploads = requestSummary(plan);
  if (uploads) out.push(...section(c, `${uploads.title}:`, uploads.lines));
  out.push(...section(c, "Not compared:", plan.uncomparable));
  out.push(...section(c, "Notes:", plan.notes));
  if (plan.errors.length > 0) {
    out.push(c.red(c.bold(`Errors (${plan.errors.length}):`)), ...plan.errors.map((e) => c.red(`  ${safe(e)}`)), "");
  }
  out.push(c.bold(planHeadline(plan)));
  return `${out.join("\n")}\n`;
}
