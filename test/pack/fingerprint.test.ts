import { mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintBundle } from "../../src/bundle/pack/index.js";
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
  });
});
