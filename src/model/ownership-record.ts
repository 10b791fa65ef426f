/**
 * The ownership record (DESIGN.md "Identity and ownership"). Dust stores, for an API import, only the SKILL.md
 * path inside the uploaded ZIP after stripping one shared top folder (`sourceMetadata.filePath`). We choose that
 * path, so it carries what decides ownership, change and drift:
 *
 *     dust-skills/v1/<repository>/@<fingerprint>.<text hash>/<bundle folder>/SKILL.md
 *     dust-skills/v1/github.com/acme/skills/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/skills/release-notes/SKILL.md
 *
 * - `v1` versions the layout: a reader meeting `v2` knows it was written by a newer dust-skills.
 * - the repository is `host/owner/name` (more segments for nested groups), lower case, each segment drawn
 *   from [a-z0-9._~-] and never `.`/`..`: no segment can start with `@`, so the first `@` segment ends it.
 * - the hashes are fixed-length lowercase hex, so the segment is recognisable and a person can skip it.
 * - the bundle folder follows as it is in the repository (any characters git allows, spaces and unicode
 *   included, even a folder that itself looks like a hash segment), then the SKILL.md's own file name.
 * The repository and the bundle path read as they are in Dust's UI; nothing is escaped.
 */

export const RECORD_ROOT = "dust-skills";
export const RECORD_VERSION = 1;
/** Hex digits kept of each sha256: 64 bits, far past any chance collision between two versions of one bundle. */
export const HASH_HEX_LENGTH = 16;

export interface OwnershipRecord {
  /** Normalised repository identity, e.g. `github.com/acme/skills`. */
  repository: string;
  /** Repo-relative bundle folder; "" for a bundle at the repository root. */
  bundleDir: string;
  /** The SKILL.md's file name as in the repository (Dust accepts any case). */
  skillMdName: string;
  /** What was uploaded: SKILL.md and every shipped attachment (path and bytes). */
  fingerprint: string;
  /** Name, description and instructions as Dust stores them. */
  textHash: string;
}

/** What a live skill's `filePath` says about who wrote it. */
export type FilePathReading =
  | { kind: "record"; record: OwnershipRecord }
  /** Written by a newer dust-skills: not ours to read, so never ours to touch. */
  | { kind: "newer"; version: number }
  /** A path with no record: written by an earlier dust-skills (or another uploader); owner unknown. */
  | { kind: "plain"; path: string }
  | { kind: "none" };

const HASH_SEGMENT = new RegExp(`^@([0-9a-f]{${HASH_HEX_LENGTH}})\\.([0-9a-f]{${HASH_HEX_LENGTH}})$`);
const REPOSITORY_SEGMENT = /^[a-z0-9._~-]+$/;
const HEX = new RegExp(`^[0-9a-f]{${HASH_HEX_LENGTH}}$`);

/** Why `repository` cannot be a record's identity, or null when it can. */
export function repositoryProblem(repository: string): string | null {
  const segments = repository.split("/");
  if (segments.length < 2) return "it needs at least a host and a name, e.g. github.com/acme/skills";
  for (const s of segments) {
    if (s === "") return "it has an empty segment (a doubled or trailing /)";
    if (s === "." || s === "..") return `it has a "${s}" segment`;
    if (!REPOSITORY_SEGMENT.test(s)) return `"${s}" has characters other than a-z 0-9 . _ ~ -`;
  }
  return null;
}

/** Why `bundleDir` cannot go into a record, or null (git never produces such a path; a caller bug would). */
function bundleDirProblem(bundleDir: string): string | null {
  if (bundleDir === "") return null;
  for (const s of bundleDir.split("/")) {
    if (s === "" || s === "." || s === "..") return `bundle folder "${bundleDir}" has an empty, "." or ".." segment`;
  }
  return null;
}

/** The folder of the ZIP (below the wrapping folder) that holds this bundle's files: the stored path minus the file name. */
export function recordFolder(record: OwnershipRecord): string {
  for (const problem of [repositoryProblem(record.repository), bundleDirProblem(record.bundleDir)]) {
    if (problem !== null) throw new Error(`invalid ownership record: ${problem}`);
  }
  if (!HEX.test(record.fingerprint) || !HEX.test(record.textHash)) {
    throw new Error(`invalid ownership record: hashes must be ${HASH_HEX_LENGTH} lowercase hex digits`);
  }
  const base = `${RECORD_ROOT}/v${RECORD_VERSION}/${record.repository}/@${record.fingerprint}.${record.textHash}`;
  return record.bundleDir === "" ? base : `${base}/${record.bundleDir}`;
}

/** The `filePath` Dust stores for this record. */
export function encodeRecord(record: OwnershipRecord): string {
  if (record.skillMdName.toLowerCase() !== "skill.md") throw new Error(`invalid ownership record: "${record.skillMdName}" is not a SKILL.md`);
  return `${recordFolder(record)}/${record.skillMdName}`;
}

/** Reads a live skill's `filePath`. Never throws: anything that is not a well-formed record is a plain path. */
export function readFilePath(filePath: string | null | undefined): FilePathReading {
  if (filePath === null || filePath === undefined || filePath === "") return { kind: "none" };
  const segments = filePath.split("/");
  const version = segments[0] === RECORD_ROOT ? /^v([1-9][0-9]{0,5})$/.exec(segments[1] ?? "") : null;
  if (version === null) return { kind: "plain", path: filePath };
  const n = Number(version[1]);
  if (n > RECORD_VERSION) return { kind: "newer", version: n };
  const record = readV1(segments.slice(2));
  return record === null ? { kind: "plain", path: filePath } : { kind: "record", record };
}

function readV1(rest: string[]): OwnershipRecord | null {
  const at = rest.findIndex((s) => s.startsWith("@"));
  if (at < 0) return null;
  const hashes = HASH_SEGMENT.exec(rest[at] as string);
  const tail = rest.slice(at + 1);
  const skillMdName = tail.pop();
  if (hashes === null || skillMdName === undefined || skillMdName.toLowerCase() !== "skill.md") return null;
  // The checks of repositoryProblem and bundleDirProblem, on the segments already split (every listed skill
  // is read: at 20,000 skills, splitting each path again showed in profiles).
  if (at < 2) return null;
  for (let i = 0; i < at; i++) {
    const s = rest[i] as string;
    if (s === "." || s === ".." || !REPOSITORY_SEGMENT.test(s)) return null;
  }
  const bundleDir = tail.join("/");
  if (bundleDir !== "") for (const s of tail) if (s === "" || s === "." || s === "..") return null;
  return { repository: rest.slice(0, at).join("/"), bundleDir, skillMdName, fingerprint: hashes[1] as string, textHash: hashes[2] as string };
}

/** The file name a record keeps of a bundle's SKILL.md (its last path segment, in the repository's case). */
export function skillMdNameOf(skillMd: string): string {
  return skillMd.slice(skillMd.lastIndexOf("/") + 1);
}

/** The repo-relative SKILL.md path a record names. */
export function recordedSkillMd(record: OwnershipRecord): string {
  return record.bundleDir === "" ? record.skillMdName : `${record.bundleDir}/${record.skillMdName}`;
}
