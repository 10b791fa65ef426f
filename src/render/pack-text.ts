import { safeText } from "../lib/safe-text.js";
import { formatBytes, thousands } from "../lib/format-size.js";
import type { PackResult } from "../bundle/pack/pack.js";

/**
 * What `pack` prints on stdout: each upload with what it holds, then what was left out and why, then
 * what could not be packed. Plain text, stable order, no color: it is meant to be read and diffed.
 */
export function formatPackSummary(result: PackResult, outDir: string): string {
  const lines: string[] = [];
  for (const u of result.uploads) {
    const count = `${u.bundles.length} bundle${u.bundles.length === 1 ? "" : "s"}`;
    lines.push(
      `${u.fileName}  ${formatBytes(u.data.length)} (${thousands(u.data.length)} bytes), ${thousands(u.entries)} entries, ` +
        `${formatBytes(u.uncompressedBytes)} uncompressed, ${count}`,
    );
    const width = Math.max(...u.bundles.map((d) => d.length));
    u.bundles.forEach((dir, i) => lines.push(`  ${dir.padEnd(width)}  ${u.names[i] ?? ""}`));
  }
  if (result.left.length > 0) {
    lines.push("", "left out (Dust would drop them, so they are not sent):");
    for (const l of result.left) lines.push(`  ${l.path ?? l.bundleDir}: ${l.reason}`);
  }
  if (result.errors.length > 0) {
    lines.push("", "not packed:");
    for (const e of result.errors) lines.push(`  ${e.message}`);
  }
  const total = result.uploads.reduce((n, u) => n + u.data.length, 0);
  const uploads = `${result.uploads.length} upload${result.uploads.length === 1 ? "" : "s"}`;
  lines.push("", `wrote ${uploads} (${formatBytes(total)}) to ${outDir}`);
  // Folder, file and skill names are the users': their control characters are shown escaped.
  return safeText(`${lines.join("\n")}\n`, { multiline: true });
}
