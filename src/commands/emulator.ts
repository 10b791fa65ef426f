import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { startEmulator } from "../emulator/index.js";
import type { Emulator } from "../emulator/index.js";
import { checkSeed } from "../emulator/seed-check.js";
import type { EmulatorSeed } from "../emulator/types.js";
import type { Io } from "../io.js";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";

function readSeed(path: string): EmulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read the seed file ${path}: ${(err as Error).message}`);
  }
  try {
    return checkSeed(JSON.parse(text));
  } catch (err) {
    throw new ConfigError(`the seed file ${path} is not a valid emulator seed: ${(err as Error).message}`, {
      hint: "See src/emulator/example-seed.json for the format.",
    });
  }
}

/** The keys printed here are the emulator's own fake keys, not Dust credentials, so showing them is the point. */
function printBanner(io: Io, emu: Emulator): void {
  io.stderr(`Dust API emulator listening on ${emu.url}\n`);
  for (const ws of emu.store.workspaces()) {
    io.stderr(`  workspace ${ws.id} (${ws.region}): ${ws.skills.length} skill(s)\n`);
    for (const key of ws.keys) io.stderr(`    ${key.role.padEnd(7)} key: ${key.key}\n`);
  }
  const first = emu.store.workspaces()[0];
  const admin = first?.keys.find((k) => k.role === "admin") ?? first?.keys[0];
  if (first && admin) {
    io.stderr(`Try:\n  export DUST_BASE_URL=${emu.url} DUST_WORKSPACE_ID=${first.id} DUST_API_KEY=${admin.key}\n`);
  }
  io.stderr(`Control routes: ${emu.url}/__emulator/requests, /__emulator/faults, /__emulator/reset. Ctrl-C to stop.\n`);
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolveSignal(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export const emulatorCommand: CommandFactory = (io) => defineCommand({
  command: "emulator",
  describe: "Run a local Dust API (skills + analytics) for demos, tests and your own pipelines",
  builder: (y) =>
    y
      .option("port", { type: "number", default: 0, describe: "Port to listen on (0: any free port, printed at start)" })
      .option("host", { type: "string", default: "127.0.0.1", describe: "Address to listen on" })
      .option("state", { type: "string", describe: "JSON file the state is saved to after each change and reloaded from at start" })
      .option("seed", { type: "string", describe: "JSON seed: workspaces, keys, skills, analytics (see src/emulator/example-seed.json)" }),
  handler: async (argv) => {
    if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535) {
      throw new ConfigError(`--port must be an integer between 0 and 65535, got ${argv.port}`);
    }
    const seed = argv.seed ? readSeed(resolve(io.cwd, argv.seed)) : undefined;
    let emu: Emulator;
    try {
      emu = await startEmulator({
        port: argv.port,
        host: argv.host,
        seed,
        statePath: argv.state ? resolve(io.cwd, argv.state) : undefined,
      });
    } catch (err) {
      throw new ConfigError(`cannot start the emulator: ${(err as Error).message}`);
    }
    printBanner(io, emu);
    const signal = await untilSignal();
    io.stderr(`Received ${signal}, stopping.\n`);
    await emu.close();
  },
});
