import { describe, expect, it } from "vitest";
import { strictProblems } from "../../src/bundle/rules-strict.js";
import { parseSkillMd } from "../../src/bundle/skill-md.js";

const strict = (text: string, folder = "release-notes"): string[] =>
  strictProblems(parseSkillMd(text), folder).map((p) => `${p.line}:${p.col} ${p.severity} ${p.rule}`);
const fm = (yaml: string, body = "Body.\n"): string => `---\n${yaml}\n---\n${body}`;

describe("--strict: the Agent Skills specification", () => {
  it("accepts a spec-conforming bundle", () => {
    const text = fm("name: release-notes\ndescription: Writes release notes.\nlicense: MIT\ncompatibility: Needs git\nmetadata:\n  owner: docs\nallowed-tools: Bash(git:*)");
    expect(strict(text)).toEqual([]);
  });

  it.each([
    ["Release Notes", "strict-name-pattern"],
    ["release--notes", "strict-name-pattern"],
    ["-release", "strict-name-pattern"],
    ["release_notes", "strict-name-pattern"],
  ])("refuses the name %j", (name, rule) => {
    expect(strict(fm(`name: ${name}\ndescription: d`))).toContain(`2:1 error ${rule}`);
  });

  it("wants the name to equal the folder name and to have at most 64 characters", () => {
    expect(strict(fm("name: notes\ndescription: d"))).toEqual(["2:1 error strict-name-folder"]);
    const long = "a".repeat(65);
    expect(strict(fm(`name: ${long}\ndescription: d`), long)).toEqual(["2:1 error strict-name-too-long"]);
  });

  it("limits description to 1024 and compatibility to 500 characters", () => {
    expect(strict(fm(`name: release-notes\ndescription: ${"d".repeat(1025)}`))).toEqual(["3:1 error strict-description-too-long"]);
    expect(strict(fm(`name: release-notes\ndescription: d\ncompatibility: ${"c".repeat(501)}`))).toEqual(["4:1 error strict-compatibility-too-long"]);
    expect(strict(fm(`name: release-notes\ndescription: ${"d".repeat(1024)}`))).toEqual([]);
  });

  it("wants metadata to map strings to strings", () => {
    expect(strict(fm("name: release-notes\ndescription: d\nmetadata:\n  version: 1.0\n  owner: x"))).toEqual(["4:1 error strict-metadata-type"]);
    expect(strict(fm("name: release-notes\ndescription: d\nmetadata: [a]"))).toEqual(["4:1 error strict-metadata-type"]);
  });

  it("warns about unknown keys at their position and about bodies over 500 lines", () => {
    expect(strict(fm("name: release-notes\ndescription: d\nversion: 2\nauthor: me"))).toEqual([
      "4:1 warning strict-unknown-key",
      "5:1 warning strict-unknown-key",
    ]);
    expect(strict(fm("name: release-notes\ndescription: d", "line\n".repeat(501)))).toEqual(["5:1 warning strict-body-too-long"]);
    expect(strict(fm("name: release-notes\ndescription: d", "line\n".repeat(500)))).toEqual([]);
  });

  it("checks field types of license and allowed-tools", () => {
    expect(strict(fm("name: release-notes\ndescription: d\nallowed-tools: [Bash]"))).toEqual(["4:1 error strict-field-type"]);
  });
});
