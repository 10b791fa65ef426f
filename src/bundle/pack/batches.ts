import { REQUEST_FIXED_FIELDS } from "./limits.js";
import type { Limits } from "./limits.js";
import { ZIP_END_BYTES } from "./zip.js";

/** What batching needs to know of a group of bundles that must travel together. */
export interface UnitSize {
  entries: number;
  uncompressedBytes: number;
  /** Exact bytes the unit adds to a ZIP (entryBytes of its files). */
  zipBytes: number;
  /** Skills it holds: each is one `names` field of the request. */
  skills: number;
}

/** How many skills (`names` fields) one request may carry. */
export function skillsPerRequest(limits: Limits): number {
  return limits.requestFields - REQUEST_FIXED_FIELDS;
}

/** The limits a unit breaks on its own: no upload can ever hold it. */
export function limitsBroken(unit: UnitSize, limits: Limits): ("entries" | "uncompressed" | "zipped" | "fields")[] {
  const broken: ("entries" | "uncompressed" | "zipped" | "fields")[] = [];
  if (unit.entries > limits.zipEntries) broken.push("entries");
  if (unit.uncompressedBytes > limits.zipUncompressedBytes) broken.push("uncompressed");
  if (unit.zipBytes + ZIP_END_BYTES > limits.requestBytes) broken.push("zipped");
  if (unit.skills > skillsPerRequest(limits)) broken.push("fields");
  return broken;
}

/** One ZIP being filled: its units and exact totals. */
export interface ZipDraft<U extends UnitSize> {
  units: U[];
  entries: number;
  uncompressedBytes: number;
  /** Exact size of the ZIP file these units make. */
  bytes: number;
}

/** One POST /skills being filled: several ZIPs whose sizes add up to at most `requestBytes`. */
export interface RequestDraft<U extends UnitSize> {
  zips: ZipDraft<U>[];
  /** Sum of the ZIP sizes: what Dust's 5 MiB limit counts. */
  bytes: number;
  /** Skills named in the request. */
  skills: number;
}

/**
 * Fills requests one unit at a time, in the order given: a unit joins the current ZIP while that ZIP stays
 * within the entry and uncompressed limits, else starts a new ZIP in the same request, and only when the
 * request's bytes (or its number of skills, one form field each) would pass the limit does the request close. The decision depends only on the units seen
 * so far, so a plan that measures sizes and a sync that sends as it goes split at the same places, and
 * sync never holds more than the request being filled.
 */
export class RequestBatcher<U extends UnitSize> {
  #current: RequestDraft<U> | null = null;

  constructor(private readonly limits: Limits) {}

  /** Adds a unit (it must fit alone; see limitsBroken); returns the request it closed, if any. */
  add(unit: U): RequestDraft<U> | null {
    const req = this.#current;
    if (req && req.skills + unit.skills <= skillsPerRequest(this.limits)) {
      const zip = req.zips[req.zips.length - 1] as ZipDraft<U>;
      const fitsZip =
        zip.entries + unit.entries <= this.limits.zipEntries &&
        zip.uncompressedBytes + unit.uncompressedBytes <= this.limits.zipUncompressedBytes;
      if (fitsZip && req.bytes + unit.zipBytes <= this.limits.requestBytes) {
        zip.units.push(unit);
        zip.entries += unit.entries;
        zip.uncompressedBytes += unit.uncompressedBytes;
        zip.bytes += unit.zipBytes;
        req.bytes += unit.zipBytes;
        req.skills += unit.skills;
        return null;
      }
      if (!fitsZip && req.bytes + ZIP_END_BYTES + unit.zipBytes <= this.limits.requestBytes) {
        req.zips.push(newZip(unit));
        req.bytes += ZIP_END_BYTES + unit.zipBytes;
        req.skills += unit.skills;
        return null;
      }
    }
    this.#current = { zips: [newZip(unit)], bytes: ZIP_END_BYTES + unit.zipBytes, skills: unit.skills };
    return req;
  }

  /** The last, partly filled request, if any. */
  finish(): RequestDraft<U> | null {
    const req = this.#current;
    this.#current = null;
    return req;
  }
}

function newZip<U extends UnitSize>(unit: U): ZipDraft<U> {
  return { units: [unit], entries: unit.entries, uncompressedBytes: unit.uncompressedBytes, bytes: ZIP_END_BYTES + unit.zipBytes };
}
