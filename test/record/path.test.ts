import { describe, expect, it } from "vitest";
import { prng } from "../../src/emulator/ids.js";
import { encodeRecord, readFilePath, recordFolder, repositoryProblem } from "../../src/model/ownership-record.js";
import type { OwnershipRecord } from "../../src/model/ownership-record.js";
import { liveTextHash, textHash } from "../../src/model/text-hash.js";

const BASE: OwnershipRecord = {
  repository: "github.com/acme/skills",
  bundleDir: "skills/release-notes",
  skillMdName: "SKILL.md",
  fingerprint: "3f2a9c01b2d4e5f6",
  textHash: "9b1c0d2e3f4a5b6c",
};

/** Random pieces of the kinds that break naive formats: dots, slashes between segments, unicode, spaces, `@`. */
function generator(seed: number) {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const hex = () => Array.from({ length: 16 }, () => pick("0123456789abcdef".split(""))).join("");
  const repoSegment = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick("abcxyz019._~-".split(""))).join("");
  const dirChars = ["a", "Z", "9", ".", " ", "-", "_", "@", "é", "日本", "🙂", "v1", "#", "%", "+", "=", ",", "'", "\\", ":"];
  const dirSegment = (): string => {
    const s = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(dirChars)).join("");
    return s === "." || s === ".." ? `${s}x` : s;
  };
  return (): OwnershipRecord => {
    let repository = Array.from({ length: 2 + Math.floor(random() * 3) }, repoSegment).join("/");
    if (repositoryProblem(repository) !== null) repository = "github.com/acme/skills";
    const depth = Math.floor(random() * 4);
    const segments = Array.from({ length: depth }, dirSegment);
    // A folder that looks exactly like a hash segment must not confuse the reader.
    if (depth > 0 && random() < 0.2) segments[0] = `@${hex()}.${hex()}`;
    return { repository, bundleDir: segments.join("/"), skillMdName: pick(["SKILL.md", "skill.md", "Skill.MD"]), fingerprint: hex(), textHash: hex() };
  };
}

describe("ownership record in filePath", () => {
  it("reads back exactly what was written, for 5,000 random records (dots, spaces, unicode, `@`, hash-like folders)", () => {
    const next = generator(20261201);
    for (let i = 0; i < 5000; i++) {
      const record = next();
      const path = encodeRecord(record);
      expect(readFilePath(path), path).toEqual({ kind: "record", record });
      expect(path.startsWith(`dust-skills/v1/${record.repository}/@`)).toBe(true);
      expect(path.endsWith(`${record.bundleDir === "" ? "" : `${record.bundleDir}/`}${record.skillMdName}`)).toBe(true);
    }
  });

  it("is legible: the repository and the bundle path appear as they are", () => {
    expect(encodeRecord(BASE)).toBe("dust-skills/v1/github.com/acme/skills/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/skills/release-notes/SKILL.md");
    expect(recordFolder({ ...BASE, bundleDir: "" })).toBe("dust-skills/v1/github.com/acme/skills/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c");
  });

  it("reads paths of earlier versions as plain, paths of a newer version as newer, and never throws", () => {
    expect(readFilePath("skills/release-notes/SKILL.md")).toEqual({ kind: "plain", path: "skills/release-notes/SKILL.md" });
    expect(readFilePath(null)).toEqual({ kind: "none" });
    expect(readFilePath("")).toEqual({ kind: "none" });
    expect(readFilePath("dust-skills/v2/anything/at/all")).toEqual({ kind: "newer", version: 2 });
    const malformed = [
      "dust-skills/v1/github.com/acme/skills/skills/a/SKILL.md", // no hash segment
      "dust-skills/v1/github.com/acme/skills/@3f2a9c01b2d4e5f6/skills/a/SKILL.md", // one hash only
      "dust-skills/v1/github.com/acme/skills/@3F2A9C01B2D4E5F6.9b1c0d2e3f4a5b6c/a/SKILL.md", // upper-case hex
      "dust-skills/v1/github.com/acme/skills/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/a/README.md", // not a SKILL.md
      "dust-skills/v1/github.com/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/a/SKILL.md".replace("github.com/", ""), // no repository
      "dust-skills/v1/GitHub.com/acme/skills/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/a/SKILL.md", // not normalised
      "dust-skills/v1/github.com/acme/skills/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/a//SKILL.md", // empty segment
      "dust-skills/v0/github.com/acme/skills/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/a/SKILL.md",
    ];
    for (const p of malformed) expect(readFilePath(p), p).toEqual({ kind: "plain", path: p });
    const random = prng(7);
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: Math.floor(random() * 40) }, () => "dust-kils/v1@.0af/ SKILL.md"[Math.floor(random() * 27)]).join("");
      expect(() => readFilePath(s)).not.toThrow();
    }
  });

  it("refuses to write what it could not read back", () => {
    expect(() => encodeRecord({ ...BASE, repository: "acme" })).toThrow(/host and a name/);
    expect(() => encodeRecord({ ...BASE, repository: "github.com/Acme/skills" })).toThrow(/characters/);
    expect(() => encodeRecord({ ...BASE, repository: "github.com/@acme/skills" })).toThrow(/characters/);
    expect(() => encodeRecord({ ...BASE, bundleDir: "a//b" })).toThrow(/segment/);
    expect(() => encodeRecord({ ...BASE, bundleDir: "a/../b" })).toThrow(/segment/);
    expect(() => encodeRecord({ ...BASE, fingerprint: "3f2a" })).toThrow(/hex/);
    expect(() => encodeRecord({ ...BASE, skillMdName: "README.md" })).toThrow(/SKILL.md/);
  });
});

describe("text hash", () => {
  const text = { name: "release-notes", description: "Drafts notes", instructions: "# Steps\n\nDo it.\n" };

  it("is 16 lowercase hex digits that change with any field, and cannot be fooled by moving text between fields", () => {
    const base = textHash(text);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    const variants = [
      { ...text, name: "release-notes " },
      { ...text, description: "Drafts notes." },
      { ...text, instructions: "# Steps\n\nDo it.\n\n" },
      { name: "release-notesD", description: "rafts notes", instructions: text.instructions },
    ];
    expect(new Set([base, ...variants.map(textHash)]).size).toBe(1 + variants.length);
  });

  it("hashes a live skill like the text it was imported from; redacted and split descriptions are told apart", () => {
    const live = { name: text.name, agentFacingDescription: text.description, userFacingDescription: text.description, instructions: text.instructions };
    expect(liveTextHash(live)).toBe(textHash(text));
    expect(liveTextHash({ ...live, instructions: null })).toBe("redacted");
    expect(liveTextHash({ ...live, userFacingDescription: "edited in the web app" })).toBe("split");
  });
});
