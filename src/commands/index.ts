import type { CommandModule } from "yargs";
import type { Io } from "../io.js";

/**
 * Every command module is a factory: given where to write and how to set the exit code, it returns a yargs
 * command. The handler throws UserError for anything the user can fix; main() turns it into a message.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (io: Io, setExit: (code: number) => void) => CommandModule<any, any>;

export const commands: CommandFactory[] = [];
