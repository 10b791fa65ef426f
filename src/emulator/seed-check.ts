import { ANALYTICS_TABLES } from "./types.js";
import type { EmulatorSeed } from "./types.js";

const ROLES = ["admin", "builder", "user"];

/**
 * Checks a seed read from JSON (a --seed file or the reset control route) and names the first bad field,
 * e.g. `workspaces[0].keys[1].role must be "admin", "builder" or "user"`. Returns the seed, typed.
 */
export function checkSeed(value: unknown): EmulatorSeed {
  const fail = (path: string, what: string): never => {
    throw new TypeError(`${path} ${what}`);
  };
  const seed = value as { workspaces?: unknown };
  if (typeof seed !== "object" || seed === null || !Array.isArray(seed.workspaces)) {
    fail("seed", 'must be an object {"workspaces": [...]}');
  }
  const workspaces = (seed as { workspaces: unknown[] }).workspaces;
  const ids = new Set<string>();
  const keys = new Set<string>();
  workspaces.forEach((w, i) => {
    const at = `workspaces[${i}]`;
    const ws = w as Record<string, unknown>;
    if (typeof ws !== "object" || ws === null) fail(at, "must be an object");
    if (typeof ws["id"] !== "string" || ws["id"] === "") fail(`${at}.id`, "must be a non-empty string");
    if (ids.has(ws["id"] as string)) fail(`${at}.id`, `repeats "${String(ws["id"])}"`);
    ids.add(ws["id"] as string);
    if (ws["region"] !== undefined && ws["region"] !== "us" && ws["region"] !== "eu") fail(`${at}.region`, 'must be "us" or "eu"');
    if (!Array.isArray(ws["keys"])) fail(`${at}.keys`, "must be an array");
    (ws["keys"] as unknown[]).forEach((k, j) => {
      const key = k as Record<string, unknown>;
      if (typeof key?.["key"] !== "string" || !/^sk-[a-zA-Z0-9_-]+$/.test(key["key"])) {
        fail(`${at}.keys[${j}].key`, 'must look like "sk-..." (letters, digits, "-" and "_")');
      }
      if (keys.has(key["key"] as string)) fail(`${at}.keys[${j}].key`, "is used twice");
      keys.add(key["key"] as string);
      if (!ROLES.includes(key["role"] as string)) fail(`${at}.keys[${j}].role`, 'must be "admin", "builder" or "user"');
    });
    if (ws["skills"] !== undefined) {
      if (!Array.isArray(ws["skills"])) fail(`${at}.skills`, "must be an array");
      (ws["skills"] as unknown[]).forEach((s, j) => {
        if (typeof (s as Record<string, unknown>)?.["name"] !== "string") fail(`${at}.skills[${j}].name`, "must be a string");
      });
    }
    const restricted = ws["restrictedSpaceIds"];
    if (restricted !== undefined && (!Array.isArray(restricted) || restricted.some((r) => typeof r !== "string"))) {
      fail(`${at}.restrictedSpaceIds`, "must be an array of space ids (strings)");
    }
    const rows = (ws["analytics"] as { rows?: Record<string, unknown> } | undefined)?.rows;
    for (const table of Object.keys(rows ?? {})) {
      if (!(ANALYTICS_TABLES as readonly string[]).includes(table)) fail(`${at}.analytics.rows.${table}`, "is not an analytics table");
      if (!Array.isArray(rows?.[table])) fail(`${at}.analytics.rows.${table}`, "must be an array of row objects");
    }
  });
  return value as EmulatorSeed;
}
