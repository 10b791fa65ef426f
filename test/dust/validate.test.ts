import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/dust/shape.js";
import { readImportResult, readSkillList } from "../../src/dust/validate.js";
import { skill } from "./server.js";

function shapeMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ShapeError);
    return (err as Error).message;
  }
  throw new Error("expected a ShapeError");
}

describe("readSkillList", () => {
  it("keeps the fields dust-skills reads and ignores the rest", () => {
    const [s] = readSkillList({ skills: [skill()], extra: true });
    const { tools: _tools, somethingNew: _new, ...kept } = skill();
    expect(s).toEqual(kept);
    expect(s).not.toHaveProperty("tools");
  });

  it("tolerates missing and null optional fields", () => {
    const minimal = { sId: "s", name: "n", status: "active", instructions: null, source: null, sourceMetadata: null, icon: null, createdAt: null };
    expect(readSkillList({ skills: [minimal] })).toEqual([
      {
        sId: "s",
        name: "n",
        agentFacingDescription: "",
        userFacingDescription: "",
        // null is kept: Dust sends it for a skill the key cannot read (redacted), which is not an empty text.
        instructions: null,
        status: "active",
        source: null,
        sourceMetadata: null,
        fileAttachments: [],
        icon: null,
      },
    ]);
    const { instructions: _i, ...absent } = minimal;
    expect(readSkillList({ skills: [absent] })[0]?.instructions).toBe("");
  });

  it("reads a redacted skill: instructions null and canRead false", () => {
    const redacted = { sId: "s", name: "n", status: "active", instructions: null, instructionsHtml: null, fileAttachments: [], tools: [], canRead: false };
    expect(readSkillList({ skills: [redacted] })[0]).toMatchObject({ instructions: null, canRead: false, fileAttachments: [] });
  });

  it("keeps unknown enum values and repoUrl", () => {
    const [s] = readSkillList({ skills: [skill({ source: "future_source", status: "draft", sourceMetadata: { filePath: "a/SKILL.md", repoUrl: "https://x" } })] });
    expect(s?.source).toBe("future_source");
    expect(s?.status).toBe("draft");
    expect(s?.sourceMetadata).toEqual({ filePath: "a/SKILL.md", repoUrl: "https://x" });
  });

  it("names the field path of a wrong type", () => {
    const list = [skill(), skill(), skill(), skill({ name: 7 })];
    expect(shapeMessage(() => readSkillList({ skills: list }))).toBe("skills[3].name: expected string, got number");
    expect(shapeMessage(() => readSkillList({ skills: [skill({ fileAttachments: [{ fileId: 1, fileName: "a" }] })] }))).toBe(
      "skills[0].fileAttachments[0].fileId: expected string, got number",
    );
    expect(shapeMessage(() => readSkillList({ skills: [skill({ sId: undefined })] }))).toBe("skills[0].sId: expected string, got nothing");
    expect(shapeMessage(() => readSkillList({ skills: [skill({ updatedAt: "yesterday" })] }))).toBe("skills[0].updatedAt: expected number, got string");
    expect(shapeMessage(() => readSkillList({ skills: [skill({ sourceMetadata: "x" })] }))).toBe("skills[0].sourceMetadata: expected object, got string");
    expect(shapeMessage(() => readSkillList({ skills: null }))).toBe("skills: expected array, got null");
    expect(shapeMessage(() => readSkillList([]))).toBe("body: expected object, got array");
  });
});

describe("readImportResult", () => {
  it("reads skipped, and errored from older servers", () => {
    const a = readImportResult({ imported: [skill()], updated: [], skipped: [{ name: "B", message: "exists" }] });
    expect(a.imported.map((s) => s.name)).toEqual(["Alpha"]);
    expect(a.skipped).toEqual([{ name: "B", message: "exists" }]);
    const b = readImportResult({ imported: [], updated: [skill()], errored: [{ name: "C", message: "m" }] });
    expect(b.skipped).toEqual([{ name: "C", message: "m" }]);
    expect(readImportResult({ imported: [], updated: [] }).skipped).toEqual([]);
  });

  it("names the path of a bad item", () => {
    expect(shapeMessage(() => readImportResult({ imported: [], updated: [skill({ name: false })] }))).toBe("updated[0].name: expected string, got boolean");
    expect(shapeMessage(() => readImportResult({ imported: [], updated: [], errored: [{ name: 1 }] }))).toBe("errored[0].name: expected string, got number");
    expect(shapeMessage(() => readImportResult({ updated: [] }))).toBe("imported: expected array, got nothing");
  });
});
