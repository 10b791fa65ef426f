import type { AnalyticsCell, AnalyticsRow } from "../types.js";

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell as the export writes it: csv_utils.ts sanitizeCsvCell (a text cell starting with = + - @
 * gets a leading apostrophe, numbers never do), then csv-stringify's quoting (only when the cell holds a
 * comma, a quote, CR or LF; quotes doubled).
 */
export function csvCell(value: AnalyticsCell | undefined): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number" || typeof value === "boolean") text = String(value);
  else {
    text = Array.isArray(value) ? value.join(", ") : value;
    const first = text.charCodeAt(0);
    if (first === 61 || first === 43 || first === 45 || first === 64) text = `'${text}`; // = + - @
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A record line, `\n`-terminated. */
export function csvLine(columns: readonly string[], row: AnalyticsRow): string {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ",";
    line += csvCell(row[columns[i] as string]);
  }
  return `${line}\n`;
}

export function csvHeader(columns: readonly string[]): string {
  return `${columns.join(",")}\n`;
}
