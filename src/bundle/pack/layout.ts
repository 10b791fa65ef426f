import { textHash, shortHash } from "../../model/text-hash.js";
import { recordFolder, skillMdNameOf } from "../../model/ownership-record.js";
import type { OwnershipRecord } from "../../model/ownership-record.js";
import type { Bundle } from "../../model/bundle.js";
import { fingerprintContents } from "./fingerprint.js";
import type { ShippedContent } from "./read.js";

/**
 * The one top folder every ZIP is wrapped in. Dust strips exactly one folder that all entries share, so what it
 * stores as `filePath` starts below it, with the ownership record (src/model/ownership-record.ts). Without this folder
 * Dust would strip the record's own first segment.
 */
export const WRAP_FOLDER = "upload";

/** The ownership record of a bundle as it is packed now: this repository, its path, its content and its text. */
export function bundleRecord(bundle: Bundle, repository: string, files: readonly ShippedContent[]): OwnershipRecord {
  if (bundle.skill === null) throw new Error(`${bundle.dir}: a bundle Dust would drop has no record`);
  return {
    repository,
    bundleDir: bundle.dir,
    skillMdName: skillMdNameOf(bundle.skillMd),
    fingerprint: shortHash(fingerprintContents(bundle, files)),
    textHash: textHash(bundle.skill),
  };
}

/**
 * Where a file of a bundle goes in a ZIP: every entry path is made here, so packing, size estimates and tests
 * agree. `rel` is the path relative to the bundle folder, which Dust keeps as the attachment's `fileName`.
 */
export function zipEntryPath(record: OwnershipRecord, rel: string): string {
  return `${WRAP_FOLDER}/${recordFolder(record)}/${rel}`;
}

/**
 * What validate uses to size a bundle's ZIP before any identity is known: the entry path a record of a typical
 * repository identity gives (the real one differs by the identity's length only; pack checks the real sizes).
 */
export function estimatedEntryPath(bundleDir: string, skillMdName: string, rel: string): string {
  const record: OwnershipRecord = { repository: "github.com/owner/repository", bundleDir, skillMdName, fingerprint: "0".repeat(16), textHash: "0".repeat(16) };
  return zipEntryPath(record, rel);
}

const ROOT_FOLDER_BYTES = Buffer.byteLength(estimatedEntryPath("", "SKILL.md", ""));

/**
 * The bytes of `estimatedEntryPath(bundleDir, _, "")`, the folder every entry of the bundle shares, without
 * building and checking a record: every bundle of every plan asks (at 20,000 bundles the checks took ~0.1 s).
 */
export function estimatedFolderBytes(bundleDir: string): number {
  return bundleDir === "" ? ROOT_FOLDER_BYTES : ROOT_FOLDER_BYTES + Buffer.byteLength(bundleDir) + 1;
}
