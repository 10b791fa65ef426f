import type { Plan, PlanAction } from "../plan/types.js";
import {
  actionPath,
  changedFields,
  changeTitle,
  describeChange,
  diffBody,
  groupActions,
  KIND_LABELS,
  KIND_SYMBOLS,
  planHeadline,
  SHOWN_ORDER,
} from "./plan-summary.js";

/** GitHub refuses comments over 65,536 characters; the default keeps a margin for a sticky-comment marker. */
export const MARKDOWN_MAX_CHARS = 65_000;

/**
 * Inline user text (names, paths, messages) as inert Markdown: every character GitHub would read as markup, an
 * HTML tag or entity, a table separator, an @mention or math becomes a numeric entity; line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, " ").replace(/[&<>`*_[\]~\\|@$]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A fence longer than any backtick run inside, so user text cannot close it. */
function fenced(lang: string, body: string): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body.endsWith("\n") ? body : `${body}\n`}${fence}\n`;
}

const code = (text: string) => `<code>${escapeMarkdown(text)}</code>`;

function summaryTable(plan: Plan): string {
  const rows = SHOWN_ORDER.filter((k) => plan.summary[k] > 0).map(
    (k) => `| \`${KIND_SYMBOLS[k]}\` ${KIND_LABELS[k]} | ${plan.summary[k]} |`,
  );
  if (plan.summary.excluded > 0) rows.push(`| Left out by the selection | ${plan.summary.excluded} |`);
  if (rows.length === 0) return "";
  return ["| Action | Skills |", "| --- | ---: |", ...rows].join("\n") + "\n";
}

function bulletList(title: string, items: string[]): string {
  if (items.length === 0) return "";
  return `**${title}**\n\n${items.map((i) => `- ${escapeMarkdown(i)}`).join("\n")}\n`;
}

/** Keep whole lines of a diff while they fit in `budget` characters. */
function clipDiff(diff: string, budget: number): { text: string; cut: number } {
  const lines = diffBody(diff);
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    used += line.length + 1;
    kept++;
  }
  return { text: lines.slice(0, kept).join("\n"), cut: lines.length - kept };
}

/** One collapsed block; `diffBudget` limits the characters of diff text it may hold. */
function actionDetails(action: PlanAction, diffBudget: number): string {
  const path = actionPath(action);
  const fields = changedFields(action);
  const summary = [
    // <summary> sits in a raw HTML block on GitHub: Markdown there is shown literally, so only HTML is used.
    `<code>${KIND_SYMBOLS[action.kind]}</code> <b>${KIND_LABELS[action.kind]}</b> ${code(action.name ?? action.bundle?.dir ?? "?")}`,
    fields === "" ? "" : `: ${escapeMarkdown(fields)}`,
    path === null ? "" : ` (${escapeMarkdown(path)})`,
  ].join("");
  const body: string[] = [];
  if (action.live) body.push(`- live skill ${code(action.live.sId)}, source ${code(action.live.source ?? "none")}`);
  for (const r of action.reasons) body.push(`- ${escapeMarkdown(r)}`);
  for (const n of action.notes) body.push(`- _Note:_ ${escapeMarkdown(n)}`);
  let diffText = "";
  let remaining = diffBudget;
  for (const change of action.changes) {
    const lines = [...describeChange(change)];
    let cut = 0;
    if (change.diff) {
      const clipped = clipDiff(change.diff, remaining);
      lines.push(...(clipped.text === "" ? [] : [clipped.text]));
      cut = clipped.cut;
    }
    const text = lines.join("\n");
    remaining -= text.length;
    diffText += `**${escapeMarkdown(changeTitle(change))}**\n\n${text === "" ? "" : fenced("diff", text)}`;
    if (cut > 0) diffText += `\n_${cut} more diff lines not shown to fit the comment; run \`dust-skills plan\` for all of them._\n`;
    diffText += "\n";
  }
  return `<details><summary>${summary}</summary>\n\n${body.join("\n")}\n\n${diffText}</details>\n`;
}

function namesBlock(title: string, names: string[]): string {
  return `<details><summary>${title}</summary>\n\n${names.map((n) => code(n)).join(", ")}\n\n</details>\n`;
}

/**
 * A PR comment: title, headline and summary table always; then errors, notes and one collapsed block per action
 * while they fit in `maxChars`. Details are cut first (long diffs shortened, then whole blocks dropped) and the
 * comment says so; the summary is never cut.
 */
export function renderPlanMarkdown(plan: Plan, opts: { maxChars?: number } = {}): string {
  const maxChars = opts.maxChars ?? MARKDOWN_MAX_CHARS;
  const target = plan.target ? ` for ${code(plan.target.workspaceId)}` : "";
  let out = `### Dust skills plan${target}\n\n**${escapeMarkdown(planHeadline(plan))}**\n\n${summaryTable(plan)}`;

  let linesCut = 0;
  let blocksCut = 0;
  const cutNote = () =>
    `\n_Cut to fit GitHub's comment limit (${maxChars.toLocaleString("en-US")} characters): ${blocksCut} collapsed sections and ${linesCut} list lines not shown. Run \`dust-skills plan\` for the full plan._\n`;
  // Room for the note with the largest counts it can show.
  const reserve = cutNote().length + 24;
  const fits = (block: string) => out.length + 1 + block.length + reserve <= maxChars;
  const append = (block: string) => void (out += `\n${block}`);

  for (const [title, items] of [
    ["Errors", plan.errors],
    ["Not compared", plan.uncomparable],
    ["Notes", plan.notes],
  ] as const) {
    // A long list shrinks rather than disappearing whole: errors matter most.
    const block = (n: number) => bulletList(title, n < items.length ? [...items.slice(0, n), `… and ${items.length - n} more`] : [...items]);
    let shown = items.length;
    while (shown > 0 && !fits(block(shown))) shown = Math.floor(shown / 2);
    if (shown > 0) append(block(shown));
    linesCut += items.length - shown;
  }

  const tryAppend = (...candidates: (() => string)[]) => {
    for (const candidate of candidates) {
      const block = candidate();
      if (fits(block)) return append(block);
    }
    blocksCut++;
  };
  for (const { kind, actions } of groupActions(plan)) {
    if (kind === "unchanged") {
      tryAppend(() => namesBlock(`${actions.length} unchanged`, actions.map((a) => a.name ?? "")));
      continue;
    }
    for (const action of actions) {
      // With its diff (at most a third of the room left, so one huge diff cannot crowd out the rest), else without.
      const room = maxChars - reserve - out.length;
      tryAppend(
        () => actionDetails(action, Math.floor(room / 3)),
        () => actionDetails(action, 0),
      );
    }
  }
  if (plan.excluded.length > 0) {
    tryAppend(() =>
      namesBlock(`${plan.excluded.length} left out by the selection`, plan.excluded.map((e) => `${e.dir}: ${e.reason}`)),
    );
  }
  if (blocksCut + linesCut > 0) out += cutNote();
  return out;
}
