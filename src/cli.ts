import yargs from "yargs";
import type { Argv } from "yargs";
import { UserError } from "./errors.js";
import { processIo } from "./io.js";
import type { Io } from "./io.js";
import { VERSION } from "./version.js";
import { loadCommands } from "./commands/index.js";

/**
 * Parses flags, runs one command, returns its exit code. Every user error becomes a message on stderr
 * and an exit code here; a stack trace is printed only for bugs in dust-skills itself.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  let parser: Argv = yargs(argv)
    .scriptName("dust-skills")
    .version(VERSION)
    .strict()
    .strictCommands()
    .demandCommand(1, "Name a command; see --help.")
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs validation messages (unknown flag, missing argument) are user errors; thrown errors pass through.
      if (err) throw err;
      throw new UserError(msg ?? "invalid arguments", { exitCode: 1, hint: "Run `dust-skills --help` for usage." });
    });
  try {
    for (const make of await loadCommands(argv)) parser = make(io, setExit, main)(parser);
    await parser.parseAsync();
    return exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof UserError) {
    io.stderr(`dust-skills: ${err.message}\n`);
    if (err.hint) io.stderr(`  ${err.hint}\n`);
    return err.exitCode;
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.stderr(`dust-skills: internal error (please report it): ${text}\n`);
  return 1;
}
