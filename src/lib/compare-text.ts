/**
 * Code-unit order, not localeCompare: the same on every machine and locale, so plans, ZIPs and reports list
 * things in one order everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
