/** Text safe inside one Markdown table cell: a pipe or a newline would break the row. */
export function tableCell(text: string): string {
  return String(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
