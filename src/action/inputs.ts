import { ConfigError } from "../errors.js";

/**
 * The Action's inputs. The runner hands a JavaScript action each input as `INPUT_<NAME>`: the name upper-cased,
 * spaces turned into underscores, dashes kept (`api-key` → `INPUT_API-KEY`), as @actions/core reads them.
 */
export interface ActionInputs {
  apiKey: string;
  workspaceId: string;
  region: string;
  baseUrl: string;
  path: string;
  command: ActionCommand;
  onConflict: "" | "error" | "skip" | "override";
  prune: boolean;
  availability: string;
  /** Empty: derive from the event (PR base, push `before`). */
  changedSince: string;
  commentOnPr: boolean;
  githubToken: string;
  failOnChanges: boolean;
  /** `report --fail-on` list, e.g. `drift,unmanaged`; empty: never fail. */
  reportFailOn: string;
}

export const COMMANDS = ["validate", "plan", "sync", "report"] as const;
export type ActionCommand = (typeof COMMANDS)[number];

const ON_CONFLICT = ["", "error", "skip", "override"] as const;

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const get = (name: string, fallback = ""): string => {
    const value = (env[inputEnvName(name)] ?? "").trim();
    return value === "" ? fallback : value;
  };
  const command = get("command", "plan");
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new ConfigError(`input command: "${command}" is not one of ${COMMANDS.join(", ")}`);
  }
  const onConflict = get("on-conflict");
  if (!(ON_CONFLICT as readonly string[]).includes(onConflict)) {
    throw new ConfigError(`input on-conflict: "${onConflict}" is not one of error, skip, override`);
  }
  return {
    // The key is not trimmed: masking must see exactly the string the runner masked.
    apiKey: env[inputEnvName("api-key")] ?? "",
    workspaceId: get("workspace-id"),
    region: get("region"),
    baseUrl: get("base-url"),
    path: get("path", "."),
    command: command as ActionCommand,
    onConflict: onConflict as ActionInputs["onConflict"],
    prune: booleanInput(get, "prune", false),
    availability: get("availability"),
    changedSince: get("changed-since"),
    commentOnPr: booleanInput(get, "comment-on-pr", true),
    githubToken: env[inputEnvName("github-token")] ?? "",
    failOnChanges: booleanInput(get, "fail-on-changes", false),
    reportFailOn: get("report-fail-on"),
  };
}

/** The YAML 1.2 core-schema spellings, as @actions/core's getBooleanInput accepts them; anything else is a typo. */
function booleanInput(get: (name: string) => string, name: string, fallback: boolean): boolean {
  const value = get(name);
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new ConfigError(`input ${name}: "${value}" is not a boolean (use true or false)`);
}
