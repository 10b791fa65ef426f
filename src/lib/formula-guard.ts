/**
 * Spreadsheet formula guard: text starting with `= + - @` gets a leading `'` so a spreadsheet shows it instead
 * of running it. Dust's export applies it (dust-api.md); the report's CSV applies it too.
 */
const GUARDED = new Set(["=", "+", "-", "@"]);

export function guardFormula(cell: string): string {
  return cell.length >= 1 && GUARDED.has(cell[0] as string) ? `'${cell}` : cell;
}

/**
 * Undoes the guard: only `'` followed by one of those four is changed. The guard is lossy: a cell that really
 * was `'=x` reads back as `=x`, which no export can tell apart.
 */
export function unguardFormula(cell: string): string {
  return cell.length >= 2 && cell.charCodeAt(0) === 39 && GUARDED.has(cell[1] as string) ? cell.slice(1) : cell;
}
