import { readFile as fsReadFile } from "node:fs/promises";
import type { Bundle } from "../types.js";
import { absolutePath, shippedFiles } from "./shipped.js";
import type { ShippedFile } from "./shipped.js";

export type ReadFile = (abs: string) => Promise<Buffer>;

export const defaultReadFile: ReadFile = (abs) => fsReadFile(abs);

export interface ShippedContent extends ShippedFile {
  data: Buffer;
}

/** Reads what Dust keeps of a bundle; a file that cannot be read fails with a message naming it. */
export async function readShipped(bundle: Bundle, readFile: ReadFile): Promise<ShippedContent[]> {
  return Promise.all(
    shippedFiles(bundle).map(async (file) => {
      try {
        return { ...file, data: await readFile(absolutePath(bundle, file.repoPath)) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException | undefined)?.code;
        const why = code ?? (err instanceof Error ? err.message : String(err));
        throw new UnreadableFileError(`cannot read ${file.repoPath} (${why})`);
      }
    }),
  );
}

export class UnreadableFileError extends Error {}
