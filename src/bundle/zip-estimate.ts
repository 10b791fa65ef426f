import { compressEntry, zipBytes } from "./pack/zip.js";

/**
 * The exact size of the ZIP `pack` would write for these files alone, computed with the packer's own
 * compression, so validate and pack can never disagree on whether a bundle fits. Only called when the raw
 * size is near the limit: compressing every bundle would make validate slow.
 */
export async function estimateZippedBytes(entries: { name: string; read: () => Uint8Array }[]): Promise<number> {
  return zipBytes(entries.map((e) => compressEntry({ path: e.name, data: Buffer.from(e.read()) })));
}
