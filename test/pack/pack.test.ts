import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { packBundles } from "../../src/bundle/pack/index.js";
import { readFilePath } from "../../src/model/ownership-record.js";
import { bundlesOf, memReader, SAMPLE, skillMd, REPOSITORY } from "./fixtures.js";
import type { RepoFiles } from "./fixtures.js";
import { dustStrippedPaths, readRawZip } from "./zip-headers.js";

/** An entry name with its record's hashes blanked: `upload/dust-skills/v1/<repository>/@H/<bundle path>`. */
const shape = (name: string): string => name.replace(/\/@[0-9a-f]{16}\.[0-9a-f]{16}\//, "/@H/");
const W = "upload/dust-skills/v1/github.com/acme/skills/@H";
/** The repo path of an entry: what follows the record's hash segment. */
const repoPathOf = (name: string): string => name.replace(/^.*?\/@[0-9a-f]{16}\.[0-9a-f]{16}\//, "");

async function pack(files: RepoFiles, noSkill: string[] = []) {
  return packBundles(bundlesOf(files, "/repo", noSkill), { repository: REPOSITORY, readFile: memReader(files) });
}

describe("packBundles: what goes into a ZIP", () => {
  it("ships SKILL.md and Dust's attachments only, wrapped, in code-unit order", async () => {
    const { uploads, errors } = await pack(SAMPLE);
    expect(errors).toEqual([]);
    expect(uploads).toHaveLength(1);
    const names = readRawZip(uploads[0]!.data).entries.map((e) => e.name);
    // Sorted by code unit over the whole path: bundles in the order of their record folders.
    expect(names.map(shape).sort()).toEqual([
      `${W}/skills/données/SKILL.md`,
      `${W}/skills/données/références/guide.md`,
      `${W}/skills/empty-asset/SKILL.md`,
      `${W}/skills/empty-asset/notes.txt`,
      `${W}/skills/release-notes/SKILL.md`,
      `${W}/skills/release-notes/references/style.md`,
      `${W}/skills/release-notes/scripts/collect.py`,
      `${W}/skills/sql-review/SKILL.md`,
      `${W}/skills/sql-review/assets/checklist.csv`,
    ]);
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    expect(uploads[0]!.files.map((f) => f.path)).toEqual(names);
    expect(uploads[0]).toMatchObject({
      index: 1,
      fileName: "skills-1.zip",
      entries: 9,
      bundles: ["skills/données", "skills/empty-asset", "skills/release-notes", "skills/sql-review"],
      names: ["données", "empty-asset", "release-notes", "sql-review"],
    });
  });

  it("writes no folder entries, fixed UNIX permissions, no comments, no extra fields", async () => {
    const { uploads } = await pack(SAMPLE);
    const raw = readRawZip(uploads[0]!.data);
    expect(raw.commentLength).toBe(0);
    for (const e of raw.entries) {
      expect(e.name.endsWith("/")).toBe(false);
      expect(e.versionMadeBy >> 8).toBe(3); // UNIX
      expect(e.externalAttributes >>> 16).toBe(0o100644);
      expect(e.externalAttributes & 0x10).toBe(0); // DOS directory bit
      expect(e.commentLength).toBe(0);
      // No data descriptors: sizes and CRC sit in the headers.
      expect(e.flags & 0x8).toBe(0);
      expect([e.extraLength, e.local.extraLength]).toEqual([0, 0]);
      // UTF-8 flag exactly on the names that need it.
      expect(e.flags & 0x800).toBe(/^[\x20-\x7e]*$/.test(e.name) ? 0 : 0x800);
      // Deflated, or stored when deflate would not make it smaller.
      if (e.method === 0) expect(e.compressedSize).toBe(e.uncompressedSize);
      else expect([e.method, e.compressedSize < e.uncompressedSize]).toEqual([8, true]);
    }
    expect(new Set(raw.entries.map((e) => e.method))).toEqual(new Set([0, 8]));
  });

  it("unzips (jszip) to exactly the repository's bytes", async () => {
    const { uploads } = await pack(SAMPLE);
    const zip = await JSZip.loadAsync(uploads[0]!.data);
    const files = Object.values(zip.files);
    expect(files.filter((f) => f.dir)).toEqual([]);
    for (const file of files) {
      expect(await file.async("nodebuffer")).toEqual(Buffer.from(SAMPLE[repoPathOf(file.name)]!));
    }
    expect(uploads[0]!.uncompressedBytes).toBe(files.reduce((sum, f) => sum + Buffer.byteLength(SAMPLE[repoPathOf(f.name)]!), 0));
  });

  it("gives Dust's view: after it strips the wrap folder, each SKILL.md path is the bundle's ownership record", async () => {
    const bundles = bundlesOf(SAMPLE);
    const { uploads } = await packBundles(bundles, { repository: REPOSITORY, readFile: memReader(SAMPLE) });
    const stripped = dustStrippedPaths(readRawZip(uploads[0]!.data).entries.map((e) => e.name));
    for (const bundle of bundles) {
      const skillPath = stripped.find((p) => p.endsWith(`/${bundle.skillMd}`) && repoPathOf(p) === bundle.skillMd)!;
      expect(readFilePath(skillPath)).toMatchObject({ kind: "record", record: { repository: REPOSITORY, bundleDir: bundle.dir } });
      const folder = skillPath.slice(0, -"SKILL.md".length);
      const attachments = stripped.filter((p) => p.startsWith(folder) && p !== skillPath);
      expect(attachments.map((p) => p.slice(folder.length))).toEqual(bundle.attachments.map((a) => a.rel));
    }
  });

  it("changes a bundle's record folder when its content changes, and no other bundle's", async () => {
    const folders = async (files: RepoFiles) =>
      (await pack(files)).uploads[0]!.files.filter((f) => f.path.endsWith("/SKILL.md")).map((f) => f.path).sort();
    const before = await folders(SAMPLE);
    const after = await folders({ ...SAMPLE, "skills/release-notes/scripts/collect.py": "print(2)\n" });
    expect(after.filter((p) => !before.includes(p)).map(repoPathOf)).toEqual(["skills/release-notes/SKILL.md"]);
  });

  it("keeps a lower-case skill.md under its own name", async () => {
    const files = { "team/a/skill.md": skillMd("a"), "team/a/x.md": "x" };
    const { uploads } = await pack(files);
    expect(uploads[0]!.files.map((f) => shape(f.path))).toEqual([`${W}/team/a/skill.md`, `${W}/team/a/x.md`]);
  });

  it("lists dropped files and skills Dust would not import as left out, and never ships them", async () => {
    const files = { ...SAMPLE, "skills/broken/SKILL.md": "no front matter", "skills/broken/notes.md": "n" };
    const { uploads, left } = await pack(files, ["skills/broken"]);
    expect(left).toEqual([
      { bundleDir: "skills/broken", reason: expect.stringContaining("would not import") },
      { bundleDir: "skills/release-notes", path: "skills/release-notes/LICENSE", reason: expect.stringContaining("no extension") },
      { bundleDir: "skills/sql-review", path: "skills/sql-review/config.toml", reason: expect.stringContaining(".toml") },
    ]);
    const shipped = uploads.flatMap((u) => u.files.map((f) => f.path));
    expect(shipped.filter((p) => /broken|LICENSE|config\.toml/.test(p))).toEqual([]);
    expect(uploads.flatMap((u) => u.bundles)).not.toContain("skills/broken");
  });

  it("refuses a SKILL.md at the repository root, and still packs the others", async () => {
    const files = { "SKILL.md": skillMd("root"), "skills/a/SKILL.md": skillMd("a") };
    const { uploads, errors } = await pack(files);
    expect(errors).toEqual([{ bundleDir: "", message: expect.stringContaining("repository root") }]);
    expect(uploads.flatMap((u) => u.bundles)).toEqual(["skills/a"]);
  });

  it("reports an unreadable file with its path and packs the other bundles", async () => {
    const files = { "skills/a/SKILL.md": skillMd("a"), "skills/a/gone.md": "x", "skills/b/SKILL.md": skillMd("b") };
    const read = memReader(files);
    const { uploads, errors } = await packBundles(bundlesOf(files), {
      repository: REPOSITORY,
      readFile: (abs) => (abs.endsWith("gone.md") ? Promise.reject(Object.assign(new Error("EACCES"), { code: "EACCES" })) : read(abs)),
    });
    expect(errors).toEqual([{ bundleDir: "skills/a", message: "skills/a: cannot read skills/a/gone.md (EACCES)" }]);
    expect(uploads.flatMap((u) => u.bundles)).toEqual(["skills/b"]);
  });

  it("keeps a nested bundle with its outer bundle, each file once, in its own record folder", async () => {
    const files = {
      "skills/outer/SKILL.md": skillMd("outer"),
      "skills/outer/inner/SKILL.md": skillMd("inner"),
      "skills/outer/inner/ref.md": "r",
      "skills/outer/inner/Makefile": "all:",
      "skills/outer-b/SKILL.md": skillMd("outer-b"),
    };
    const { uploads, left } = await packBundles(bundlesOf(files), {
      repository: REPOSITORY,
      readFile: memReader(files),
      // One bundle per ZIP, except that a family must stay together.
      limits: { requestBytes: 5 * 1024 * 1024, zipEntries: 3, zipUncompressedBytes: 10 * 1024 * 1024, requestFields: 1000 },
    });
    expect(uploads.map((u) => u.bundles)).toEqual([["skills/outer", "skills/outer/inner"], ["skills/outer-b"]]);
    expect(uploads[0]!.files.map((f) => shape(f.path)).sort()).toEqual([
      `${W}/skills/outer/SKILL.md`,
      `${W}/skills/outer/inner/SKILL.md`,
      `${W}/skills/outer/inner/ref.md`,
    ]);
    // The inner bundle's files are its own: Dust never sees them inside the outer skill's folder.
    const outerFolder = uploads[0]!.files.find((f) => repoPathOf(f.path) === "skills/outer/SKILL.md")!.path.slice(0, -"SKILL.md".length);
    expect(uploads[0]!.files.filter((f) => f.path.startsWith(outerFolder)).map((f) => repoPathOf(f.path))).toEqual(["skills/outer/SKILL.md"]);
    expect(left).toEqual([{ bundleDir: "skills/outer/inner", path: "skills/outer/inner/Makefile", reason: expect.any(String) }]);
  });

  it("reports progress up to the number of shippable bundles", async () => {
    const calls: [number, number][] = [];
    await packBundles(bundlesOf(SAMPLE), { repository: REPOSITORY, readFile: memReader(SAMPLE), onProgress: (d, t) => calls.push([d, t]) });
    expect(calls[0]).toEqual([0, 4]);
    expect(calls.at(-1)).toEqual([4, 4]);
  });
});
