import { repoRelative } from "../lib/paths.js";
import { safeText } from "../lib/safe-text.js";
import { annotation } from "../lib/workflow-commands.js";
import { tableCell } from "./markdown-cell.js";
import type { LoadResult } from "../bundle/load.js";
import type { Diagnostic } from "../model/bundle.js";

/** How `validate` prints diagnostics: for people, for programs, or as GitHub Actions annotations. */
export type DiagnosticFormat = "text" | "json" | "github";
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ["text", "json", "github"];

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { errors, warnings: diagnostics.length - errors };
}

/** `path:line:col: error RULE-ID: message`, one per line, the severity colored on a terminal. */
export function formatText(diagnostics: readonly Diagnostic[], color = false): string {
  const paint = (d: Diagnostic): string =>
    color ? `\u001b[${d.severity === "error" ? "31" : "33"}m${d.severity}\u001b[39m` : d.severity;
  // File names and messages quote what users wrote (folder names, YAML values): escaped, never acted on.
  return diagnostics.map((d) => `${safeText(d.file)}:${d.line}:${d.col}: ${paint(d)} ${d.rule}: ${safeText(d.message)}\n`).join("");
}

/**
 * Diagnostics as plan and sync print them before the plan: every error in full, and warnings (a bundle's
 * dropped files, nested bundles…) summed per bundle with their rules, so a repository with hundreds of
 * them still shows its plan on the first screen; `--verbose` prints every line (formatText).
 */
export function formatCompact(diagnostics: readonly Diagnostic[], color = false): string {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const byBundle = new Map<string, Map<string, number>>();
  for (const d of diagnostics) {
    if (d.severity !== "warning") continue;
    const where = d.bundle === undefined ? d.file : d.bundle || ".";
    const rules = byBundle.get(where) ?? new Map<string, number>();
    rules.set(d.rule, (rules.get(d.rule) ?? 0) + 1);
    byBundle.set(where, rules);
  }
  const paint = (s: string): string => (color ? `\u001b[33m${s}\u001b[39m` : s);
  const lines = [...byBundle].map(([where, rules]) => {
    const total = [...rules.values()].reduce((a, b) => a + b, 0);
    const detail = [...rules].map(([rule, n]) => `${rule} ×${n}`).join(", ");
    return `${safeText(where)}: ${paint(`${total} warning${total === 1 ? "" : "s"}`)} (${detail})\n`;
  });
  const hint = lines.length > 0 ? "  (--verbose lists every warning; `dust-skills validate` too)\n" : "";
  return formatText(errors, color) + lines.join("") + hint;
}

/** `::error file=…,line=…,col=…,title=RULE::message` workflow commands, escaped as the runner expects. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => annotation(d.severity, safeText(d.message, { multiline: true }), { file: safeText(d.file), line: d.line, col: d.col, title: d.rule }))
    .join("");
}

/** A stable document: `version` changes only when a field changes meaning or disappears. */
export function formatJson(result: LoadResult): string {
  const bundles = result.bundles.map((b) => {
    const own = result.diagnostics.filter((d) => d.bundle === b.dir);
    return {
      dir: b.dir,
      skillMd: b.skillMd,
      name: b.skill?.name ?? null,
      description: b.skill?.description ?? null,
      imported: b.skill !== null,
      files: b.files.length,
      attachments: b.attachments.map((f) => f.rel),
      dropped: b.dropped.map((d) => ({ file: d.file.rel, reason: d.reason })),
      ...countBySeverity(own),
    };
  });
  const doc = {
    version: 1,
    root: result.root,
    inGit: result.inGit,
    summary: { bundles: bundles.length, ...countBySeverity(result.diagnostics) },
    bundles,
    diagnostics: result.diagnostics.map(({ file, line, col, severity, rule, message, bundle }) => ({
      file, line, col, severity, rule, message, bundle: bundle ?? null,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** "2 errors, 1 warning in 7 bundles". */
export function summaryLine(diagnostics: readonly Diagnostic[], bundles: number): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${n(errors, "error")}, ${n(warnings, "warning")} in ${n(bundles, "bundle")}`;
}

/** The full list as a Markdown table, for the Action's job summary, where there is no cap; paths relative to `root`. */
export function diagnosticsMarkdown(diagnostics: readonly Diagnostic[], root: string): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  const count = (n: number, word: string): string => `${n} ${n === 1 ? word : `${word}s`}`;
  let md = `### Validation: ${count(errors, "error")}, ${count(warnings, "warning")}\n\n`;
  if (diagnostics.length === 0) return md + "Every bundle is valid.\n";
  md += "| | Location | Rule | Message |\n|---|---|---|---|\n";
  for (const d of diagnostics) {
    const icon = d.severity === "error" ? "❌" : "⚠️";
    md += `| ${icon} | \`${tableCell(`${repoRelative(d.file, root)}:${d.line}:${d.col}`)}\` | ${tableCell(d.rule)} | ${tableCell(d.message)} |\n`;
  }
  return md;
}
