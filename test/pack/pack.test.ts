import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { packBundles, WRAP_FOLDER } from "../../src/bundle/pack/index.js";
import { bundlesOf, memReader, SAMPLE, skillMd } from "./fixtures.js";
import type { RepoFiles } from "./fixtures.js";
import { dustStrippedPaths, readRawZip } from "./zip-headers.js";

async function pack(files: RepoFiles, noSkill: string[] = []) {
  return packBundles(bundlesOf(files, "/repo", noSkill), { readFile: memReader(files) });
}

describe("packBundles: what goes into a ZIP", () => {
  it("ships SKILL.md and Dust's attachments only, wrapped, in code-unit order", async () => {
    const { uploads, errors } = await pack(SAMPLE);
    expect(errors).toEqual([]);
    expect(uploads).toHaveLength(1);
    const names = readRawZip(uploads[0]!.data).entries.map((e) => e.name);
    expect(names).toEqual([
      "dust-skills/skills/données/SKILL.md",
      "dust-skills/skills/données/références/guide.md",
      "dust-skills/skills/empty-asset/SKILL.md",
      "dust-skills/skills/empty-asset/notes.txt",
      "dust-skills/skills/release-notes/SKILL.md",
      "dust-skills/skills/release-notes/references/style.md",
      "dust-skills/skills/release-notes/scripts/collect.py",
      "dust-skills/skills/sql-review/SKILL.md",
      "dust-skills/skills/sql-review/assets/checklist.csv",
    ]);
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
      const repoPath = file.name.slice(`${WRAP_FOLDER}/`.length);
      expect(await file.async("nodebuffer")).toEqual(Buffer.from(SAMPLE[repoPath]!));
    }
    expect(uploads[0]!.uncompressedBytes).toBe(
      files.reduce((sum, f) => sum + Buffer.byteLength(SAMPLE[f.name.slice(WRAP_FOLDER.length + 1)]!), 0),
    );
  });

  it("gives Dust's view: after it strips the wrap folder, each SKILL.md path is the bundle's skillMd", async () => {
    const bundles = bundlesOf(SAMPLE);
    const { uploads } = await packBundles(bundles, { readFile: memReader(SAMPLE) });
    const stripped = dustStrippedPaths(readRawZip(uploads[0]!.data).entries.map((e) => e.name));
    for (const bundle of bundles) {
      expect(stripped).toContain(bundle.skillMd);
      const attachments = stripped.filter((p) => p.startsWith(`${bundle.dir}/`) && p !== bundle.skillMd);
      expect(attachments.map((p) => p.slice(bundle.dir.length + 1))).toEqual(bundle.attachments.map((a) => a.rel));
    }
  });

  it("keeps a lower-case skill.md under its own name", async () => {
    const files = { "team/a/skill.md": skillMd("a"), "team/a/x.md": "x" };
    const { uploads } = await pack(files);
    expect(uploads[0]!.files.map((f) => f.path)).toEqual(["dust-skills/team/a/skill.md", "dust-skills/team/a/x.md"]);
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
      readFile: (abs) => (abs.endsWith("gone.md") ? Promise.reject(Object.assign(new Error("EACCES"), { code: "EACCES" })) : read(abs)),
    });
    expect(errors).toEqual([{ bundleDir: "skills/a", message: "skills/a: cannot read skills/a/gone.md (EACCES)" }]);
    expect(uploads.flatMap((u) => u.bundles)).toEqual(["skills/b"]);
  });

  it("keeps a nested bundle with its outer bundle, each file once", async () => {
    const files = {
      "skills/outer/SKILL.md": skillMd("outer"),
      "skills/outer/inner/SKILL.md": skillMd("inner"),
      "skills/outer/inner/ref.md": "r",
      "skills/outer/inner/Makefile": "all:",
      "skills/outer-b/SKILL.md": skillMd("outer-b"),
    };
    const { uploads, left } = await packBundles(bundlesOf(files), {
      readFile: memReader(files),
      // One bundle per ZIP, except that a family must stay together.
      limits: { requestBytes: 5 * 1024 * 1024, zipEntries: 3, zipUncompressedBytes: 10 * 1024 * 1024 },
    });
    expect(uploads.map((u) => u.bundles)).toEqual([["skills/outer", "skills/outer/inner"], ["skills/outer-b"]]);
    expect(uploads[0]!.files.map((f) => f.path)).toEqual([
      "dust-skills/skills/outer/SKILL.md",
      "dust-skills/skills/outer/inner/SKILL.md",
      "dust-skills/skills/outer/inner/ref.md",
    ]);
    expect(left).toEqual([{ bundleDir: "skills/outer", path: "skills/outer/inner/Makefile", reason: expect.any(String) }]);
  });

  it("reports progress up to the number of shippable bundles", async () => {
    const calls: [number, number][] = [];
    await packBundles(bundlesOf(SAMPLE), { readFile: memReader(SAMPLE), onProgress: (d, t) => calls.push([d, t]) });
    expect(calls[0]).toEqual([0, 4]);
    expect(calls.at(-1)).toEqual([4, 4]);
  });
});
