import type { Report } from "../model/report.js";
import { renderReportCsv } from "./report-csv.js";
import { renderReportHtml } from "./report-html.js";
import { renderReportJson } from "./report-json.js";
import { renderReportMarkdown } from "./report-markdown.js";
import { renderReportText } from "./report-text.js";

export const REPORT_FORMATS = ["text", "json", "csv", "markdown", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Every format from the one Report; `color` only affects text. */
export function renderReport(report: Report, format: ReportFormat, opts: { color?: boolean } = {}): string {
  switch (format) {
    case "text":
      return renderReportText(report, { color: opts.color ?? false });
    case "json":
      return renderReportJson(report);
    case "csv":
      return renderReportCsv(report);
    case "markdown":
      return renderReportMarkdown(report);
    case "html":
      return renderReportHtml(report);
  }
}
