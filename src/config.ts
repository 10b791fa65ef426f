import { inspect } from "node:util";
import { ConfigError } from "./errors.js";

/** Where and as whom dust-skills talks to Dust. `apiKey` is a secret: never print it (see redactedView). */
export interface Connection {
  baseUrl: string;
  workspaceId: string;
  apiKey: string;
  region?: "us" | "eu";
  /** Limit of one request attempt (--timeout / DUST_TIMEOUT); unset: the client's default. */
  timeoutMs?: number;
}

export interface ConnectionFlags {
  baseUrl?: string;
  region?: string;
  workspaceId?: string;
  apiKey?: string;
  /** Seconds, as typed. */
  timeout?: string;
}

export const REGION_HOSTS = { us: "https://dust.tt", eu: "https://eu.dust.tt" } as const;
export type Region = keyof typeof REGION_HOSTS;

/**
 * Flags win over the environment. For the host, the flag pair (--base-url, --region) is considered before
 * the env pair, so `--region eu` beats an exported DUST_BASE_URL; within a pair the base URL wins.
 * With nothing set the host is the US one, like Dust's own SDK. Pure: reads only its arguments.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Connection {
  const where = pickWhere(flags, env);
  const workspaceId = nonEmpty(flags.workspaceId) ?? nonEmpty(env["DUST_WORKSPACE_ID"]);
  if (workspaceId === undefined) {
    throw new ConfigError("No Dust workspace id: set DUST_WORKSPACE_ID or pass --workspace-id.", {
      hint: "The workspace id is the part after /w/ in your Dust URL, e.g. https://dust.tt/w/<id>/...",
    });
  }
  if (!/^[A-Za-z0-9_-]+$/.test(workspaceId)) {
    throw new ConfigError(`The Dust workspace id "${workspaceId}" has characters a workspace id never has.`, {
      hint: "Copy it from your Dust URL: https://dust.tt/w/<id>/...",
    });
  }
  const apiKey = nonEmpty(flags.apiKey) ?? nonEmpty(env["DUST_API_KEY"]);
  if (apiKey === undefined) {
    // No flag is suggested: the CLI takes the key from the environment only (a flag would land in shell history).
    throw new ConfigError("No Dust API key: set DUST_API_KEY.", {
      hint: "Create one in Dust under Admin > API Keys; listing needs any role, analytics needs admin.",
    });
  }
  // Checked here so that no HTTP library ever gets to echo a malformed header value; the key itself is never shown.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new ConfigError("The Dust API key contains spaces or non-printable characters.", {
      hint: "Check how DUST_API_KEY is set (a stray newline from a file is common).",
    });
  }
  const timeoutMs = pickTimeout(flags, env);
  return hideKey({ ...where, workspaceId, apiKey, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

/** Longest `--timeout` accepted: a typo of minutes for seconds should not hang a CI job for a day. */
const MAX_TIMEOUT_S = 3600;

function pickTimeout(flags: ConnectionFlags, env: NodeJS.ProcessEnv): number | undefined {
  const [value, source] =
    nonEmpty(flags.timeout) !== undefined ? [nonEmpty(flags.timeout), "--timeout"] : [nonEmpty(env["DUST_TIMEOUT"]), "DUST_TIMEOUT"];
  if (value === undefined) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_S)) {
    throw new ConfigError(`${source} must be a number of seconds between 0 and ${MAX_TIMEOUT_S}, not "${value}".`, {
      hint: "It limits each request to Dust (default 60); a call with its retries may take twice that plus 15 s.",
    });
  }
  return Math.round(seconds * 1000);
}

function pickWhere(flags: ConnectionFlags, env: NodeJS.ProcessEnv): { baseUrl: string; region?: Region } {
  const candidates: [string | undefined, string | undefined, string, string][] = [
    [nonEmpty(flags.baseUrl), nonEmpty(flags.region), "--base-url", "--region"],
    [nonEmpty(env["DUST_BASE_URL"]), nonEmpty(env["DUST_REGION"]), "DUST_BASE_URL", "DUST_REGION"],
  ];
  for (const [baseUrl, region, baseName, regionName] of candidates) {
    if (baseUrl !== undefined) return checkBaseUrl(baseUrl, baseName);
    if (region !== undefined) return regionHost(region, regionName);
  }
  return { baseUrl: REGION_HOSTS.us, region: "us" };
}

function regionHost(value: string, source: string): { baseUrl: string; region: Region } {
  const region = value.toLowerCase();
  if (region !== "us" && region !== "eu") {
    throw new ConfigError(`${source} must be "us" or "eu", not "${value}".`, {
      hint: "A workspace lives in one region; the other region answers 404 workspace_not_found.",
    });
  }
  return { baseUrl: REGION_HOSTS[region], region };
}

function checkBaseUrl(value: string, source: string): { baseUrl: string; region?: Region } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${source} is not a URL: "${value}".`, { hint: "Example: https://eu.dust.tt" });
  }
  // Credentials in the URL would be printed in every error message that names the host.
  if (url.username || url.password) {
    throw new ConfigError(`${source} must not contain a user name or password.`, {
      hint: "Pass the API key through DUST_API_KEY instead.",
    });
  }
  if (url.search || url.hash) {
    throw new ConfigError(`${source} must not have a query string or fragment.`, { hint: "Example: https://eu.dust.tt" });
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw new ConfigError(`${source} uses plain http:// to ${url.hostname}; the API key would travel unencrypted.`, {
      hint: "Use https://, or http:// only to a local emulator (localhost, 127.0.0.1, [::1]).",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${source} must be an https:// URL, not ${url.protocol}//.`);
  }
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  const region = (Object.keys(REGION_HOSTS) as Region[]).find((r) => REGION_HOSTS[r] === baseUrl);
  return region === undefined ? { baseUrl } : { baseUrl, region };
}

/** 127.0.0.0/8, localhost (and *.localhost, which resolvers must map to loopback), [::1]. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "[::1]" || host === "::1") return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m[1] === "127" && m.slice(2).every((o) => Number(o) <= 255);
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/**
 * Logging or JSON-encoding a Connection by mistake must not reveal the key. The helpers are non-enumerable,
 * so spreading or comparing a Connection behaves as for a plain object.
 */
function hideKey(conn: Connection): Connection {
  const view = (): Record<string, unknown> => ({ ...conn, apiKey: "[redacted]" });
  Object.defineProperty(conn, "toJSON", { value: view, enumerable: false });
  Object.defineProperty(conn, inspect.custom, { value: () => view(), enumerable: false });
  return conn;
}
