import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import AdmZip from "adm-zip";
import { afterAll, describe, expect, it } from "vitest";
import { loadBundles } from "../../src/bundle/load.js";
import { packBundles } from "../../src/bundle/pack/index.js";
import { SERVER_ATTACHMENT_EXTENSIONS } from "../../src/emulator/import/attachment-extensions.js";
import { readFilePath } from "../../src/model/ownership-record.js";
import { textHash } from "../../src/model/text-hash.js";
import { bundlesOf, memReader, REPOSITORY, skillMd, writeRepo } from "../pack/fixtures.js";
import type { RepoFiles } from "../pack/fixtures.js";
import { readLikeDust } from "../pull/dust-reading.js";

interface Entry {
  path: string;
  original: string;
  isDirectory: boolean;
}

/**
 * Dust's reading of an uploaded ZIP, rewritten from front/lib/api/skills/detection/zip/detect_skills.ts and
 * zip/parsing.ts (stripCommonZipPrefix) with the same library, adm-zip: entry names as adm-zip decodes them,
 * one shared top folder stripped unless it directly holds a SKILL.md, skill folders by a `skill.md` base name,
 * attachments relative to the skill folder through `path.relative`, filtered by extension.
 */
function readLikeDustServer(zipBuffer: Buffer) {
  const zip = new AdmZip(zipBuffer);
  const raw: Entry[] = zip.getEntries().map((e) => ({ path: e.entryName.replace(/\/$/, ""), original: e.entryName, isDirectory: e.isDirectory }));
  const files = raw.filter((e) => !e.isDirectory);
  let entries = raw;
  const first = files[0]?.path ?? "";
  const slash = first.indexOf("/");
  if (slash !== -1) {
    const prefix = first.slice(0, slash + 1);
    const shared = files.every((e) => e.path.startsWith(prefix));
    const holdsSkill = files.some((e) => {
      const rest = e.path.slice(prefix.length);
      return !rest.includes("/") && rest.toLowerCase() === "skill.md";
    });
    if (shared && !holdsSkill) entries = raw.map((e) => ({ ...e, path: e.path.slice(prefix.length) })).filter((e) => e.path.length > 0);
  }
  const fileEntries = entries.filter((e) => !e.isDirectory);
  const dirs = new Map<string, string>();
  for (const e of fileEntries) {
    if (posix.basename(e.path).toLowerCase() !== "skill.md") continue;
    const dir = posix.dirname(e.path);
    if (dir !== "." && !dirs.has(dir)) dirs.set(dir, e.path);
  }
  return [...dirs].map(([dir, skillMdPath]) => {
    const md = fileEntries.find((e) => e.path === skillMdPath)!;
    const text = readLikeDust(zip.getEntry(md.original)!.getData().toString("utf-8"));
    const attachments = fileEntries
      .filter((e) => e.path !== skillMdPath)
      .map((e) => posix.relative(dir, e.path))
      .filter((rel) => !rel.startsWith("..") && SERVER_ATTACHMENT_EXTENSIONS.has(posix.extname(rel).toLowerCase()));
    return { filePath: skillMdPath, text, attachments };
  });
}

const TRICKY: RepoFiles = {
  "skills/release-notes/SKILL.md": skillMd("release-notes"),
  "skills/release-notes/references/style guide.md": "s",
  "skills/v1.2.3/SKILL.md": skillMd("dotted"),
  "skills/v1.2.3/scripts/run.v2.py": "print(1)\n",
  "équipe/données clés/SKILL.md": skillMd("unicode"),
  "équipe/données clés/références/été.md": "é",
  "team/@3f2a9c01b2d4e5f6.9b1c0d2e3f4a5b6c/SKILL.md": skillMd("looks-like-a-record"),
  "a b/c#d/e%20f/skill.md": skillMd("spaces"),
  "deep/outer/SKILL.md": skillMd("outer"),
  "deep/outer/inner/SKILL.md": skillMd("inner"),
  "deep/outer/inner/notes.txt": "n",
};

describe("the ZIP as Dust reads it (adm-zip + stripCommonZipPrefix)", () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const r of roots) await rm(r, { recursive: true, force: true });
  });

  it("stores for every bundle a filePath that reads back as this repository's record of that bundle, with its own attachments only", async () => {
    // Read by the real loader (outside git), so each bundle's text is what its SKILL.md says.
    const root = await mkdtemp(join(tmpdir(), "dust-skills-record-"));
    roots.push(root);
    await writeRepo(root, TRICKY);
    const { bundles } = await loadBundles({ roots: [root], cwd: root });
    expect(bundles).toHaveLength(7);
    const { uploads, errors } = await packBundles(bundles, { repository: REPOSITORY });
    expect(errors).toEqual([]);
    const detected = uploads.flatMap((u) => readLikeDustServer(u.data));
    expect(detected).toHaveLength(bundles.length);
    for (const bundle of bundles) {
      const skill = detected.find((d) => d.text?.name === bundle.skill?.name);
      expect(skill, bundle.dir).toBeDefined();
      const reading = readFilePath(skill!.filePath);
      expect(reading, skill!.filePath).toMatchObject({
        kind: "record",
        record: { repository: REPOSITORY, bundleDir: bundle.dir, skillMdName: posix.basename(bundle.skillMd) },
      });
      if (reading.kind !== "record") continue;
      // What Dust stores hashes to the recorded text hash: no false drift on the first listing.
      expect(textHash({ name: skill!.text!.name, description: skill!.text!.description, instructions: skill!.text!.instructions })).toBe(reading.record.textHash);
      expect(skill!.attachments.sort()).toEqual(bundle.attachments.map((a) => a.rel).sort());
    }
  });

  it("would lose the record's first folder without the wrapping folder: the wrap is what Dust strips", async () => {
    const files = { "skills/a/SKILL.md": skillMd("a") };
    const { uploads } = await packBundles(bundlesOf(files), { repository: REPOSITORY, readFile: memReader(files) });
    const [skill] = readLikeDustServer(uploads[0]!.data);
    expect(skill!.filePath.startsWith("dust-skills/v1/github.com/acme/skills/@")).toBe(true);
    const names = new AdmZip(uploads[0]!.data).getEntries().map((e) => e.entryName);
    expect(names.every((n) => n.startsWith("upload/dust-skills/v1/"))).toBe(true);
  });
});
