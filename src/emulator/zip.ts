import { inflateRawSync } from "node:zlib";

/**
 * Just enough of the ZIP format to do what Dust does with an upload: list the central directory (names,
 * declared uncompressed sizes) and read single entries. Dust counts and sums the central directory
 * *before* inflating anything, so a ZIP bomb is refused on its headers; reading them ourselves keeps
 * that order.
 */

export interface ZipEntry {
  /** Entry name as stored (folders end with "/"). */
  name: string;
  isDirectory: boolean;
  /** Uncompressed size declared in the central directory. */
  size: number;
  compressedSize: number;
  method: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {}

const EOCD_SIGNATURE = 0x06054b50;
const CEN_SIGNATURE = 0x02014b50;
const LOC_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - EOCD_MIN - 0xffff);
  for (let i = buf.length - EOCD_MIN; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  // adm-zip's wording, which is what Dust puts after "Failed to open ZIP: ".
  throw new ZipFormatError("Invalid or unsupported zip format. No END header found");
}

/** How many entries the archive declares, read from the end record only. */
export function zipEntryCount(buf: Buffer): number {
  const eocd = findEndOfCentralDirectory(buf);
  return buf.readUInt16LE(eocd + 10);
}

export function readCentralDirectory(buf: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buf);
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== CEN_SIGNATURE) {
      throw new ZipFormatError("Invalid CEN header (bad signature)");
    }
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const name = buf.subarray(offset + 46, offset + 46 + nameLength).toString("utf8");
    entries.push({
      name,
      isDirectory: name.endsWith("/"),
      method: buf.readUInt16LE(offset + 10),
      compressedSize: buf.readUInt32LE(offset + 20),
      size: buf.readUInt32LE(offset + 24),
      localHeaderOffset: buf.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function readEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOC_SIGNATURE) {
    throw new ZipFormatError(`Invalid LOC header for "${entry.name}"`);
  }
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new ZipFormatError(`Unsupported compression method ${entry.method} for "${entry.name}"`);
}
