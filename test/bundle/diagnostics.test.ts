import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty } from "../../src/lib/workflow-commands.js";
import { formatGithub, formatJson, formatText, summaryLine } from "../../src/render/diagnostics.js";
import type { Diagnostic } from "../../src/model/bundle.js";
import { loadMem, skillMd } from "./memfs.js";

const d = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  file: "skills/a/SKILL.md",
  line: 2,
  col: 7,
  severity: "error",
  rule: "name-not-string",
  message: "`name` loads as a date",
  ...over,
});

describe("formatText", () => {
  it("prints path:line:col: severity RULE-ID: message, colored only when asked", () => {
    expect(formatText([d(), d({ severity: "warning", rule: "attachment-dropped", line: 1, col: 1 })])).toBe(
      "skills/a/SKILL.md:2:7: error name-not-string: `name` loads as a date\nskills/a/SKILL.md:1:1: warning attachment-dropped: `name` loads as a date\n",
    );
    expect(formatText([d()], true)).toContain("\u001b[31merror\u001b[39m");
  });
});

describe("formatGithub", () => {
  it("writes workflow commands with the rule as title", () => {
    expect(formatGithub([d(), d({ severity: "warning" })])).toBe(
      "::error file=skills/a/SKILL.md,line=2,col=7,title=name-not-string::`name` loads as a date\n" +
        "::warning file=skills/a/SKILL.md,line=2,col=7,title=name-not-string::`name` loads as a date\n",
    );
  });

  it("escapes % CR LF in messages and also : , in properties, so one annotation stays one line", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeProperty("a,b:c%")).toBe("a%2Cb%3Ac%25");
    const out = formatGithub([d({ file: "odd,dir:x/SKILL.md", message: "line1\nline2 50%" })]);
    expect(out).toBe("::error file=odd%2Cdir%3Ax/SKILL.md,line=2,col=7,title=name-not-string::line1%0Aline2 50%25\n");
    expect(out.trim().split("\n")).toHaveLength(1);
  });
});

describe("summaryLine", () => {
  it("counts with plurals", () => {
    expect(summaryLine([d(), d(), d({ severity: "warning" })], 7)).toBe("2 errors, 1 warning in 7 bundles");
    expect(summaryLine([], 1)).toBe("0 errors, 0 warnings in 1 bundle");
  });
});

describe("formatJson", () => {
  it("gives a versioned document with bundles, their counts and the diagnostics", async () => {
    const r = await loadMem({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/LICENSE": "MIT", "/repo/b/SKILL.md": "nope" });
    const doc = JSON.parse(formatJson(r));
    expect(doc.version).toBe(1);
    expect(doc.summary).toEqual({ bundles: 2, errors: 1, warnings: 1 });
    expect(doc.bundles[0]).toMatchObject({ dir: "a", name: "a", imported: true, files: 2, attachments: [], dropped: [{ file: "LICENSE" }], errors: 0, warnings: 1 });
    expect(doc.bundles[1]).toMatchObject({ dir: "b", name: null, imported: false, errors: 1, warnings: 0 });
    expect(doc.diagnostics[1]).toEqual({ file: "b/SKILL.md", line: 1, col: 1, severity: "error", rule: "front-matter-missing", message: expect.any(String), bundle: "b" });
  });
});
