import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PackOutputError } from "./errors.js";
import type { Upload } from "./pack.js";

const UPLOAD_NAME = /^skills-\d+\.zip$/;

/**
 * Writes the uploads into `dir`, first removing uploads of an earlier run (only files named like
 * ours), so the folder never mixes two runs. Nothing else in the folder is touched.
 */
export async function writeUploads(dir: string, uploads: readonly Upload[], shown = dir): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) if (UPLOAD_NAME.test(name)) await rm(join(dir, name));
    for (const u of uploads) await writeFile(join(dir, u.fileName), u.data);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
    throw new PackOutputError(`cannot write the uploads to ${shown} (${code})`, {
      hint: "Pass --out with a folder you can write to.",
      cause: err,
    });
  }
}
