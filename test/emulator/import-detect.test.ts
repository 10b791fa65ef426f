import { afterEach, describe, expect, it } from "vitest";
import { parseSkillMarkdown } from "../../src/emulator/import/skill-markdown.js";
import { ADMIN, importZips, skillMd, start, T0, WS, zipOf } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

interface Imported {
  sId: string;
  name: string;
  sourceMetadata: { filePath: string };
  fileAttachments: { fileId: string; fileName: string }[];
}

async function importOne(files: Record<string, string>): Promise<Imported[]> {
  emu = await start();
  const reply = await importZips(emu, [await zipOf(files)]);
  expect(reply.status, reply.text).toBe(200);
  return reply.body().imported as unknown as Imported[];
}

const byPath = (skills: Imported[]): Record<string, string[]> =>
  Object.fromEntries(skills.map((s) => [s.sourceMetadata.filePath, s.fileAttachments.map((a) => a.fileName)]));

describe("a new skill from POST /skills", () => {
  it("is stored with source api, the stripped SKILL.md path, default availability editors and epoch-ms times", async () => {
    emu = await start();
    const zip = await zipOf({ "repo/skills/alpha/SKILL.md": skillMd("Alpha", "  Does alpha.  "), "repo/skills/alpha/ref.md": "r" });
    const reply = await importZips(emu, [zip]);
    expect(reply.status).toBe(200);
    const { imported, updated, skipped } = reply.body();
    expect(updated).toEqual([]);
    expect(skipped).toEqual([]);
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({
      name: "Alpha",
      agentFacingDescription: "Does alpha.",
      userFacingDescription: "Does alpha.",
      instructions: "Instructions for Alpha.\n",
      status: "active",
      source: "api",
      sourceMetadata: { filePath: "skills/alpha/SKILL.md" },
      availability: "editors",
      createdAt: T0,
      updatedAt: T0,
      editedBy: null,
      tools: [],
      fileAttachments: [{ fileId: expect.stringMatching(/^fil_/), fileName: "ref.md" }],
    });
    expect(imported[0]?.["sId"]).toMatch(/^skl_[0-9A-Za-z]{10}$/);
    expect(typeof imported[0]?.["icon"]).toBe("string");
    expect(emu.store.getSkills(WS)[0]?.editors).toEqual([]);
    expect(emu.requests.at(-1)).toMatchObject({ method: "POST", path: `/api/v1/w/${WS}/skills`, status: 200, skillNames: ["Alpha"] });
  });
});

describe("skill detection in a ZIP", () => {
  it("removes one common top folder", async () => {
    const skills = await importOne({ "wrap/a/SKILL.md": skillMd("A"), "wrap/b/SKILL.md": skillMd("B"), "wrap/b/x.md": "x" });
    expect(byPath(skills)).toEqual({ "a/SKILL.md": [], "b/SKILL.md": ["x.md"] });
  });

  it("keeps the top folder when it directly holds a SKILL.md", async () => {
    const skills = await importOne({ "top/SKILL.md": skillMd("Top"), "top/notes.md": "n", "top/sub/SKILL.md": skillMd("Sub") });
    // The nested skill's files are attachments of the enclosing skill too.
    expect(byPath(skills)).toEqual({ "top/SKILL.md": ["notes.md", "sub/SKILL.md"], "top/sub/SKILL.md": [] });
  });

  it("finds skill.md in any letter case", async () => {
    const skills = await importOne({ "a/skill.md": skillMd("Lower"), "b/Skill.MD": skillMd("Mixed"), "c/README.md": "not a skill" });
    expect(skills.map((s) => s.name).sort()).toEqual(["Lower", "Mixed"]);
  });

  it("uses a root SKILL.md only when no folder holds one", async () => {
    const rootOnly = await importOne({ "SKILL.md": skillMd("Root"), "docs/guide.md": "g", "Makefile": "all:" });
    expect(byPath(rootOnly)).toEqual({ "SKILL.md": ["docs/guide.md"] });
    await emu?.close();
    const both = await importOne({ "SKILL.md": skillMd("Root"), "inner/SKILL.md": skillMd("Inner") });
    expect(both.map((s) => s.name)).toEqual(["Inner"]);
  });

  it("silently drops attachments without an extension or with an unsupported one (.ico stays dropped)", async () => {
    const skills = await importOne({
      "s/SKILL.md": skillMd("S"),
      "s/LICENSE": "l",
      "s/Makefile": "m",
      "s/config.toml": "t",
      "s/.env": "e",
      "s/favicon.ico": "i",
      "s/scripts/run.PY": "print()",
      "s/references/data.csv": "a,b",
      "s/assets/": "",
    });
    expect(byPath(skills)["s/SKILL.md"]?.sort()).toEqual(["references/data.csv", "scripts/run.PY"]);
  });

  it("keeps .svg, .bmp, .eml and every font type Dust accepts since 2026", async () => {
    const kept = ["logo.svg", "pic.bmp", "mail.eml", "f.woff", "f.woff2", "f.otf", "f.ttf", "f.ttc", "f.OTC"];
    const files: Record<string, string> = { "s/SKILL.md": skillMd("S") };
    for (const name of kept) files[`s/assets/${name}`] = "x";
    const skills = await importOne(files);
    expect(byPath(skills)["s/SKILL.md"]?.sort()).toEqual(kept.map((n) => `assets/${n}`).sort());
  });

  it("gives every attachment a fresh fileId on every import, even when nothing changed", async () => {
    emu = await start();
    const zip = await zipOf({ "s/SKILL.md": skillMd("S"), "s/a.md": "a" });
    const first = (await importZips(emu, [zip])).body().imported[0] as unknown as Imported;
    const second = (await importZips(emu, [zip], {}, ADMIN)).body().updated[0] as unknown as Imported;
    expect(second.sId).toBe(first.sId);
    expect(second.fileAttachments[0]?.fileName).toBe("a.md");
    expect(second.fileAttachments[0]?.fileId).not.toBe(first.fileAttachments[0]?.fileId);
  });

  it("drops skills with bad front matter or an empty body without reporting them", async () => {
    const skills = await importOne({
      "good/SKILL.md": skillMd("Good"),
      "nofm/SKILL.md": "# Just markdown\n",
      "unclosed/SKILL.md": "---\nname: Unclosed\ndescription: d\n\nbody\n",
      "badyaml/SKILL.md": "---\nname: [oops\ndescription: d\n---\nbody\n",
      "date/SKILL.md": "---\nname: 2024-01-01\ndescription: d\n---\nbody\n",
      "number/SKILL.md": "---\nname: 123\ndescription: d\n---\nbody\n",
      "nodesc/SKILL.md": "---\nname: NoDesc\n---\nbody\n",
      "empty/SKILL.md": "---\nname: Empty\ndescription: d\n---\n\n   \n",
    });
    expect(skills.map((s) => s.name)).toEqual(["Good"]);
  });
});

describe("SKILL.md reading (parsing.ts rules)", () => {
  it("tolerates a BOM and CRLF line ends, trims name and description, keeps trailing body whitespace", () => {
    const parsed = parseSkillMarkdown("\uFEFF---\r\nname:  Spaced Name \r\ndescription: \" d \"\r\nlicense: MIT\r\n---\r\n\r\nBody line\r\n\r\n");
    expect(parsed).toEqual({ name: "Spaced Name", description: "d", instructions: "Body line\r\n\r\n" });
  });

  it("accepts any name: spaces, capitals, unicode", () => {
    expect(parseSkillMarkdown(skillMd("Étude de Cas 📈")).name).toBe("Étude de Cas 📈");
  });

  it("returns an empty name for each invalid front matter", () => {
    for (const text of [
      "no front matter",
      "---\nname: x\ndescription: d\n",
      "---\nname: 2024-01-01\ndescription: d\n---\nb",
      "---\nname: true\ndescription: d\n---\nb",
      "---\nname: ''\ndescription: d\n---\nb",
      "---\nname: x\ndescription: ''\n---\nb",
      "---\n- a list\n---\nb",
      "---\nname: x\nname: y\ndescription: d\n---\nb",
    ]) {
      expect(parseSkillMarkdown(text).name, text).toBe("");
    }
  });

  it("checks non-emptiness before trimming, as zod does: a blank description becomes empty", () => {
    expect(parseSkillMarkdown("---\nname: x\ndescription: '   '\n---\nb")).toEqual({ name: "x", description: "", instructions: "b" });
  });

  it("closes the front matter at the first line that trims to ---", () => {
    expect(parseSkillMarkdown("---\nname: x\ndescription: d\n  ---  \nrest\n---\nmore").instructions).toBe("rest\n---\nmore");
  });
});
