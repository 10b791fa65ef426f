import { repoRelative } from "../lib/paths.js";
import { annotation } from "../lib/workflow-commands.js";
import type { Diagnostic } from "../model/bundle.js";
import type { AnnotationLevel } from "../lib/workflow-commands.js";

/**
 * GitHub shows at most 10 error and 10 warning annotations per step and silently drops the rest.
 * Past that, 9 are shown and the 10th says how many more there are, so nothing disappears unnoticed.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

export function levelOf(severity: string): AnnotationLevel {
  return severity === "error" ? "error" : severity === "warning" ? "warning" : "notice";
}

/** Workflow-command lines for the diagnostics, with file paths relative to the repository root. */
export function annotationLines(diagnostics: Diagnostic[], workspace: string, limit = ANNOTATIONS_PER_LEVEL): string {
  const byLevel = new Map<AnnotationLevel, Diagnostic[]>();
  for (const d of diagnostics) {
    const level = levelOf(d.severity);
    byLevel.set(level, [...(byLevel.get(level) ?? []), d]);
  }
  let out = "";
  for (const [level, list] of byLevel) {
    const shown = list.length > limit ? list.slice(0, limit - 1) : list;
    for (const d of shown) {
      out += annotation(level, d.message, { file: repoRelative(d.file, workspace), line: d.line, col: d.col, title: d.rule });
    }
    const rest = list.length - shown.length;
    if (rest > 0) out += annotation(level, `…and ${rest} more ${plural(level, rest)}: see the job summary`);
  }
  return out;
}

function plural(level: string, n: number): string {
  const word = level === "notice" ? "note" : level;
  return n === 1 ? word : `${word}s`;
}
