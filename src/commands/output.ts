import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { UserError } from "../errors.js";
import type { Io } from "../io.js";

/**
 * Where a command's result goes: the --out file (its folder created as needed), or stdout. One writer, so
 * every command reports an unwritable path the same way.
 */
/** `label` prefixes the "wrote" line, for commands whose other stderr lines carry one. */
export async function emit(text: string, argv: { out?: string | undefined }, io: Io, label?: string): Promise<void> {
  if (argv.out === undefined || argv.out === "") {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, argv.out);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (err) {
    throw new UserError(`Cannot write ${argv.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, {
      hint: "Check that the folder is writable, or pick another --out path.",
    });
  }
  io.stderr(`${label ? `${label}: ` : ""}wrote ${relative(io.cwd, path) || path}\n`);
}
