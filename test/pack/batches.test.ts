import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RequestBatcher } from "../../src/bundle/pack/batches.js";
import { LIMITS, packBundles } from "../../src/bundle/pack/index.js";
import type { Limits } from "../../src/bundle/pack/index.js";
import { bundlesOf, memReader, skillMd, REPOSITORY } from "./fixtures.js";
import type { RepoFiles } from "./fixtures.js";

const BIG: Limits = { requestBytes: 1 << 30, zipEntries: 1 << 20, zipUncompressedBytes: 1 << 30, requestFields: 1 << 20 };

/** `count` bundles `skills/s00`… with `extra` attachments of `size` bytes each (random: they do not compress). */
function repo(count: number, extra: number, size: number): RepoFiles {
  const files: RepoFiles = {};
  for (let i = 0; i < count; i++) {
    const dir = `skills/s${String(i).padStart(2, "0")}`;
    files[`${dir}/SKILL.md`] = skillMd(`s${i}`);
    for (let j = 0; j < extra; j++) files[`${dir}/ref${j}.txt`] = randomBytes(size);
  }
  return files;
}

async function pack(files: RepoFiles, limits: Limits) {
  return packBundles(bundlesOf(files), { repository: REPOSITORY, readFile: memReader(files), limits });
}

function expectWholeBundlesInOrder(uploads: { bundles: string[]; files: { bundleDir: string }[] }[], count: number): void {
  const all = uploads.flatMap((u) => u.bundles);
  expect(all).toEqual(Array.from({ length: count }, (_, i) => `skills/s${String(i).padStart(2, "0")}`));
  for (const upload of uploads) {
    // Every file of a bundle sits in the upload that holds the bundle: never split.
    expect(new Set(upload.files.map((f) => f.bundleDir))).toEqual(new Set(upload.bundles));
  }
}

describe("batching", () => {
  it("puts everything in one upload when it fits", async () => {
    const { uploads } = await pack(repo(10, 2, 100), LIMITS);
    expect(uploads.map((u) => u.fileName)).toEqual(["skills-1.zip"]);
    expect(uploads[0]!.entries).toBe(30);
  });

  it("splits at the entry limit", async () => {
    const { uploads, errors } = await pack(repo(7, 2, 10), { ...BIG, zipEntries: 7 });
    expect(errors).toEqual([]);
    // 3 entries per bundle: two bundles fill 6 of 7, a third would make 9.
    expect(uploads.map((u) => u.entries)).toEqual([6, 6, 6, 3]);
    expect(uploads.map((u) => u.index)).toEqual([1, 2, 3, 4]);
    expectWholeBundlesInOrder(uploads, 7);
  });

  it("sends several ZIPs in one request, up to the request's byte limit in all", async () => {
    const files = repo(9, 2, 1000);
    const { uploads: alone } = await pack(repo(3, 2, 1000), BIG);
    const three = alone[0]!.data.length; // one ZIP of three bundles
    // Three bundles per ZIP (entry limit 9); two such ZIPs fit a request, a third does not.
    const { uploads, requests } = await pack(files, { ...BIG, zipEntries: 9, requestBytes: 2 * three + 100 });
    expect(uploads.map((u) => u.bundles.length)).toEqual([3, 3, 3]);
    expect(requests.map((r) => r.zips.map((z) => z.fileName))).toEqual([["skills-1.zip", "skills-2.zip"], ["skills-3.zip"]]);
    expect(uploads.map((u) => u.request)).toEqual([1, 1, 2]);
    for (const r of requests) {
      expect(r.bytes).toBe(uploads.filter((u) => u.request === r.index).reduce((n, u) => n + u.data.length, 0));
      expect(r.bytes).toBeLessThanOrEqual(2 * three + 100);
    }
    expectWholeBundlesInOrder(uploads, 9);
  });

  it("splits at the uncompressed limit", async () => {
    const files = repo(5, 1, 1000);
    const perBundle = Buffer.byteLength(files["skills/s00/SKILL.md"] as string) + 1000;
    const { uploads } = await pack(files, { ...BIG, zipUncompressedBytes: 3 * perBundle - 1 });
    expect(uploads.map((u) => u.bundles.length)).toEqual([2, 2, 1]);
    for (const u of uploads) expect(u.uncompressedBytes).toBeLessThan(3 * perBundle);
    expectWholeBundlesInOrder(uploads, 5);
  });

  it("splits at the request size, filling each ZIP as far as the real bytes allow", async () => {
    const files = repo(6, 1, 4000);
    const limit = 9500; // about two bundles of incompressible 4 KB, with their record folders in every entry name
    const { uploads, errors } = await pack(files, { ...BIG, requestBytes: limit });
    expect(errors).toEqual([]);
    expect(uploads.map((u) => u.bundles.length)).toEqual([2, 2, 2]);
    for (const u of uploads) expect(u.data.length).toBeLessThanOrEqual(limit);
    expectWholeBundlesInOrder(uploads, 6);
    // One more bundle really would have passed the limit: zip the first upload's bundles plus the next one.
    const three = Object.fromEntries(Object.entries(files).filter(([p]) => /skills\/s0[0-2]\//.test(p)));
    const { uploads: together } = await pack(three, BIG);
    expect(together[0]!.data.length).toBeGreaterThan(limit);
  });

  it("names a bundle that can never fit, with its sizes, and packs the rest", async () => {
    const files: RepoFiles = {
      ...repo(2, 1, 10),
      "skills/huge/SKILL.md": skillMd("huge"),
      "skills/huge/data.csv": randomBytes(20_000),
      "skills/many/SKILL.md": skillMd("many"),
      ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`skills/many/f${i}.md`, "x"])),
      "skills/wide/SKILL.md": skillMd("wide"),
      "skills/wide/a.txt": "a".repeat(40_000), // compresses well: only the uncompressed limit catches it
    };
    const { uploads, errors } = await pack(files, { requestBytes: 10_000, zipEntries: 10, zipUncompressedBytes: 30_000, requestFields: 1000 });
    expect(errors.map((e) => e.bundleDir)).toEqual(["skills/huge", "skills/many", "skills/wide"]);
    expect(errors[0]!.message).toMatch(/^skills\/huge can never be uploaded: 2 files, 19\.\d\d KiB uncompressed, (19|20)\.\d\d KiB zipped \(over the 9\.77 KiB limit\)$/);
    expect(errors[1]!.message).toMatch(/^skills\/many can never be uploaded: 13 files \(over the 10 limit\), \d+ bytes uncompressed, [\d.]+ KiB zipped$/);
    expect(errors[2]!.message).toMatch(/^skills\/wide can never be uploaded: 2 files, 39\.\d\d KiB uncompressed \(over the 29\.30 KiB limit\), [\d.]+ (bytes|KiB) zipped$/);
    expect(uploads.flatMap((u) => u.bundles)).toEqual(["skills/s00", "skills/s01"]);
  });

  it("fills a ZIP, then another ZIP in the same request, and closes the request only at its byte limit", () => {
    const unit = { entries: 1, uncompressedBytes: 10, zipBytes: 100, skills: 1 };
    // Two units per ZIP (entry limit), and room for three ZIPs of two (3 × (22 + 200) = 666) per request.
    const batcher = new RequestBatcher<typeof unit>({ requestBytes: 700, zipEntries: 2, zipUncompressedBytes: 1000, requestFields: 1000 });
    const closed = Array.from({ length: 7 }, () => batcher.add({ ...unit }));
    const first = closed.find((r) => r !== null);
    expect(closed.map((r) => (r === null ? "-" : "closed"))).toEqual(["-", "-", "-", "-", "-", "-", "closed"]);
    expect(first!.zips.map((z) => z.units.length)).toEqual([2, 2, 2]);
    expect(first!.bytes).toBe(666);
    expect(first!.zips.map((z) => z.bytes)).toEqual([222, 222, 222]);
    expect(batcher.finish()!.zips.map((z) => z.units.length)).toEqual([1]);
    expect(batcher.finish()).toBeNull();
  });

  it("closes a request at the number of skills one form can name (formidable's 1,000 fields, 2 of them fixed)", () => {
    const unit = { entries: 3, uncompressedBytes: 10, zipBytes: 100, skills: 1 };
    const batcher = new RequestBatcher<typeof unit>({ requestBytes: 1 << 30, zipEntries: 1000, zipUncompressedBytes: 1 << 30, requestFields: 1000 });
    const closed = Array.from({ length: 999 }, () => batcher.add({ ...unit })).filter((r) => r !== null);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.skills).toBe(998);
    expect(closed[0]!.zips.map((z) => z.entries)).toEqual([999, 999, 996]);
    expect(batcher.finish()!.skills).toBe(1);
  });

  it("starts a new ZIP at the uncompressed limit, and a new request when the bytes would pass", () => {
    const batcher = new RequestBatcher<{ entries: number; uncompressedBytes: number; zipBytes: number; skills: number }>({ requestBytes: 500, zipEntries: 100, zipUncompressedBytes: 15, requestFields: 1000 });
    expect(batcher.add({ entries: 1, uncompressedBytes: 10, zipBytes: 100, skills: 1 })).toBeNull();
    // 20 uncompressed in one ZIP is over 15: a second ZIP in the same request.
    expect(batcher.add({ entries: 1, uncompressedBytes: 10, zipBytes: 100, skills: 1 })).toBeNull();
    // 244 + 22 + 300 > 500: the request closes with its two ZIPs, the big unit starts the next.
    const closed = batcher.add({ entries: 1, uncompressedBytes: 1, zipBytes: 300, skills: 1 });
    expect(closed!.zips.map((z) => z.units.length)).toEqual([1, 1]);
    expect(batcher.finish()!.bytes).toBe(322);
  });
});
