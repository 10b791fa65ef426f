import type { Report } from "../model/report.js";

/** The Report as is: `version` says which shape; `definitions` say what each number means. */
export function renderReportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
