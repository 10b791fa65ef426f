/**
 * Reads the raw ZIP headers, independently of jszip, so the tests check the bytes a server sees
 * (dates, permissions, extra fields), not what a library chooses to report.
 */
export interface RawEntry {
  name: string;
  versionMadeBy: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  compressedSize: number;
  uncompressedSize: number;
  extraLength: number;
  commentLength: number;
  externalAttributes: number;
  local: { flags: number; method: number; dosTime: number; dosDate: number; extraLength: number };
}

export function readRawZip(zip: Buffer): { entries: RawEntry[]; commentLength: number } {
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== 0x06054b50) throw new Error("no end-of-central-directory record (a ZIP comment?)");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: RawEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`bad local header at ${localAt}`);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      versionMadeBy: zip.readUInt16LE(at + 4),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      dosTime: zip.readUInt16LE(at + 12),
      dosDate: zip.readUInt16LE(at + 14),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      extraLength,
      commentLength,
      externalAttributes: zip.readUInt32LE(at + 38),
      local: {
        flags: zip.readUInt16LE(localAt + 6),
        method: zip.readUInt16LE(localAt + 8),
        dosTime: zip.readUInt16LE(localAt + 10),
        dosDate: zip.readUInt16LE(localAt + 12),
        extraLength: zip.readUInt16LE(localAt + 28),
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, commentLength: zip.readUInt16LE(end + 20) };
}

/** DOS date 1980-01-01: year 0 (since 1980) << 9 | month 1 << 5 | day 1. */
export const DOS_1980_01_01 = (0 << 9) | (1 << 5) | 1;

/**
 * What Dust does to entry paths (stripCommonZipPrefix in front/lib/api/skills/detection/zip/parsing.ts):
 * drop the top folder every file shares, unless that folder directly holds a SKILL.md.
 */
export function dustStrippedPaths(paths: readonly string[]): string[] {
  const first = paths[0];
  const slash = first?.indexOf("/") ?? -1;
  if (first === undefined || slash === -1) return [...paths];
  const prefix = first.slice(0, slash + 1);
  if (!paths.every((p) => p.startsWith(prefix))) return [...paths];
  if (paths.some((p) => !p.slice(prefix.length).includes("/") && p.slice(prefix.length).toLowerCase() === "skill.md")) {
    return [...paths];
  }
  return paths.map((p) => p.slice(prefix.length)).filter((p) => p.length > 0);
}
