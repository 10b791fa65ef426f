import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { tempRepo } from "../git/repo.js";
import type { TempRepo } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";

const ADMIN = "sk-test-admin-51c0";
const BUILDER = "sk-test-builder-7d2e";
const WS = "w_scale";
const bin = join(dirname(fileURLToPath(import.meta.url)), "../../bin/dust-skills.js");

let repo: TempRepo | undefined;
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  repo?.cleanup();
  repo = undefined;
});

const skillMd = (name: string): string => `---\nname: ${name}\ndescription: ${name} does it.\n---\nDo ${name}.\n`;

async function setup(files: Record<string, string | Uint8Array>): Promise<{ repo: TempRepo; emulator: Emulator }> {
  repo = tempRepo();
  repo.write(files);
  repo.git("add", "-A");
  repo.commit("bundles", Date.now() - 86_400_000);
  // The repository identity that ownership records carry (sync refuses to write without one).
  repo.git("remote", "add", "origin", "https://github.com/acme/scale.git");
  emulator = await startEmulator({
    seed: { workspaces: [{ id: WS, keys: [{ key: ADMIN, role: "admin" }, { key: BUILDER, role: "builder" }], skills: [] }] },
  });
  return { repo, emulator };
}

async function cli(args: string[], key = ADMIN): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: repo!.dir, env: { DUST_BASE_URL: emulator!.url, DUST_WORKSPACE_ID: WS, DUST_API_KEY: key } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const posts = (): number => emulator!.requests.filter((r) => r.method === "POST").length;
const lists = (): { query: string }[] => emulator!.requests.filter((r) => r.method === "GET" && r.path.endsWith("/skills"));

describe("sync at scale", () => {
  it("proves writes from the import answers: no listing after the uploads", async () => {
    await setup({ "skills/a/SKILL.md": skillMd("a"), "skills/b/SKILL.md": skillMd("b") });
    const before = lists().length;
    const run = await cli(["sync", "skills"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Sync: 2 created, 0 updated, 0 archived, 0 failed (1 request, 1 ZIP,");
    // The plan's listings (active, archived) and nothing after the import.
    expect(lists().length - before).toBe(2);
  });

  it("names at most 998 skills per request (the form's 1,000 fields less onConflict and availability)", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[`skills/s${String(i).padStart(4, "0")}/SKILL.md`] = skillMd(`s${i}`);
    await setup(files);
    const run = await cli(["sync", "skills", "--format", "json"]);
    expect(run.code).toBe(0);
    const imports = emulator!.requests.filter((r) => r.method === "POST");
    expect(imports.map((r) => r.skillNames?.length)).toEqual([998, 2]);
    expect(emulator!.store.liveSkills(WS)).toHaveLength(1000);
  }, 120_000);

  describe("an import whose answer was lost", () => {
    it("written skills are reported as written, from one filtered listing; sync exits 0", async () => {
      await setup({ "skills/a/SKILL.md": skillMd("a"), "skills/b/SKILL.md": skillMd("b") });
      emulator!.faults.enqueue({ kind: "drop", after: true, match: { method: "POST" } });
      const run = await cli(["sync", "skills"]);
      expect(run.out).toContain("✓ created a");
      expect(run.out).toMatch(/created a \(skl_\w+\): Dust's answer was lost; the listing shows it written/);
      expect(run.out).toContain("Sync: 2 created, 0 updated, 0 archived, 0 failed");
      expect(run.code).toBe(0);
      expect(posts()).toBe(1);
      // One listing after the lost answer, cut to what the lost skills can be.
      expect(lists().at(-1)?.query).toBe("status=active&availability=workspace_users&bypassEditorVisibility=true");
      expect((await cli(["plan", "skills", "--detailed-exitcode"])).code).toBe(0);
    });

    it("absent skills fail (nothing was written), and a re-run converges", async () => {
      await setup({ "skills/a/SKILL.md": skillMd("a"), "skills/b/SKILL.md": skillMd("b") });
      // The connection dies before the server reads the request: nothing is written.
      emulator!.faults.enqueue({ kind: "drop", match: { method: "POST" } });
      const run = await cli(["sync", "skills"]);
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/✗ create a failed: not written: Dust's answer was lost and the listing does not show it/);
      expect(run.out).toContain("0 created, 0 updated, 0 archived, 2 failed");
      expect((await cli(["sync", "skills"])).code).toBe(0);
      expect((await cli(["plan", "skills", "--detailed-exitcode"])).code).toBe(0);
    });

    it("what the key cannot list is 'may have been applied', and sync exits 1", async () => {
      await setup({ "skills/a/SKILL.md": skillMd("a") });
      emulator!.faults.enqueue({ kind: "drop", after: true, match: { method: "POST" } });
      // A builder key sends no availability (--availability keep): the new skill is unpublished, and invisible to it.
      const run = await cli(["sync", "skills", "--availability", "keep"], BUILDER);
      expect(run.out).toMatch(/\? create a may have been applied: Dust's answer was lost and this API key cannot list unpublished skills/);
      expect(run.out).toContain("1 may have been applied");
      expect(run.code).toBe(1);
      expect(emulator!.store.liveSkills(WS).map((s) => s.name)).toEqual(["a"]);
    });

    it("an update whose answer was lost is decided by the record Dust stores: the new record and text equal to the bundle is written", async () => {
      await setup({ "skills/a/SKILL.md": skillMd("a"), "skills/b/SKILL.md": skillMd("b") });
      expect((await cli(["sync", "skills"])).code).toBe(0);
      repo!.write({ "skills/a/SKILL.md": `${skillMd("a")}More.\n`, "skills/b/SKILL.md": `${skillMd("b")}More.\n` });
      repo!.git("add", "-A");
      repo!.commit("edit");
      emulator!.faults.enqueue({ kind: "drop", after: true, match: { method: "POST" } });
      const run = await cli(["sync", "skills"]);
      expect(run.out).toContain("0 created, 2 updated, 0 archived, 0 failed");
      expect(run.code).toBe(0);
    });
  });

  it("near-limit bundles (999 files, 9.9 MiB raw, 4.9 MiB zipped) pack alone and upload; each request stays under 5 MiB", async () => {
    const files: Record<string, string | Uint8Array> = { "skills/many/SKILL.md": skillMd("many") };
    for (let i = 0; i < 998; i++) files[`skills/many/refs/f${String(i).padStart(3, "0")}.md`] = `note ${i}\n`;
    files["skills/raw/SKILL.md"] = skillMd("raw");
    // 9.9 MiB that deflates well: under the 10 MiB uncompressed limit, far under 5 MiB zipped.
    files["skills/raw/big.txt"] = "abcdefghij".repeat(Math.floor((9.9 * 1024 * 1024 - 200) / 10));
    files["skills/zipped/SKILL.md"] = skillMd("zipped");
    // 4.9 MiB that does not deflate: stored, just under the 5 MiB request limit.
    files["skills/zipped/data.csv"] = randomBytes(Math.floor(4.9 * 1024 * 1024));
    await setup(files);
    const validate = await cli(["validate", "skills"]);
    expect(validate.code).toBe(0);
    const plan = await cli(["plan", "skills"]);
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/Uploads: 3 ZIPs in \d requests/);
    const run = await cli(["sync", "skills", "--format", "json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out) as { uploads: { request: number; bytes: number }[]; requests: number };
    const perRequest = new Map<number, number>();
    for (const u of result.uploads) perRequest.set(u.request, (perRequest.get(u.request) ?? 0) + u.bytes);
    for (const bytes of perRequest.values()) expect(bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    const live = new Map(emulator!.store.liveSkills(WS).map((s) => [s.name, s.fileAttachments.length]));
    expect(Object.fromEntries(live)).toEqual({ many: 998, raw: 1, zipped: 1 });
  });

  it("a bundle over a limit fails validate and plan (exit 1) naming it and the limit; sync sends nothing", async () => {
    const files: Record<string, string | Uint8Array> = { "skills/ok/SKILL.md": skillMd("ok"), "skills/huge/SKILL.md": skillMd("huge") };
    files["skills/huge/data.csv"] = randomBytes(5 * 1024 * 1024 + 1);
    await setup(files);
    const validate = await cli(["validate", "skills"]);
    expect(validate.code).toBe(1);
    expect(validate.out).toMatch(/skills\/huge\/SKILL\.md:1:1: error bundle-too-large-zipped: bundle zips to about 5\.0 MiB \(limit 5\.0 MiB per upload\)/);
    const plan = await cli(["plan", "skills"]);
    expect(plan.code).toBe(1);
    expect(plan.out).toMatch(/Bundle skills\/huge can never be uploaded: bundle zips to about 5\.0 MiB \(limit 5\.0 MiB per upload\)/);
    const sync = await cli(["sync", "skills"]);
    expect(sync.code).toBe(1);
    expect(posts()).toBe(0);
  });
});

/** Runs the built CLI as a child, sending `signal` once the first request is on its way. */
async function interruptedSync(signal: NodeJS.Signals): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, "sync", "skills"], {
    cwd: repo!.dir,
    env: { ...process.env, DUST_BASE_URL: emulator!.url, DUST_WORKSPACE_ID: WS, DUST_API_KEY: ADMIN, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let sent = false;
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
    if (!sent && err.includes("request 1:")) {
      sent = true;
      child.kill(signal);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  return { code, out, err };
}

describe("interrupting a sync", () => {
  // Three bundles of 2.8 MiB that do not compress: one request each.
  const threeRequests = (): Record<string, string | Uint8Array> => {
    const files: Record<string, string | Uint8Array> = {};
    for (const n of ["a", "b", "c"]) {
      files[`skills/${n}/SKILL.md`] = skillMd(n);
      files[`skills/${n}/data.csv`] = randomBytes(Math.floor(2.8 * 1024 * 1024));
    }
    return files;
  };

  for (const [signal, exit] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal}: the request in flight finishes, nothing more is sent, the output says what was written; exit ${exit}; a re-run converges`, async () => {
      await setup(threeRequests());
      // The first import answers slowly, so the signal arrives while it is in flight.
      emulator!.faults.enqueue({ kind: "delay", ms: 1500, match: { method: "POST" } });
      const run = await interruptedSync(signal);
      expect(run.code).toBe(exit);
      expect(posts()).toBe(1);
      expect(run.err).toContain(`${signal} received: finishing the request in flight`);
      expect(run.out).toMatch(/✓ created a \(skl_\w+\)/);
      expect(run.out).toContain("- create b: not sent: the run was interrupted");
      expect(run.out).toContain("Sync: 1 created, 0 updated, 0 archived, 0 failed, 2 not sent (1 request, 1 ZIP,");
      expect(run.out).toContain(`Interrupted by ${signal}: no request was sent after it.`);
      expect(emulator!.store.liveSkills(WS).map((s) => s.name)).toEqual(["a"]);

      const again = await cli(["sync", "skills"]);
      expect(again.code).toBe(0);
      expect(again.out).toContain("Sync: 2 created");
      expect((await cli(["plan", "skills", "--detailed-exitcode"])).code).toBe(0);
    }, 60_000);
  }
});
