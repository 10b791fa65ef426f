import type { TargetOutcome } from "../model/sync.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { planHeadline } from "./plan-summary.js";
import { renderSyncMarkdown } from "./sync-markdown.js";

/**
 * Several targets' plans and sync results in one document, for the Action's job summary and PR comment and
 * for `sync --format markdown` alike.
 */

/** The log's one line per target. */
export function outcomeHeadlines(outcomes: TargetOutcome[]): string[] {
  const many = outcomes.length > 1;
  return outcomes.map((o) => `${many ? `${o.name}: ` : ""}${o.plan ? planHeadline(o.plan) : `error: ${o.error ?? "no plan"}`}`);
}

/** One Markdown document for the summary and the PR comment: each target's plan, then what sync did. */
export function outcomeMarkdown<T extends TargetOutcome>(outcomes: T[], opts: { heading?: (o: T) => string } = {}): string {
  const many = outcomes.length > 1;
  const headingOf = opts.heading ?? ((o: T) => `## Target \`${o.name}\`\n\n`);
  return outcomes
    .map((o) => {
      const heading = many ? headingOf(o) : "";
      if (!o.plan) return `${heading}**Error:** ${o.error ?? "no plan"}\n`;
      const budget = Math.floor(60_000 / Math.max(1, outcomes.length));
      return heading + renderPlanMarkdown(o.plan, { maxChars: budget }) + (o.sync ? `\n${renderSyncMarkdown(o.sync)}` : "");
    })
    .join("\n");
}

