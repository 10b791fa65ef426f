import { recordedSkillMd } from "../model/ownership-record.js";
import { requestLine, requestTotals } from "./pack-text.js";
import { ACTION_KINDS, type ActionKind, type FieldChange, type Plan, type PlanAction } from "../model/plan.js";

/** Every format shows actions grouped in this order. */
export const SHOWN_ORDER = ACTION_KINDS;

export const KIND_TITLES: Record<ActionKind, string> = {
  create: "Create",
  update: "Update",
  drifted: "Drifted: edited in Dust since the last upload; syncing overwrites the Dust edit",
  takeover: "Take over (--on-conflict override)",
  archive: "Archive (--prune)",
  conflict: "Conflicts: not managed by this repository",
  orphan: "Orphans: managed by this repository, gone from it (--prune archives them)",
  invalid: "Invalid: never uploaded",
  unchanged: "Unchanged",
};

/** Short labels for tables. */
export const KIND_LABELS: Record<ActionKind, string> = {
  create: "Create",
  update: "Update",
  drifted: "Drifted (overwrites a Dust edit)",
  takeover: "Take over",
  archive: "Archive",
  conflict: "Conflict",
  orphan: "Orphan",
  invalid: "Invalid",
  unchanged: "Unchanged",
};

export const KIND_SYMBOLS: Record<ActionKind, string> = {
  create: "+",
  update: "~",
  drifted: "~",
  takeover: "!",
  archive: "-",
  conflict: "!",
  orphan: "?",
  invalid: "x",
  unchanged: "=",
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The requests sync will send, one line each: what `pack` and `sync` show too, so a reviewer sees the exact
 * batches. Empty when the plan uploads nothing or the requests were not worked out.
 */
export function requestSummary(plan: Plan): { title: string; lines: string[] } | null {
  const requests = plan.requests;
  if (!requests || requests.length === 0) return null;
  const lines = requests.map((r) => {
    const bundles = r.zips.flatMap((z) => z.bundles);
    const span = bundles.length === 1 ? bundles[0] : `${bundles[0]} … ${bundles[bundles.length - 1]}`;
    const fields = `onConflict=${r.onConflict}${r.availability ? `, availability=${r.availability}` : ""}`;
    return `${requestLine(r, requests.length)}; ${fields}: ${span}`;
  });
  return { title: `Uploads: ${requestTotals(requests)}`, lines };
}

/** The plan's last line, e.g. `Plan: 2 to create, 1 to update, 0 to archive, 1 conflict.` */
export function planHeadline(plan: Plan): string {
  const s = plan.summary;
  const pending = s.conflict + s.orphan + s.invalid + plan.errors.length;
  if (!plan.hasChanges && pending === 0) return "No changes. The workspace matches the repository.";
  const parts = [`${s.create} to create`, `${s.update} to update`];
  if (s.drifted > 0) parts.push(`${s.drifted} drifted`);
  if (s.takeover > 0) parts.push(`${s.takeover} to take over`);
  parts.push(`${s.archive} to archive`);
  if (s.conflict > 0) {
    const skipped = plan.actions.some((a) => a.kind === "conflict" && a.conflictPolicy === "skip");
    parts.push(skipped ? `${plural(s.conflict, "conflict", "conflicts")} skipped` : plural(s.conflict, "conflict", "conflicts"));
  }
  if (s.orphan > 0) parts.push(plural(s.orphan, "orphan", "orphans"));
  if (s.invalid > 0) parts.push(`${s.invalid} invalid`);
  return `Plan: ${parts.join(", ")}.`;
}

export function groupActions(plan: Plan): { kind: ActionKind; actions: PlanAction[] }[] {
  return SHOWN_ORDER.map((kind) => ({ kind, actions: plan.actions.filter((a) => a.kind === kind) })).filter(
    (g) => g.actions.length > 0,
  );
}

/** Where the action lives: the bundle's SKILL.md, else the SKILL.md path the live skill's record names (or its plain path). */
export function actionPath(action: PlanAction): string | null {
  const record = action.live?.record;
  return action.bundle?.skillMd ?? (record ? recordedSkillMd(record) : (action.live?.filePath ?? null));
}

export function changedFields(action: PlanAction): string {
  return [...new Set(action.changes.map((c) => c.field))].join(", ");
}

/** One-line description of a change that is not an instructions diff. */
export function describeChange(change: FieldChange): string[] {
  const list = (v: FieldChange["added"]) => (Array.isArray(v) ? v : []);
  switch (change.field) {
    case "attachments":
      return [...list(change.added).map((f) => `+ ${f}`), ...list(change.removed).map((f) => `- ${f}`)];
    case "instructions":
      return [];
    default:
      return [`- ${String(change.before ?? "")}`, `+ ${String(change.after ?? "")}`];
  }
}

/** Heading of a change, e.g. `instructions (+3 -1)` or `description (agentFacingDescription)`. */
export function changeTitle(change: FieldChange): string {
  if (change.field === "instructions" && typeof change.added === "number" && typeof change.removed === "number") {
    return `instructions (+${change.added} -${change.removed})`;
  }
  if (change.field === "description" && change.liveFields.length === 1) return `description (${change.liveFields[0]})`;
  return change.field;
}

/** Diff lines to show: the `---`/`+++` labels repeat what the action header already says. */
export function diffBody(diff: string): string[] {
  return diff.split("\n").filter((l, i) => l !== "" && !(i < 2 && /^(---|\+\+\+) /.test(l)));
}
