import type { CommandModule } from "yargs";
import type { Io } from "../io.js";
import { validateCommand } from "./validate.js";
import { pullCommand } from "./pull.js";
import { emulatorCommand } from "./emulator.js";
import { planCommand } from "./plan.js";
import { syncCommand } from "./sync.js";
import { demoCommand } from "./demo.js";
import { packCommand } from "./pack.js";
import { reportCommand } from "./report.js";

/**
 * Every command module is a factory: given where to write and how to set the exit code, it returns a yargs
 * command. The handler throws UserError for anything the user can fix; main() turns it into a message.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (io: Io, setExit: (code: number) => void) => CommandModule<any, any>;

export const commands: CommandFactory[] = [validateCommand, planCommand, syncCommand, pullCommand, emulatorCommand, packCommand, reportCommand, demoCommand];
