import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packBundles } from "../../src/bundle/pack/index.js";
import { bundlesOf, memReader, SAMPLE, writeRepo, REPOSITORY } from "./fixtures.js";
import { DOS_1980_01_01, readRawZip } from "./zip-headers.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

async function packUnderTz(tz: string): Promise<{ offset: number; uploads: { fileName: string; sha256: string }[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(here, "tz-child.ts")], {
    cwd: repoRoot,
    env: { ...process.env, TZ: tz },
    encoding: "utf8",
  });
  return JSON.parse(stdout) as { offset: number; uploads: { fileName: string; sha256: string }[] };
}

describe("deterministic ZIP bytes", () => {
  it("are identical under UTC, Asia/Kolkata and America/Los_Angeles, and equal to this process's", async () => {
    const runs = await Promise.all(["UTC", "Asia/Kolkata", "America/Los_Angeles"].map(packUnderTz));
    // The time zones really differed (a half-hour offset included), so a local-time date would have moved.
    expect(runs.map((r) => r.offset)).toEqual([0, -330, 480]);
    const local = await packBundles(bundlesOf(SAMPLE), { repository: REPOSITORY, readFile: memReader(SAMPLE) });
    const expected = local.uploads.map((u) => ({ fileName: u.fileName, sha256: sha(u.data) }));
    expect(expected.length).toBeGreaterThan(0);
    for (const run of runs) expect(run.uploads).toEqual(expected);
  }, 120_000); // three child processes, each compiling TypeScript on start

  it("write 1980-01-01 00:00 in every local and central header", async () => {
    const { uploads } = await packBundles(bundlesOf(SAMPLE), { repository: REPOSITORY, readFile: memReader(SAMPLE) });
    for (const entry of readRawZip(uploads[0]!.data).entries) {
      expect([entry.dosDate, entry.dosTime, entry.local.dosDate, entry.local.dosTime]).toEqual([DOS_1980_01_01, 0, DOS_1980_01_01, 0]);
    }
  });

  describe("from real files", () => {
    const dirs: string[] = [];
    afterAll(async () => {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    });

    async function packCopy(mtime: Date): Promise<Buffer[]> {
      const root = await mkdtemp(join(tmpdir(), "dust-skills-pack-"));
      dirs.push(root);
      await writeRepo(root, SAMPLE);
      for (const path of Object.keys(SAMPLE)) await utimes(join(root, ...path.split("/")), mtime, mtime);
      const { uploads, errors } = await packBundles(bundlesOf(SAMPLE, root), { repository: REPOSITORY });
      expect(errors).toEqual([]);
      return uploads.map((u) => u.data);
    }

    it("are identical for two checkouts whose files have different mtimes", async () => {
      const a = await packCopy(new Date("2001-02-03T04:05:06Z"));
      const b = await packCopy(new Date("2024-11-30T23:59:58Z"));
      expect(a.length).toBeGreaterThan(0);
      expect(b.map(sha)).toEqual(a.map(sha));
    });
  });
});
