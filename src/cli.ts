import yargs from "yargs";
import type { Argv } from "yargs";
import { UserError } from "./errors.js";
import { processIo } from "./io.js";
import type { Io } from "./io.js";
import { VERSION } from "./version.js";
import { loadCommands } from "./commands/index.js";
import { safeText } from "./lib/safe-text.js";
import { closest } from "./lib/suggest.js";

/**
 * Parses flags, runs one command, returns its exit code. Every user error becomes a message on stderr
 * and an exit code here; a stack trace is printed only for bugs in dust-skills itself.
 */
export async function main(argv: string[], rawIo: Io = processIo()): Promise<number> {
  const io = guardedIo(rawIo);
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  let parser: Argv = yargs(argv)
    .scriptName("dust-skills")
    .version(VERSION)
    .help()
    .alias("h", "help")
    .strict()
    .strictCommands()
    .demandCommand(1, "Name a command; see --help.")
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs validation messages (unknown flag, missing argument) are user errors; thrown errors pass through.
      if (err) throw err;
      throw usageError(msg ?? "invalid arguments", argv, knownFlags(parser));
    });
  try {
    for (const make of await loadCommands(argv)) parser = make(io, setExit, main)(parser);
    await parser.parseAsync();
    return exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}

/**
 * Every byte dust-skills writes goes through safeText: stderr always (messages, progress and notes quote
 * names, paths and server text), stdout when it is a terminal (a file or a pipe gets the exact data). The
 * renderers escape what they take from users already; this is the backstop for anything they missed. Only
 * dust-skills' own colors and progress redraw pass.
 */
function guardedIo(io: Io): Io {
  const guard = (text: string): string => safeText(text, { multiline: true, keepOwnControls: true });
  return {
    ...io,
    stderr: (text) => io.stderr(guard(text)),
    stdout: io.stdoutIsTTY ? (text) => io.stdout(guard(text)) : io.stdout,
  };
}

/**
 * The long flags of the command being parsed: yargs registers them on the one instance while running the
 * command's builder. `getOptions` is public in yargs but missing from its type definitions.
 */
function knownFlags(y: Argv): string[] {
  const withOptions = y as Argv & { getOptions?: () => { key?: Record<string, unknown> } };
  const keys = typeof withOptions.getOptions === "function" ? (withOptions.getOptions().key ?? {}) : {};
  return Object.keys(keys).filter((k) => k.length > 1 && !k.includes("_") && !/[A-Z]/.test(k) && k !== "$0");
}

/** yargs' message, with "did you mean" for each unknown flag close to a real one. */
function usageError(msg: string, argv: readonly string[], flags: string[]): UserError {
  const command = argv.find((a) => !a.startsWith("-")) ?? "";
  const recommended = /^Did you mean (.+)\?$/.exec(msg);
  if (recommended) {
    return new UserError(`Unknown command "${command}". Did you mean ${recommended[1]}?`, { exitCode: 1, hint: "Run `dust-skills --help` for the commands." });
  }
  const unknown = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!unknown) return new UserError(msg, { exitCode: 1, hint: "Run `dust-skills --help` for usage." });
  // yargs lists each unknown flag twice (as typed and camel-cased): keep the spellings typed on the line.
  const typed = (unknown[1] as string).split(", ").filter((name) => argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}`));
  const names = typed.length > 0 ? typed : (unknown[1] as string).split(", ");
  const parts = names.map((name) => {
    const guess = closest(name, flags);
    return guess ? `--${name} (did you mean --${guess}?)` : `--${name}`;
  });
  return new UserError(`Unknown ${names.length === 1 ? "flag" : "flags"}: ${parts.join(", ")}`, {
    exitCode: 1,
    hint: `Run \`dust-skills ${command ? `${command} ` : ""}--help\` for its flags.`,
  });
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
