import type { Argv } from "yargs";
import type { ConnectionFlags } from "../config.js";

/**
 * The flags every command that talks to Dust shares. There is deliberately no flag for the key: a flag value
 * ends up in shell history and process listings, so the key only comes from DUST_API_KEY (or the variable a
 * config target names).
 */
export function withConnectionOptions<T>(y: Argv<T>) {
  return y
    .option("base-url", { type: "string", describe: "Dust API host, e.g. https://eu.dust.tt (env DUST_BASE_URL)" })
    .option("region", { type: "string", describe: "us or eu (env DUST_REGION)" })
    .option("workspace-id", { type: "string", describe: "Workspace id (env DUST_WORKSPACE_ID); the key comes from DUST_API_KEY" })
    .option("timeout", {
      type: "string",
      describe: "Seconds one request to Dust may take (env DUST_TIMEOUT; default 60); a call and its retries take at most 2x + 15 s",
    })
    .option("config", { type: "string", describe: "Config file naming several targets (default: dust-skills.yml if present)" })
    .option("target", { type: "string", array: true, describe: "Only these targets of the config file" });
}

export interface ConnectionArgs {
  baseUrl?: string;
  region?: string;
  workspaceId?: string;
  timeout?: string;
  config?: string;
  target?: string[];
}

export function connectionFlags(argv: ConnectionArgs): ConnectionFlags {
  return {
    ...(argv.baseUrl !== undefined ? { baseUrl: argv.baseUrl } : {}),
    ...(argv.region !== undefined ? { region: argv.region } : {}),
    ...(argv.workspaceId !== undefined ? { workspaceId: argv.workspaceId } : {}),
    ...(argv.timeout !== undefined ? { timeout: argv.timeout } : {}),
  };
}
