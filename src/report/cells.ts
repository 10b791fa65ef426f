import { unguardFormula } from "../dust/csv.js";

/**
 * The export prefixes text cells that start with = + - @ with a `'` so spreadsheets do not run them
 * (dust-api.md). A skill named `=x` therefore arrives as `'=x`; the client's rule undoes it.
 */
export const unguardCell = unguardFormula;

/** The same guard, for the CSV this tool writes: a report opened in a spreadsheet must not run a skill name. */
export function guardCell(cell: string): string {
  return /^[=+\-@]/.test(cell) ? `'${cell}` : cell;
}

/**
 * Dust resource ids are `<3-letter prefix>_<10+ alphanumerics>` (front/lib/resources/string_ids.ts);
 * skills use `skl_`. The export shows such an id in place of a name it could not resolve.
 */
export function looksLikeSkillId(s: string): boolean {
  return /^[a-z]{3}_[A-Za-z0-9]{10,}$/.test(s);
}
