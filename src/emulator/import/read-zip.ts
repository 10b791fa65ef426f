import { inflateRawSync } from "node:zlib";
import AdmZip from "adm-zip";

/**
 * An upload read the way Dust reads it (adm-zip, so its limits and error texts match by construction),
 * with one thing Dust lacks: every entry is inflated against a running budget before anything is kept.
 * A header can claim any size, so the 10 MiB cap is decided from real inflated bytes: a small ZIP that
 * inflates to hundreds of megabytes is refused after at most 10 MiB of work, and the process lives on.
 */

export interface ZipFile {
  /** Entry name as stored (folders end with "/"). */
  name: string;
  isDirectory: boolean;
  /** Uncompressed size the central directory declares. */
  declaredSize: number;
  /** The entry's bytes, read with adm-zip's own checks (CRC); only after the budget pass said they are small. */
  read: () => Buffer;
}

/** Dust refusing the ZIP: the message is what its 400 says. */
export class ZipRefusal extends Error {}

export const MAX_ZIP_ENTRIES = 1_000;
export const MAX_DECOMPRESSED_SIZE_BYTES = 10 * 1024 * 1024;

const MB = 1024 * 1024;
const STORED = 0;
const DEFLATED = 8;

function decompressedTooLarge(bytes: string): ZipRefusal {
  return new ZipRefusal(
    `Total decompressed size too large (${bytes} MB). Maximum allowed is ${MAX_DECOMPRESSED_SIZE_BYTES / MB} MB.`,
  );
}

/** Opens an upload: adm-zip's END/CEN reading, then Dust's entry count and declared-size checks, then the real-size budget. */
export function openZip(buf: Buffer): ZipFile[] {
  let zip: AdmZip;
  let entries: AdmZip.IZipEntry[];
  try {
    zip = new AdmZip(buf);
    const count = zip.getEntryCount();
    if (count > MAX_ZIP_ENTRIES) {
      throw new ZipRefusal(`ZIP contains too many entries (${count}). Maximum allowed is ${MAX_ZIP_ENTRIES}.`);
    }
    entries = zip.getEntries();
  } catch (err) {
    if (err instanceof ZipRefusal) throw err;
    throw new ZipRefusal(`Failed to open ZIP: ${err instanceof Error ? err.message : String(err)}`);
  }

  const declared = entries.reduce((sum, e) => sum + e.header.size, 0);
  if (declared > MAX_DECOMPRESSED_SIZE_BYTES) throw decompressedTooLarge(String(Math.round(declared / MB)));
  checkRealSizes(entries);

  return entries.map((e) => ({
    name: e.entryName,
    isDirectory: e.isDirectory,
    declaredSize: e.header.size,
    read: () => e.getData(),
  }));
}

/** Inflates each entry with zlib's output cap set to what is left of the budget; stops at the first byte over. */
function checkRealSizes(entries: AdmZip.IZipEntry[]): void {
  let left = MAX_DECOMPRESSED_SIZE_BYTES;
  for (const entry of entries) {
    if (entry.isDirectory) continue;
    let compressed: Buffer;
    try {
      compressed = entry.getCompressedData();
    } catch (err) {
      throw new ZipRefusal(err instanceof Error ? err.message : String(err));
    }
    const method = entry.header.method;
    let size: number;
    if (method === STORED) size = compressed.length;
    else if (method === DEFLATED) size = inflatedSize(compressed, left);
    else continue; // adm-zip refuses the method itself if the entry is ever read
    left -= size;
    if (left < 0) throw decompressedTooLarge(`over ${MAX_DECOMPRESSED_SIZE_BYTES / MB}`);
  }
}

function inflatedSize(compressed: Buffer, left: number): number {
  try {
    return inflateRawSync(compressed, { maxOutputLength: left + 1 }).length;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return left + 1;
    // Corrupt deflate data: adm-zip reports it when the entry is read; its size does not count here.
    return 0;
  }
}
