import { createHash } from "node:crypto";
import type { Bundle } from "../../model/bundle.js";
import { defaultReadFile, readShipped } from "./read.js";
import type { ReadFile } from "./read.js";

/**
 * sha256 (hex) over exactly what Dust keeps of a bundle: the SKILL.md under the path Dust stores
 * (`filePath`) and each attachment under its `fileName`, with their bytes. Nothing from the file system
 * (mtime, mode, OS, time zone) goes in, so the same commit gives the same fingerprint anywhere, and a
 * dropped file never changes it because Dust never sees it.
 */
export async function fingerprintBundle(bundle: Bundle, readFile: ReadFile = defaultReadFile): Promise<string> {
  return fingerprintContents(bundle, await readShipped(bundle, readFile));
}

/** The fingerprint from contents already read (readShipped order: SKILL.md first). */
export function fingerprintContents(bundle: Bundle, files: readonly { rel: string; data: Uint8Array }[]): string {
  const hash = createHash("sha256");
  // Versioned, so a change of this layout is a deliberate, visible change of every fingerprint.
  hash.update("dust-skills fingerprint v1\n");
  files.forEach((file, i) => {
    // Length-prefixed fields: no two different lists can hash the same byte stream.
    const label = i === 0 ? `skill\0${bundle.skillMd}` : `attachment\0${file.rel}`;
    hash.update(`${label}\0${file.data.length}\0`);
    hash.update(file.data);
  });
  return hash.digest("hex");
}
