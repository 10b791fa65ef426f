import type { ArgumentsCamelCase, Argv } from "yargs";
import type { Io } from "../io.js";

/** Adds one command to the parser. */
export type Register = (parser: Argv) => Argv;

/** The whole CLI, handed to commands that run other commands (the demo), so none imports cli.ts back. */
export type RunCli = (argv: string[], io: Io) => Promise<number>;

/**
 * Every command module is a factory: given where to write and how to set the exit code, it returns the
 * registration of one command. The handler throws UserError for anything the user can fix; main() turns it
 * into a message.
 */
export type CommandFactory = (io: Io, setExit: (code: number) => void, runCli: RunCli) => Register;

export interface CommandSpec<U> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<U>;
  handler: (argv: ArgumentsCamelCase<U>) => Promise<void>;
}

/**
 * The one way a command is declared: yargs infers the handler's flag types from the builder, so a handler
 * reads typed values and never casts or copies them.
 */
export function defineCommand<U>(spec: CommandSpec<U>): Register {
  return (parser) => parser.command(spec.command, spec.describe, spec.builder, spec.handler);
}

/**
 * Commands are loaded on demand: importing all of them (the HTTP client, the emulator, the report renderers)
 * costs more than half a second of startup, which `validate` in a pre-commit hook should not pay.
 */
export const COMMAND_LOADERS: Record<string, () => Promise<CommandFactory>> = {
  validate: async () => (await import("./validate.js")).validateCommand,
  plan: async () => (await import("./plan.js")).planCommand,
  sync: async () => (await import("./sync.js")).syncCommand,
  pack: async () => (await import("./pack.js")).packCommand,
  report: async () => (await import("./report.js")).reportCommand,
  pull: async () => (await import("./pull.js")).pullCommand,
  emulator: async () => (await import("./emulator.js")).emulatorCommand,
  demo: async () => (await import("./demo.js")).demoCommand,
};

/** The command named first on the command line alone; every command for help, typos and bare flags. */
export async function loadCommands(argv: readonly string[]): Promise<CommandFactory[]> {
  // `--version` alone prints a string: no command needs to exist for that.
  if (argv.length === 1 && argv[0] === "--version") return [];
  const first = argv.find((a) => !a.startsWith("-"));
  const one = first !== undefined && Object.hasOwn(COMMAND_LOADERS, first) ? COMMAND_LOADERS[first] : undefined;
  if (one) return [await one()];
  return Promise.all(Object.values(COMMAND_LOADERS).map((load) => load()));
}
