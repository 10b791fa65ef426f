import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { load } from "js-yaml";
import { ConfigError } from "./errors.js";
import { resolveConnection } from "./config.js";
import type { Connection, ConnectionFlags } from "./config.js";

/** The config file looked for in the current directory when --config is not given. */
export const DEFAULT_CONFIG_FILES = ["dust-skills.yml", "dust-skills.yaml", "dust-skills.json"];

/** One workspace to plan and sync, with the folders that feed it. */
export interface Target {
  /** "default" when no config file names targets. */
  name: string;
  connection: Connection;
  /** Roots to read bundles from (absolute paths). */
  paths: string[];
  /** The config file's `repository:`, with the file for messages; the identity is resolved once bundles are read. */
  repository?: { value: string; file: string };
  /** `adopt: legacy` in the config file: take over skills an earlier dust-skills wrote (no record) at a bundle's path. */
  adoptLegacy: boolean;
}

/** What the config file says for the whole repository, whatever the target. */
export interface ProjectSettings {
  repository?: { value: string; file: string };
  adoptLegacy: boolean;
}

interface TargetSpec {
  name: string;
  workspaceId?: string;
  region?: string;
  baseUrl?: string;
  path?: string | string[];
  apiKeyEnv?: string;
}

export interface TargetOptions {
  configPath?: string;
  /** --target: names to keep; empty = all. */
  only?: string[];
  flags: ConnectionFlags;
  /** Positional paths from the command line; they override a target's `path`. */
  paths: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Targets come from a config file when there is one (--config, or dust-skills.yml in the current directory),
 * else one target from the flags and DUST_* variables. The config names, per target, the env variable that
 * holds its key (`apiKeyEnv`), never the key itself, so the file can be committed.
 */
export async function resolveTargets(opts: TargetOptions): Promise<Target[]> {
  const configPath = opts.configPath
    ? resolve(opts.cwd, opts.configPath)
    : DEFAULT_CONFIG_FILES.map((f) => join(opts.cwd, f)).find((f) => existsSync(f));
  const paths = (opts.paths.length > 0 ? opts.paths : ["."]).map((p) => resolve(opts.cwd, p));
  if (!configPath) {
    if (opts.only && opts.only.length > 0) {
      throw new ConfigError(`--target ${opts.only.join(",")} needs a config file that names targets.`, {
        hint: `Create ${DEFAULT_CONFIG_FILES[0]} (see README, "Several workspaces") or pass --config FILE.`,
      });
    }
    return [{ name: "default", connection: resolveConnection(opts.flags, opts.env), paths, adoptLegacy: false }];
  }
  const { specs, settings } = await readConfig(configPath);
  const chosen = opts.only && opts.only.length > 0 ? pick(specs, opts.only, configPath) : specs;
  const base = dirname(configPath);
  return chosen.map((spec) => {
    const keyVar = spec.apiKeyEnv ?? "DUST_API_KEY";
    const flags: ConnectionFlags = {
      ...(spec.baseUrl !== undefined ? { baseUrl: spec.baseUrl } : {}),
      ...(spec.region !== undefined ? { region: spec.region } : {}),
      ...(spec.workspaceId !== undefined ? { workspaceId: spec.workspaceId } : {}),
      // Flags given on the command line win over the file; unset flags must not erase the file's values.
      ...Object.fromEntries(Object.entries(opts.flags).filter(([, v]) => v !== undefined && v !== "")),
    };
    const env = { ...opts.env, DUST_API_KEY: opts.env[keyVar] ?? "" };
    let connection: Connection;
    try {
      connection = resolveConnection(flags, env);
    } catch (err) {
      if (err instanceof ConfigError) {
        throw new ConfigError(`target "${spec.name}": ${err.message.replace("DUST_API_KEY", keyVar)}`, {
          ...(err.hint ? { hint: err.hint } : {}),
        });
      }
      throw err;
    }
    const specPaths = spec.path === undefined ? ["."] : Array.isArray(spec.path) ? spec.path : [spec.path];
    return {
      name: spec.name,
      connection,
      paths: opts.paths.length > 0 ? paths : specPaths.map((p) => (isAbsolute(p) ? p : resolve(base, p))),
      ...settings,
    };
  });
}

/** The config file's repository-wide settings (for commands that need no target, such as `pack`); none without a file. */
export async function readProjectSettings(opts: { configPath?: string; cwd: string }): Promise<ProjectSettings> {
  const configPath = opts.configPath
    ? resolve(opts.cwd, opts.configPath)
    : DEFAULT_CONFIG_FILES.map((f) => join(opts.cwd, f)).find((f) => existsSync(f));
  return configPath ? (await readConfig(configPath)).settings : { adoptLegacy: false };
}

async function readConfig(path: string): Promise<{ specs: TargetSpec[]; settings: ProjectSettings }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError(`Cannot read the config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
  let doc: unknown;
  try {
    // JSON is YAML too; the default schema never runs code.
    doc = load(text, { filename: path });
  } catch (err) {
    throw new ConfigError(`The config file ${path} is not valid YAML/JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  const settings = readSettings(doc, path);
  const targets = (doc as { targets?: unknown } | null)?.targets;
  if (!Array.isArray(targets) || targets.length === 0) {
    throw new ConfigError(`The config file ${path} has no "targets" list.`, {
      hint: 'Example: targets: [{ name: prod, workspaceId: w_123, region: eu, path: skills, apiKeyEnv: DUST_API_KEY_PROD }]',
    });
  }
  const seen = new Set<string>();
  const specs = targets.map((t, i) => {
    const where = `${path}: targets[${i}]`;
    if (t === null || typeof t !== "object") throw new ConfigError(`${where} must be a map.`);
    const spec = t as Record<string, unknown>;
    for (const key of Object.keys(spec)) {
      if (!["name", "workspaceId", "region", "baseUrl", "path", "apiKeyEnv"].includes(key)) {
        throw new ConfigError(`${where} has an unknown key "${key}".`, {
          hint: "Known keys: name, workspaceId, region, baseUrl, path, apiKeyEnv.",
        });
      }
    }
    const str = (key: string): string | undefined => {
      const v = spec[key];
      if (v === undefined) return undefined;
      if (typeof v !== "string" || v.trim() === "") throw new ConfigError(`${where}.${key} must be a non-empty string.`);
      return v.trim();
    };
    const name = str("name") ?? `target-${i + 1}`;
    if (seen.has(name)) throw new ConfigError(`${where}: the target name "${name}" is used twice.`);
    seen.add(name);
    const rawPath = spec["path"];
    if (rawPath !== undefined && typeof rawPath !== "string" && !(Array.isArray(rawPath) && rawPath.every((p) => typeof p === "string"))) {
      throw new ConfigError(`${where}.path must be a folder or a list of folders.`);
    }
    const out: TargetSpec = { name };
    for (const key of ["workspaceId", "region", "baseUrl", "apiKeyEnv"] as const) {
      const v = str(key);
      if (v !== undefined) out[key] = v;
    }
    if (rawPath !== undefined) out.path = rawPath as string | string[];
    return out;
  });
  return { specs, settings };
}

function readSettings(doc: unknown, path: string): ProjectSettings {
  const top = doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
  const settings: ProjectSettings = { adoptLegacy: false };
  const repository = top["repository"];
  if (repository !== undefined) {
    if (typeof repository !== "string" || repository.trim() === "") {
      throw new ConfigError(`${path}: repository must be a string such as github.com/acme/skills.`);
    }
    settings.repository = { value: repository.trim(), file: path };
  }
  const adopt = top["adopt"];
  if (adopt !== undefined) {
    if (adopt !== "legacy") {
      throw new ConfigError(`${path}: adopt must be "legacy" (take over skills an earlier dust-skills wrote at a bundle's path), not ${JSON.stringify(adopt)}.`);
    }
    settings.adoptLegacy = true;
  }
  return settings;
}

function pick(specs: TargetSpec[], names: string[], path: string): TargetSpec[] {
  const unknown = names.filter((n) => !specs.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new ConfigError(`No target named ${unknown.map((n) => `"${n}"`).join(", ")} in ${path}.`, {
      hint: `Targets: ${specs.map((s) => s.name).join(", ")}.`,
    });
  }
  return specs.filter((s) => names.includes(s.name));
}
