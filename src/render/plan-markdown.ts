import { safeText } from "../lib/safe-text.js";
import type { Plan, PlanAction } from "../model/plan.js";
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
  requestSummary,
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

/** Names listed in the unchanged / left-out blocks; a reviewer needs the changes, not thousands of names. */
const MAX_LISTED_NAMES = 200;

function namesBlock(title: string, names: string[]): string {
  const more = names.length > MAX_LISTED_NAMES ? `, … and ${names.length - MAX_LISTED_NAMES} more` : "";
  const listed = names.slice(0, MAX_LISTED_NAMES).map((n) => code(n));
  return `<details><summary>${title}</summary>\n\n${listed.join(", ")}${more}\n\n</details>\n`;
}

/** The last resort when even collapsed blocks do not fit: one list line per action. */
function actionLine(action: PlanAction): string {
  const fields = changedFields(action);
  return `- <code>${KIND_SYMBOLS[action.kind]}</code> ${KIND_LABELS[action.kind]} ${code(action.name ?? action.bundle?.dir ?? "?")}${fields === "" ? "" : `: ${escapeMarkdown(fields)}`}\n`;
}

/**
 * Shares `budget` characters of diff among actions: each gets an equal share, and what a small diff leaves
 * unused goes to the larger ones (water-filling), so every changed skill shows the start of its diff.
 */
function shareDiffBudget(sizes: number[], budget: number): number[] {
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  const shares = new Array<number>(sizes.length).fill(0);
  let left = budget;
  order.forEach(({ size, i }, rank) => {
    const share = Math.max(0, Math.min(size, Math.floor(left / (order.length - rank))));
    shares[i] = share;
    left -= share;
  });
  return shares;
}

/** Diff characters per action in the previews that follow the one-line list of a very large plan. */
const PREVIEW_DIFF_CHARS = 3_000;

/**
 * A PR comment: title, headline and summary table always; then errors and notes; then one collapsed block per
 * action. Past `maxChars`, details are cut first and a closing note says what is missing:
 * 1. every action keeps its block and the diffs share the room left;
 * 2. if the blocks alone are too many: one line per action, then diff previews while room is left.
 * The summary is never cut.
 */
export function renderPlanMarkdown(plan: Plan, opts: { maxChars?: number } = {}): string {
  // Names, diffs and server messages come from users: their control characters are shown, never passed on.
  return safeText(planMarkdown(plan, opts), { multiline: true });
}

function planMarkdown(plan: Plan, opts: { maxChars?: number }): string {
  const maxChars = opts.maxChars ?? MARKDOWN_MAX_CHARS;
  const target = plan.target ? ` for ${code(plan.target.workspaceId)}` : "";
  let out = `### Dust skills plan${target}\n\n**${escapeMarkdown(planHeadline(plan))}**\n\n${summaryTable(plan)}`;

  const cut = { details: 0, lines: 0, sections: 0 };
  const cutNote = () => {
    const parts = [
      cut.details > 0 ? `${cut.details} skills' details shortened or left out` : "",
      cut.lines > 0 ? `${cut.lines} list lines left out` : "",
      cut.sections > 0 ? `${cut.sections} sections left out` : "",
    ].filter((p) => p !== "");
    return `\n_Cut to fit GitHub's comment limit (${maxChars.toLocaleString("en-US")} characters): ${parts.join(", ")}. Run \`dust-skills plan\` for the full plan._\n`;
  };
  // Room for the note with every part and large counts.
  cut.details = cut.lines = cut.sections = 99_999;
  const reserve = cutNote().length + 1;
  cut.details = cut.lines = cut.sections = 0;
  const room = () => maxChars - reserve - out.length;
  const size = (blocks: string[]) => blocks.reduce((n, b) => n + b.length + 1, 0);
  const append = (blocks: string[]) => void (out += blocks.map((b) => `\n${b}`).join(""));

  const uploads = requestSummary(plan);
  for (const [title, items] of [
    ["Errors", plan.errors],
    ...(uploads ? [[uploads.title, uploads.lines] as const] : []),
    ["Not compared", plan.uncomparable],
    ["Notes", plan.notes],
  ] as const) {
    // A long list shrinks rather than disappearing whole: errors matter most.
    const block = (n: number) =>
      bulletList(title, n < items.length ? [...items.slice(0, n), `… and ${items.length - n} more`] : [...items]);
    let shown = items.length;
    while (shown > 0 && block(shown).length + 1 > room()) shown = Math.floor(shown / 2);
    if (shown > 0) append([block(shown)]);
    cut.lines += items.length - shown;
  }

  const groups = groupActions(plan);
  const actions = groups.filter((g) => g.kind !== "unchanged").flatMap((g) => g.actions);
  const unchanged = groups.find((g) => g.kind === "unchanged")?.actions ?? [];
  const tail = [
    ...(unchanged.length > 0 ? [namesBlock(`${unchanged.length} unchanged`, unchanged.map((a) => a.name ?? ""))] : []),
    ...(plan.excluded.length > 0
      ? [namesBlock(`${plan.excluded.length} left out by the selection`, plan.excluded.map((e) => `${e.dir}: ${e.reason}`))]
      : []),
  ];

  const full = actions.map((a) => actionDetails(a, Number.POSITIVE_INFINITY));
  if (size(full) + size(tail) <= room()) {
    append([...full, ...tail]);
    return out;
  }
  const bare = actions.map((a) => actionDetails(a, 0));
  const keptTail = size(bare) + size(tail) <= room() ? tail : [];
  cut.sections += tail.length - keptTail.length;
  const diffSizes = full.map((f, i) => f.length - (bare[i] as string).length);
  let blocks: string[] = [];
  if (size(bare) + size(keptTail) <= room()) {
    // Block overhead (fences, "more lines" notes) is not known in advance: shrink the shares until all fits.
    for (let budget = room() - size(bare) - size(keptTail); budget > 0; budget = Math.floor(budget * 0.8) - 100) {
      const shares = shareDiffBudget(diffSizes, budget);
      blocks = actions.map((a, i) => actionDetails(a, shares[i] as number));
      if (size(blocks) + size(keptTail) <= room()) break;
    }
    if (size(blocks) + size(keptTail) > room()) blocks = bare;
    cut.details += blocks.filter((b, i) => b !== full[i]).length;
    append([...blocks, ...keptTail]);
  } else {
    const heading = "**Actions**\n\n";
    const lines = actions.map(actionLine);
    let kept = 0;
    let used = heading.length + 1;
    while (kept < lines.length && used + (lines[kept] as string).length <= room()) used += (lines[kept++] as string).length;
    if (kept > 0) append([heading + lines.slice(0, kept).join("")]);
    cut.lines += lines.length - kept;
    // Then the first diffs, each shortened to a preview, while they fit.
    let previews = 0;
    for (const [i, action] of actions.slice(0, kept).entries()) {
      if ((diffSizes[i] as number) === 0) continue;
      const block = actionDetails(action, PREVIEW_DIFF_CHARS);
      if (size([block]) > room()) break;
      append([block]);
      if (block === full[i]) previews++;
    }
    cut.details += actions.length - previews;
  }
  if (cut.details + cut.lines + cut.sections > 0) out += cutNote();
  return out;
}
