import { createHash } from "node:crypto";
import type { Bundle } from "../../model/bundle.js";
import { fingerprintHasher } from "./fingerprint-hasher.js";
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
  const hasher = fingerprintHasher(createHash, bundle.skillMd);
  for (const file of files) hasher.add(file.rel, file.data);
  return hasher.digest();
}
