import { UserError } from "../errors.js";
import type { Report } from "../model/report.js";

export const FAIL_ON_CHECKS = ["drift", "unmanaged", "unused"] as const;
export type FailOnCheck = (typeof FAIL_ON_CHECKS)[number];

/** `--fail-on drift,unused` or repeated flags; unknown names are a user error, not silently ignored. */
export function parseFailOn(values: readonly string[] | string | undefined): FailOnCheck[] {
  const list = values === undefined ? [] : typeof values === "string" ? [values] : values;
  const out = new Set<FailOnCheck>();
  for (const part of list.flatMap((v) => v.split(","))) {
    const name = part.trim();
    if (name === "") continue;
    if (!(FAIL_ON_CHECKS as readonly string[]).includes(name)) {
      throw new UserError(`--fail-on: unknown check "${name}".`, { hint: `Choose from: ${FAIL_ON_CHECKS.join(", ")}.` });
    }
    out.add(name as FailOnCheck);
  }
  return [...out];
}

export interface FailOnResult {
  failed: boolean;
  /** One line per failed check, for stderr and the job log. */
  lines: string[];
}

/**
 * drift: a managed skill differs from git, or a git skill is missing from the workspace;
 * unmanaged: a custom workspace skill is not managed from git; unused: a retire candidate exists.
 * A check that cannot be answered (usage unknown) fails: a scheduled check must not pass by not looking.
 */
export function evaluateFailOn(report: Report, checks: readonly FailOnCheck[]): FailOnResult {
  const names = (keys: string[]): string => {
    const shown = keys.slice(0, 10).map((k) => report.skills.find((s) => s.key === k)?.name ?? k);
    return shown.join(", ") + (keys.length > 10 ? `, and ${keys.length - 10} more` : "");
  };
  const lines: string[] = [];
  for (const check of checks) {
    if (check === "drift") {
      const { drifted, missingFromWorkspace } = report.sets;
      if (drifted.length > 0) lines.push(`drift: ${drifted.length} skill(s) differ from git: ${names(drifted)}`);
      if (missingFromWorkspace.length > 0) {
        lines.push(`drift: ${missingFromWorkspace.length} skill(s) in git are missing from the workspace: ${names(missingFromWorkspace)}`);
      }
    } else if (check === "unmanaged") {
      const { unmanaged } = report.sets;
      if (unmanaged.length > 0) lines.push(`unmanaged: ${unmanaged.length} workspace skill(s) are not managed from git: ${names(unmanaged)}`);
    } else if (!report.usageKnown) {
      lines.push(`unused: cannot be checked, usage is unknown (${report.usageUnknownReason ?? "no analytics"})`);
    } else {
      const { retireCandidates } = report.sets;
      if (retireCandidates.length > 0) {
        lines.push(`unused: ${retireCandidates.length} managed skill(s) were not used in ${report.window.from}..${report.window.to}: ${names(retireCandidates)}`);
      }
    }
  }
  return { failed: lines.length > 0, lines };
}
