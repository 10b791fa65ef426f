import { mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeFs } from "../../src/bundle/fs-like.js";
import { loadBundles } from "../../src/bundle/load.js";
import { fingerprintBundle } from "../../src/bundle/pack/index.js";
import { shortHash } from "../../src/model/text-hash.js";
import { bundlesOf, memReader, SAMPLE, writeRepo } from "./fixtures.js";
import type { RepoFiles } from "./fixtures.js";

const DIR = "skills/release-notes";

/** Fingerprint of skills/release-notes in `files` (SAMPLE with changes). */
async function fingerprint(files: RepoFiles): Promise<string> {
  const bundle = bundlesOf(files).find((b) => b.dir === DIR);
  if (!bundle) throw new Error("no bundle");
  return fingerprintBundle(bundle, memReader(files));
}

describe("fingerprintBundle", () => {
  it("is a sha256 hex that stays the same for the same content", async () => {
    const a = await fingerprint(SAMPLE);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await fingerprint({ ...SAMPLE })).toBe(a);
  });

  it("changes when an attachment, the SKILL.md or the set of attachments changes", async () => {
    const base = await fingerprint(SAMPLE);
    const variants: RepoFiles[] = [
      { ...SAMPLE, [`${DIR}/references/style.md`]: "# Style\nLong sentences.\n" },
      { ...SAMPLE, [`${DIR}/SKILL.md`]: `${SAMPLE[`${DIR}/SKILL.md`] as string} ` },
      { ...SAMPLE, [`${DIR}/references/new.md`]: "new" },
      // Same bytes under another name: Dust would keep another attachment name.
      Object.fromEntries(Object.entries(SAMPLE).map(([p, c]) => [p.replace("references/style.md", "references/tone.md"), c])),
    ];
    const prints = await Promise.all(variants.map(fingerprint));
    expect(new Set([base, ...prints]).size).toBe(1 + variants.length);
  });

  it("does not change when a file Dust drops, or another bundle, changes", async () => {
    const base = await fingerprint(SAMPLE);
    expect(await fingerprint({ ...SAMPLE, [`${DIR}/LICENSE`]: "Apache-2.0\n" })).toBe(base);
    expect(await fingerprint({ ...SAMPLE, [`${DIR}/Makefile`]: "all:\n" })).toBe(base);
    expect(await fingerprint({ ...SAMPLE, "skills/sql-review/SKILL.md": "changed" })).toBe(base);
  });

  it("changes when the bundle moves, since Dust stores the SKILL.md path", async () => {
    const moved = Object.fromEntries(Object.entries(SAMPLE).map(([p, c]) => [p.replace(DIR, "team/release-notes"), c]));
    const bundle = bundlesOf(moved).find((b) => b.dir === "team/release-notes")!;
    expect(await fingerprintBundle(bundle, memReader(moved))).not.toBe(await fingerprint(SAMPLE));
  });

  it("keeps its documented layout (a change here changes every fingerprint: do it on purpose)", async () => {
    const files = { "s/a/SKILL.md": "S", "s/a/x.md": "X" };
    const bundle = bundlesOf(files)[0]!;
    const { createHash } = await import("node:crypto");
    const expected = createHash("sha256").update("dust-skills fingerprint v1\nskill\0s/a/SKILL.md\x001\0Sattachment\0x.md\x001\0X").digest("hex");
    expect(await fingerprintBundle(bundle, memReader(files))).toBe(expected);
  });

  describe("on real files", () => {
    let root = "";
    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it("does not change with mtimes", async () => {
      root = await mkdtemp(join(tmpdir(), "dust-skills-fp-"));
      await writeRepo(root, SAMPLE);
      const bundle = bundlesOf(SAMPLE, root).find((b) => b.dir === DIR)!;
      const before = await fingerprintBundle(bundle);
      for (const p of Object.keys(SAMPLE)) await utimes(join(root, ...p.split("/")), new Date(0), new Date("2030-01-01T00:00:00Z"));
      expect(await fingerprintBundle(bundle)).toBe(before);
      expect(before).toBe(await fingerprint(SAMPLE));
    });

    it("a load asked for fingerprints gives each valid bundle the one packing records, reading each file once", async () => {
      const dir = await mkdtemp(join(tmpdir(), "dust-skills-fp-load-"));
      try {
        await writeRepo(dir, SAMPLE);
        const loaded = await loadBundles({ roots: [dir], cwd: dir, fingerprint: true });
        const packed = bundlesOf(SAMPLE, dir);
        expect(loaded.bundles.length).toBeGreaterThan(1);
        for (const b of loaded.bundles) {
          const same = packed.find((p) => p.dir === b.dir)!;
          expect(b.fingerprint, b.dir).toBe(b.skill === null ? undefined : shortHash(await fingerprintBundle(same)));
        }
        // Without the option nothing is read beyond the SKILL.md, and no fingerprint is set.
        expect((await loadBundles({ roots: [dir], cwd: dir })).bundles.every((b) => b.fingerprint === undefined)).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("a bundle with an attachment that fails to read gets no fingerprint (packing then names the file)", async () => {
      const dir = await mkdtemp(join(tmpdir(), "dust-skills-fp-unreadable-"));
      try {
        await writeRepo(dir, SAMPLE);
        const failing = join(dir, ...`${DIR}/references/style.md`.split("/"));
        const fs = {
          ...nodeFs,
          readFileSync: (p: string) => {
            if (p === failing) throw Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
            return nodeFs.readFileSync(p);
          },
        };
        const loaded = await loadBundles({ roots: [dir], cwd: dir, fingerprint: true, fs });
        expect(loaded.bundles.find((b) => b.dir === DIR)?.fingerprint).toBeUndefined();
        expect(loaded.bundles.find((b) => b.dir !== DIR && b.skill !== null)?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
