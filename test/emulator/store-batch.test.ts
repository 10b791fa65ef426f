import { describe, expect, it } from "vitest";
import { importSkills } from "../../src/emulator/import/import-skills.js";
import { ApiError } from "../../src/emulator/http.js";
import { EmulatorStore } from "../../src/emulator/store.js";
import type { EmulatorState } from "../../src/emulator/types.js";
import { seed, skillMd, WS, zipOf } from "./helpers.js";

const T0 = Date.UTC(2026, 10, 1);

function counted(): { store: EmulatorStore; saves: () => number; names: () => string[] } {
  let saves = 0;
  const state: EmulatorState = EmulatorStore.stateFromSeed(seed(), T0);
  const store = new EmulatorStore(state, { now: () => T0, onWrite: () => (saves += 1) });
  return { store, saves: () => saves, names: () => store.getSkills(WS).map((s) => s.name).sort() };
}

async function form(names: string[]): Promise<{ fields: Map<string, string[]>; files: { field: string; filename: string; data: Buffer }[] }> {
  const files = Object.fromEntries(names.map((n, i) => [`s${i}/SKILL.md`, skillMd(n)]));
  return { fields: new Map([["onConflict", ["skip"]]]), files: [{ field: "files", filename: "a.zip", data: await zipOf(files) }] };
}

describe("emulator store: one save per request (--state)", () => {
  it("saves an import of many skills once, not once per skill", async () => {
    const { store, saves, names } = counted();
    const many = Array.from({ length: 40 }, (_, i) => `skill-${String(i).padStart(2, "0")}`);
    const outcome = importSkills(store, { workspace: store.workspace(WS)!, role: "admin", canPublish: true }, await form(many), T0, () => {});
    expect(outcome.imported).toHaveLength(40);
    expect(saves()).toBe(1);
    expect(names()).toEqual(many);
  });

  it("still saves what an import wrote before it failed part-way", async () => {
    const { store, saves, names } = counted();
    const tooLong = "x".repeat(257);
    const auth = { workspace: store.workspace(WS)!, role: "admin" as const, canPublish: true };
    const before = saves();
    let thrown: unknown;
    try {
      importSkills(store, auth, await form(["aaa-first", tooLong]), T0, () => {});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(names()).toEqual(["aaa-first"]);
    expect(saves()).toBe(before + 1);
  });

  it("nests: only the outermost batch saves", () => {
    const { store, saves } = counted();
    store.batch(() => {
      store.commit();
      store.batch(() => store.commit());
      expect(saves()).toBe(0);
    });
    expect(saves()).toBe(1);
    store.batch(() => undefined);
    expect(saves()).toBe(1);
  });
});
