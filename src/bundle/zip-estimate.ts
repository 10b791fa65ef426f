import { promisify } from "node:util";
import { deflateRaw } from "node:zlib";
import { mapLimit } from "./map-limit.js";
import { ZIP_END_BYTES, zipEntryOverhead } from "./rules-limits.js";

const deflate = promisify(deflateRaw);

/**
 * About how many bytes a ZIP of these files takes: each file deflated on its own (stored when that is
 * smaller, as ZIP writers do) plus the headers. Only run when the raw size is near the limit.
 */
export async function estimateZippedBytes(
  entries: { name: string; read: () => Uint8Array }[],
): Promise<number> {
  const sizes = await mapLimit(entries, 4, async (e) => {
    const data = e.read();
    const packed = await deflate(data);
    return Math.min(packed.length, data.length) + zipEntryOverhead(e.name);
  });
  return sizes.reduce((a, b) => a + b, ZIP_END_BYTES);
}
