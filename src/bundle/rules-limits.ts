import { LIMITS } from "./pack/limits.js";
import { ZIP_END_BYTES } from "./pack/zip.js";
import { error } from "./problem.js";
import type { Problem } from "./problem.js";
import type { BundleFile } from "../model/bundle.js";

/** What one POST /skills accepts (the one table is pack/limits.ts); a bundle must fit alone in one upload. */
export const UPLOAD_LIMITS = {
  maxEntries: LIMITS.zipEntries,
  maxUncompressedBytes: LIMITS.zipUncompressedBytes,
  maxRequestBytes: LIMITS.requestBytes,
} as const;

/** ZIP bytes around each entry: local header (30) + central header (46) + the name twice. */
export const zipEntryOverhead = (entryNameBytes: number): number => 76 + 2 * entryNameBytes;
export { ZIP_END_BYTES };

/** The rules whose error means no upload can ever carry the bundle (plan refuses it too). */
export const UPLOAD_LIMIT_RULES: readonly string[] = ["bundle-too-many-files", "bundle-too-large", "bundle-too-large-zipped"];

export interface UploadSize {
  /** Entries the bundle's ZIP would hold: the SKILL.md and the attachments Dust keeps. */
  files: BundleFile[];
  /** Estimated ZIP size, or null when the raw size makes it clear the ZIP fits. */
  zippedBytes: number | null;
}

/** Errors for a bundle that no upload can ever carry; reported at SKILL.md line 1. */
export function uploadLimitProblems({ files, zippedBytes }: UploadSize): Problem[] {
  const out: Problem[] = [];
  const raw = files.reduce((n, f) => n + f.size, 0);
  if (files.length > UPLOAD_LIMITS.maxEntries) {
    out.push(error(1, 1, "bundle-too-many-files", `bundle has ${files.length} files Dust keeps; one upload holds at most ${UPLOAD_LIMITS.maxEntries}`));
  }
  if (raw > UPLOAD_LIMITS.maxUncompressedBytes) {
    out.push(error(1, 1, "bundle-too-large", `bundle is ${mib(raw)} uncompressed (limit ${mib(UPLOAD_LIMITS.maxUncompressedBytes)} per upload); largest: ${largest(files)}`));
  } else if (zippedBytes !== null && zippedBytes > UPLOAD_LIMITS.maxRequestBytes) {
    out.push(error(1, 1, "bundle-too-large-zipped", `bundle zips to about ${mib(zippedBytes)} (limit ${mib(UPLOAD_LIMITS.maxRequestBytes)} per upload); largest: ${largest(files)}`));
  }
  return out;
}

function largest(files: BundleFile[]): string {
  return [...files]
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map((f) => `${f.rel} (${mib(f.size)})`)
    .join(", ");
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
