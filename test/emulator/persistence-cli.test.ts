import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { checkSeed } from "../../src/emulator/seed-check.js";
import { importZips, listNames, seed, skillMd, start, WS, zipOf } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "dust-emu-"));
  dirs.push(d);
  return d;
}

describe("state persistence", () => {
  it("saves after each write and reloads the saved state on restart (the seed is then ignored)", async () => {
    const statePath = join(tempDir(), "state.json");
    emu = await start(seed([{ name: "Seeded", instructions: "s\n" }]), { statePath });
    const imported = (await importZips(emu, [await zipOf({ "a/SKILL.md": skillMd("Kept") })])).body().imported[0];
    emu.store.archive(WS, emu.store.getSkills(WS).find((s) => s.name === "Seeded")!.sId);
    await emu.close();

    emu = await start(seed([{ name: "Different seed", instructions: "d\n" }]), { statePath });
    expect(await listNames(emu, "bypassEditorVisibility=true")).toEqual(["Kept"]);
    expect(await listNames(emu, "status=archived")).toEqual(["Seeded"]);
    expect(emu.store.getSkills(WS).find((s) => s.name === "Kept")?.sId).toBe(imported?.["sId"]);
    // New ids keep counting from the saved counter: no collision with ids made before the restart.
    const next = (await importZips(emu, [await zipOf({ "b/SKILL.md": skillMd("Next") })])).body().imported[0];
    expect(next?.["sId"]).not.toBe(imported?.["sId"]);
  });

  it("writes atomically: only the state file remains, always complete JSON", async () => {
    const dir = tempDir();
    const statePath = join(dir, "state.json");
    emu = await start(seed(), { statePath });
    for (let i = 0; i < 5; i++) await importZips(emu, [await zipOf({ [`s${i}/SKILL.md`]: skillMd(`S${i}`) })]);
    expect(readdirSync(dir)).toEqual(["state.json"]);
    const saved = JSON.parse(readFileSync(statePath, "utf8")) as { version: number; workspaces: { skills: unknown[] }[] };
    expect(saved.version).toBe(1);
    expect(saved.workspaces[0]?.skills).toHaveLength(5);
  });

  it("refuses a file that is not a state file instead of starting empty", async () => {
    const statePath = join(tempDir(), "state.json");
    writeFileSync(statePath, JSON.stringify({ hello: "world" }));
    await expect(start(seed(), { statePath })).rejects.toThrow(/not an emulator state file/);
  });
});

describe("seeds", () => {
  it("accepts the example seed shipped with the emulator", () => {
    const example = JSON.parse(readFileSync(new URL("../../src/emulator/example-seed.json", import.meta.url), "utf8")) as unknown;
    expect(checkSeed(example).workspaces.map((w) => w.id)).toEqual(["w_acme", "w_euro"]);
  });

  it("names the first bad field of a seed", () => {
    expect(() => checkSeed({ workspaces: [{ id: "w", keys: [{ key: "sk-a", role: "owner" }] }] })).toThrow(
      'workspaces[0].keys[0].role must be "admin", "builder" or "user"',
    );
    expect(() => checkSeed({ workspaces: [{ id: "w", keys: [], analytics: { rows: { nope: [] } } }] })).toThrow(
      "workspaces[0].analytics.rows.nope is not an analytics table",
    );
  });
});

describe("dust-skills emulator (built CLI)", () => {
  it("prints the URL, workspaces and keys on stderr, serves the API, saves --state and stops on SIGTERM", async () => {
    const dir = tempDir();
    const seedPath = join(dir, "seed.json");
    writeFileSync(seedPath, JSON.stringify(seed([{ name: "From Seed File", instructions: "x\n" }])));
    const child = spawn(
      process.execPath,
      ["bin/dust-skills.js", "emulator", "--port", "0", "--seed", seedPath, "--state", join(dir, "state.json")],
      { cwd: join(import.meta.dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m?.[1] && stderr.includes("Ctrl-C")) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
    });
    expect(stderr).toContain(`workspace ${WS} (us): 1 skill(s)`);
    expect(stderr).toContain("admin   key: sk-t-admin");
    const res = await request(`${url}/api/v1/w/${WS}/skills`, { headers: { authorization: "Bearer sk-t-user" } });
    expect(((await res.body.json()) as { skills: { name: string }[] }).skills.map((s) => s.name)).toEqual(["From Seed File"]);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "state.json"), "utf8"))).toMatchObject({ version: 1 });
  });

  it("explains a bad seed file and exits 1 without a stack trace", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "seed.json"), "{ not json");
    const child = spawn(process.execPath, ["bin/dust-skills.js", "emulator", "--seed", join(dir, "seed.json")], {
      cwd: join(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("is not a valid emulator seed");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
