/**
 * Broken bundles, one per folder, each with the exact diagnostics validate must give (path inside the
 * bundle, line:col, rule). Shared by the memfs test and the CLI end-to-end test.
 */
export interface CorpusCase {
  files: Record<string, string | Uint8Array>;
  expect: string[];
  /** Dust still imports the skill (mangled or with warnings) instead of dropping it. */
  imported?: true;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const ok = (name: string): string => `---\nname: ${name}\ndescription: Works.\n---\nBody.\n`;

export const CORPUS: Record<string, CorpusCase> = {
  "no-front-matter": { files: { "SKILL.md": "# Title\n\nBody.\n" }, expect: ["SKILL.md:1:1 front-matter-missing"] },
  "front-matter-on-line-2": { files: { "SKILL.md": "\n---\nname: x\ndescription: y\n---\nb" }, expect: ["SKILL.md:2:1 front-matter-missing"] },
  "unclosed": { files: { "SKILL.md": "---\nname: unclosed\ndescription: y\nBody.\n" }, expect: ["SKILL.md:1:1 front-matter-unclosed"] },
  "js-front-matter": {
    files: { "SKILL.md": "---js\n{ name: 'js', description: 'x' }\n---\nBody.\n" },
    expect: ["SKILL.md:1:1 front-matter-js"],
  },
  "yaml-unterminated-quote": {
    files: { "SKILL.md": '---\nname: quote\ndescription: "never closed\n---\nBody.\n' },
    expect: ["SKILL.md:3:27 yaml-syntax"],
  },
  "yaml-tab-indent": { files: { "SKILL.md": "---\nname: tabs\n\tdescription: y\n---\nBody.\n" }, expect: ["SKILL.md:3:1 yaml-syntax"] },
  "yaml-bad-indent": {
    files: { "SKILL.md": "---\nname: indent\ndescription: y\n  extra: z\n---\nBody.\n" },
    expect: ["SKILL.md:4:8 yaml-syntax"],
  },
  "not-a-mapping": { files: { "SKILL.md": "---\njust a sentence\n---\nBody.\n" }, expect: ["SKILL.md:2:1 front-matter-not-mapping"] },
  "name-date": { files: { "SKILL.md": "---\nname: 2024-01-01\ndescription: y\n---\nBody.\n" }, expect: ["SKILL.md:2:1 name-not-string"] },
  "name-number": { files: { "SKILL.md": "---\ndescription: y\nname: 42\n---\nBody.\n" }, expect: ["SKILL.md:3:1 name-not-string"] },
  "name-boolean": { files: { "SKILL.md": "---\nname: true\ndescription: y\n---\nBody.\n" }, expect: ["SKILL.md:2:1 name-not-string"] },
  "name-null": { files: { "SKILL.md": "---\nname: ~\ndescription: y\n---\nBody.\n" }, expect: ["SKILL.md:2:1 name-empty"] },
  "name-blank": { files: { "SKILL.md": "---\nname: '   '\ndescription: y\n---\nBody.\n" }, expect: ["SKILL.md:2:1 name-empty"] },
  "name-too-long": { files: { "SKILL.md": `---\nname: ${"n".repeat(257)}\ndescription: y\n---\nBody.\n` }, expect: ["SKILL.md:2:1 name-too-long"], imported: true },
  "description-missing": { files: { "SKILL.md": "---\nname: no-description\n---\nBody.\n" }, expect: ["SKILL.md:1:1 description-missing"] },
  "description-list": {
    files: { "SKILL.md": "---\nname: list\n  # comment\ndescription:\n  - a\n---\nBody.\n" },
    expect: ["SKILL.md:4:1 description-not-string"],
  },
  "empty-body": { files: { "SKILL.md": "---\nname: empty-body\ndescription: y\n---\n\n   \n" }, expect: ["SKILL.md:4:1 body-empty"] },
  "zero-bytes": { files: { "SKILL.md": "" }, expect: ["SKILL.md:1:1 skill-md-empty"] },
  "binary": { files: { "SKILL.md": Uint8Array.from([...enc("---\nname: bin"), 0, 0xff, 0x00]) }, expect: ["SKILL.md:2:10 skill-md-binary"] },
  "latin1": {
    files: { "SKILL.md": Uint8Array.from([...enc("---\nname: latin\ndescription: caf"), 0xe9, ...enc("\n---\nBody.\n")]) },
    expect: ["SKILL.md:3:17 skill-md-encoding"],
    imported: true,
  },
  "dropped-files": {
    files: { "SKILL.md": ok("dropped-files"), "LICENSE": "MIT", "pyproject.toml": "[x]", "scripts/run.py": "print()" },
    expect: ["LICENSE:1:1 attachment-dropped", "pyproject.toml:1:1 attachment-dropped"],
    imported: true,
  },
  "bom-crlf-is-fine": { files: { "SKILL.md": "\uFEFF---\r\nname: bom\r\ndescription: y\r\n---\r\nBody.\r\n" }, expect: [], imported: true },
};
