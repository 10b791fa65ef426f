import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { EmulatorState } from "./types.js";

/**
 * Writes the state atomically: a crash mid-write leaves the previous file intact, never half a JSON
 * document, because rename within one folder replaces the file in a single step.
 */
export function saveState(path: string, state: EmulatorState): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(state, null, 1));
  renameSync(tmp, path);
}

/** The saved state, or undefined when the file does not exist yet. */
export function loadState(path: string): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<EmulatorState>;
  if (parsed.version !== 1 || !Array.isArray(parsed.workspaces) || typeof parsed.idCounter !== "number") {
    throw new Error(`${path} is not an emulator state file (expected {"version":1,"idCounter":…,"workspaces":[…]})`);
  }
  return parsed as EmulatorState;
}
