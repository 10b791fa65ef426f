import type { Limits } from "./limits.js";
import { ZIP_END_BYTES } from "./zip.js";

/** What batching needs to know of a group of bundles that must travel together. */
export interface UnitSize {
  entries: number;
  uncompressedBytes: number;
  /** Exact bytes the unit adds to a ZIP (entryBytes of its files). */
  zipBytes: number;
}

/** The limits a unit breaks on its own: no upload can ever hold it. */
export function limitsBroken(unit: UnitSize, limits: Limits): ("entries" | "uncompressed" | "zipped")[] {
  const broken: ("entries" | "uncompressed" | "zipped")[] = [];
  if (unit.entries > limits.zipEntries) broken.push("entries");
  if (unit.uncompressedBytes > limits.zipUncompressedBytes) broken.push("uncompressed");
  if (unit.zipBytes + ZIP_END_BYTES > limits.requestBytes) broken.push("zipped");
  return broken;
}

/**
 * End (exclusive) of the next batch starting at `start`: units are taken in order while the ZIP stays
 * within every limit, so the same repo always splits at the same places. Each unit must fit alone
 * (see limitsBroken); the first one is always taken.
 */
export function takeBatch(units: readonly UnitSize[], start: number, limits: Limits): number {
  let entries = 0;
  let uncompressed = 0;
  let zipBytes = ZIP_END_BYTES;
  for (let end = start; end < units.length; end++) {
    const unit = units[end] as UnitSize;
    entries += unit.entries;
    uncompressed += unit.uncompressedBytes;
    zipBytes += unit.zipBytes;
    const fits = entries <= limits.zipEntries && uncompressed <= limits.zipUncompressedBytes && zipBytes <= limits.requestBytes;
    if (!fits) return end === start ? end + 1 : end;
  }
  return units.length;
}
