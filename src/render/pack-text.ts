import { safeText } from "../lib/safe-text.js";
import { formatBytes, thousands } from "../lib/format-size.js";
import type { PackLayout, RequestLayout } from "../bundle/pack/pack.js";

const plural = (n: number, word: string): string => `${thousands(n)} ${word}${n === 1 ? "" : "s"}`;

/** `1 ZIP in 1 request (12.87 KiB)`: the totals line shared by pack and the plan. */
export function requestTotals(requests: readonly { zips: readonly unknown[]; bytes: number }[]): string {
  const zips = requests.reduce((n, r) => n + r.zips.length, 0);
  const bytes = requests.reduce((n, r) => n + r.bytes, 0);
  return `${plural(zips, "ZIP")} in ${plural(requests.length, "request")} (${formatBytes(bytes)})`;
}

/** `request 2 of 3: 2 ZIPs, 4.99 MiB (5,232,123 bytes), 1,400 bundles` */
export function requestLine(r: Pick<RequestLayout, "index" | "bytes"> & { zips: readonly { bundles: readonly string[] }[] }, count: number): string {
  const bundles = r.zips.reduce((n, z) => n + z.bundles.length, 0);
  return `request ${r.index} of ${count}: ${plural(r.zips.length, "ZIP")}, ${formatBytes(r.bytes)} (${thousands(r.bytes)} bytes), ${plural(bundles, "bundle")}`;
}

/**
 * What `pack` prints on stdout: each request with its ZIPs and what they hold, then what was left out and
 * why, then what could not be packed. Plain text, stable order, no color: it is meant to be read and diffed.
 */
export function formatPackSummary(result: PackLayout, outDir: string): string {
  const lines: string[] = [];
  for (const r of result.requests) {
    lines.push(requestLine(r, result.requests.length));
    for (const u of r.zips) {
      lines.push(
        `${u.fileName}  ${formatBytes(u.bytes)} (${thousands(u.bytes)} bytes), ${thousands(u.entries)} entries, ` +
          `${formatBytes(u.uncompressedBytes)} uncompressed, ${plural(u.bundles.length, "bundle")}`,
      );
      const width = Math.max(...u.bundles.map((d) => d.length));
      u.bundles.forEach((dir, i) => lines.push(`  ${dir.padEnd(width)}  ${u.names[i] ?? ""}`));
    }
  }
  if (result.left.length > 0) {
    lines.push("", "left out (Dust would drop them, so they are not sent):");
    for (const l of result.left) lines.push(`  ${l.path ?? l.bundleDir}: ${l.reason}`);
  }
  if (result.errors.length > 0) {
    lines.push("", "not packed:");
    for (const e of result.errors) lines.push(`  ${e.message}`);
  }
  lines.push("", `wrote ${requestTotals(result.requests)} to ${outDir}`);
  // Folder, file and skill names are the users': their control characters are shown escaped.
  return safeText(`${lines.join("\n")}\n`, { multiline: true });
}
