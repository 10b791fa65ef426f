import { describe, expect, it } from "vitest";
import { parseSkillMd } from "../../src/bundle/skill-md.js";
import { decodeSkillMd } from "../../src/bundle/skill-md-text.js";

const at = (text: string): string[] => parseSkillMd(text).problems.map((p) => `${p.line}:${p.col} ${p.rule}`);

describe("parseSkillMd reads what Dust reads", () => {
  it("trims name and description and strips only leading whitespace from the body", () => {
    const r = parseSkillMd("---\nname:   Release Notes  \ndescription: ' Writes notes. '\n---\n\n\n  # Title\nText  \n\n");
    expect(r.skill).toEqual({ name: "Release Notes", description: "Writes notes.", instructions: "# Title\nText  \n\n" });
    expect(r.problems).toEqual([]);
    expect(r.bodyLine).toBe(7);
  });

  it("tolerates a BOM and CRLF line ends the way Dust's trim() does, keeping the body's \\r", () => {
    const r = parseSkillMd("\uFEFF---\r\nname: x\r\ndescription: y\r\n---\r\n\r\nbody\r\n");
    expect(r.skill).toEqual({ name: "x", description: "y", instructions: "body\r\n" });
  });

  it("keeps unicode names, which Dust allows (no pattern)", () => {
    expect(parseSkillMd("---\nname: Revue SQL — équipe données 数据\ndescription: d\n---\nb").skill?.name).toBe("Revue SQL — équipe données 数据");
  });

  it("accepts a tab after the colon but reports a tab used as indentation at its line", () => {
    expect(parseSkillMd("---\nname:\tx\ndescription: y\n---\nb").skill?.name).toBe("x");
    expect(at("---\nname: x\n\tdescription: y\n---\nb")).toEqual(["3:1 yaml-syntax"]);
  });

  it("reads `yes`/`no`/`on` as strings, as js-yaml 4 (YAML 1.2) does", () => {
    expect(parseSkillMd("---\nname: on\ndescription: yes\n---\nb").skill).toEqual({ name: "on", description: "yes", instructions: "b" });
  });

  it("accepts a closing line with spaces around ---, like Dust's trim()", () => {
    expect(parseSkillMd("---  \nname: x\ndescription: y\n  ---\t\nb").skill?.instructions).toBe("b");
  });
});

describe("parseSkillMd reports why Dust would drop the skill", () => {
  it.each([
    ["no front matter", "# Title\nbody", "1:1 front-matter-missing"],
    ["front matter on line 2", "\n---\nname: x\ndescription: y\n---\nb", "2:1 front-matter-missing"],
    ["---yaml opener", "---yaml\nname: x\ndescription: y\n---\nb", "1:1 front-matter-missing"],
    ["unclosed", "---\nname: x\ndescription: y\nbody", "1:1 front-matter-unclosed"],
    ["'...' is not a closer", "---\nname: x\ndescription: y\n...\nbody", "1:1 front-matter-unclosed"],
    ["empty front matter", "---\n---\nbody", "2:1 front-matter-not-mapping"],
    ["a list", "---\n- a\n- b\n---\nbody", "2:1 front-matter-not-mapping"],
    ["no name", "---\ndescription: y\n---\nb", "1:1 name-missing"],
    ["no description", "---\nname: x\n---\nb", "1:1 description-missing"],
    ["name: (null)", "---\nname:\ndescription: y\n---\nb", "2:1 name-empty"],
    ["name: ''", "---\nname: ''\ndescription: y\n---\nb", "2:1 name-empty"],
    ["blank name", "---\nname: '   '\ndescription: y\n---\nb", "2:1 name-empty"],
    ["date name", "---\nname: 2024-01-01\ndescription: y\n---\nb", "2:1 name-not-string"],
    ["number name", "---\nname: 123\ndescription: y\n---\nb", "2:1 name-not-string"],
    ["boolean description", "---\nname: x\ndescription: true\n---\nb", "3:1 description-not-string"],
    ["list description", "---\nname: x\ndescription:\n  - a\n---\nb", "3:1 description-not-string"],
    ["empty body", "---\nname: x\ndescription: y\n---\n  \n\n", "4:1 body-empty"],
    ["nothing after the closer", "---\nname: x\ndescription: y\n---", "4:1 body-empty"],
  ])("%s", (_label, text, expected) => {
    const r = parseSkillMd(text);
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.rule}`)).toContain(expected);
  });

  it("points at the key in a CRLF file too, with the value as written in the hint", () => {
    const text = "---\r\nname: x\r\ndescription: 2024-01-01 # when\r\n---\r\nDo it.\r\n";
    expect(at(text)).toEqual(["3:1 description-not-string"]);
    expect(parseSkillMd(text).problems[0]?.message).toContain('quote it: description: "2024-01-01"');
  });

  it("drops a skill whose name is not a string, naming the type and how to quote it", () => {
    const r = parseSkillMd("---\nname: 2024-01-01 # launch\ndescription: y\n---\nb");
    expect(r.skill).toBeNull();
    expect(r.problems[0]?.message).toContain("a date (2024-01-01)");
    expect(r.problems[0]?.message).toContain('quote it: name: "2024-01-01"');
  });

  it("keeps a blank description as Dust does (its schema checks length before trimming) but reports it", () => {
    const r = parseSkillMd("---\nname: x\ndescription: '  '\n---\nb");
    expect(r.skill).toEqual({ name: "x", description: "", instructions: "b" });
    expect(r.problems.map((p) => p.rule)).toEqual(["description-empty"]);
  });

  it("reports a name over 256 characters (code points) and still reads it", () => {
    const name = "é".repeat(257);
    const r = parseSkillMd(`---\nname: ${name}\ndescription: y\n---\nb`);
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.rule}`)).toEqual(["2:1 name-too-long"]);
    expect(parseSkillMd(`---\nname: ${"é".repeat(256)}\ndescription: y\n---\nb`).problems).toEqual([]);
  });
});

describe("YAML errors point at the YAML's own position in SKILL.md", () => {
  it("maps an error below the opener", () => {
    expect(at("---\nname: x\ndescription: [a, b\n---\nbody")).toEqual(["3:19 yaml-syntax"]);
  });

  it("accounts for blank lines and indentation Dust trims before the YAML", () => {
    // Dust trims the YAML, so the first key loses its indent and the second one no longer lines up.
    expect(at("---\n\n  name: x\n  description: y\n---\nb")).toEqual(["4:14 yaml-syntax"]);
  });

  it("reports duplicate keys, which js-yaml 4 refuses", () => {
    expect(at("---\nname: x\nname: y\ndescription: z\n---\nb")).toEqual(["3:1 yaml-syntax"]);
  });

  it("points name problems at the key even with quoted keys and comments", () => {
    expect(at("---\n# who\n\"name\": 12\ndescription: y\n---\nb")).toEqual(["3:1 name-not-string"]);
  });

  it("refuses js-yaml's JavaScript types instead of running them", () => {
    expect(at("---\nname: !!js/function 'function(){ return 1 }'\ndescription: y\n---\nb")).toEqual(["2:45 yaml-syntax"]);
  });
});

describe("decodeSkillMd", () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

  it("reports a 0-byte file", () => {
    expect(decodeSkillMd(new Uint8Array()).problems.map((p) => p.rule)).toEqual(["skill-md-empty"]);
  });

  it("reports NUL bytes as binary, at their line", () => {
    const r = decodeSkillMd(Uint8Array.from([...enc("---\nab"), 0, 1, 2]));
    expect(r.text).toBeNull();
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.rule}`)).toEqual(["2:3 skill-md-binary"]);
  });

  it("reports invalid UTF-8 at its position and decodes the rest as Dust does (U+FFFD)", () => {
    const r = decodeSkillMd(Uint8Array.from([...enc("---\nname: caf"), 0xe9, ...enc("\n")]));
    expect(r.text).toBe("---\nname: caf\uFFFD\n");
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.rule}`)).toEqual(["2:10 skill-md-encoding"]);
  });

  it("names UTF-16 (a BOM then NUL-padded text) instead of calling it binary", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("---\nname: x", "utf16le")]);
    expect(decodeSkillMd(utf16).problems.map((p) => `${p.line}:${p.col} ${p.rule}`)).toEqual(["1:1 skill-md-encoding"]);
  });

  it("rejects overlong encodings and surrogates but accepts 4-byte characters and keeps a BOM", () => {
    expect(decodeSkillMd(Uint8Array.from([0xc0, 0xaf])).problems).toHaveLength(1);
    expect(decodeSkillMd(Uint8Array.from([0xed, 0xa0, 0x80])).problems).toHaveLength(1);
    const ok = decodeSkillMd(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc("😀")]));
    expect(ok).toEqual({ text: "\uFEFF😀", problems: [] });
  });
});
