import type { Severity } from "../model/bundle.js";

/** A diagnostic before it is tied to a file: what the pure checks return; load.ts adds the path. */
export interface Problem {
  line: number;
  col: number;
  severity: Severity;
  rule: string;
  message: string;
}

export function error(line: number, col: number, rule: string, message: string): Problem {
  return { line, col, severity: "error", rule, message };
}

export function warning(line: number, col: number, rule: string, message: string): Problem {
  return { line, col, severity: "warning", rule, message };
}

/** A Problem in a known file: `path` is relative to the bundle root (POSIX); `bundle` is the bundle's dir. */
export interface Located extends Problem {
  path: string;
  bundle?: string;
}

export function locate(path: string, bundle: string, problems: Problem[]): Located[] {
  return problems.map((p) => ({ ...p, path, bundle }));
}
