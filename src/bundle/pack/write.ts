import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PackOutputError } from "./errors.js";
import type { Upload } from "./pack.js";

const UPLOAD_NAME = /^skills-\d+\.zip$/;

/**
 * Writes uploads into `dir` as they are packed. `start` first removes uploads of an earlier run (only files
 * named like ours), so the folder never mixes two runs; nothing else in the folder is touched.
 */
export class UploadWriter {
  constructor(
    private readonly dir: string,
    private readonly shown = dir,
  ) {}

  async start(): Promise<void> {
    await this.#guard(async () => {
      await mkdir(this.dir, { recursive: true });
      for (const name of await readdir(this.dir)) if (UPLOAD_NAME.test(name)) await rm(join(this.dir, name));
    });
  }

  async write(upload: Upload): Promise<void> {
    await this.#guard(() => writeFile(join(this.dir, upload.fileName), upload.data));
  }

  async #guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
      throw new PackOutputError(`cannot write the uploads to ${this.shown} (${code})`, {
        hint: "Pass --out with a folder you can write to.",
        cause: err,
      });
    }
  }
}
