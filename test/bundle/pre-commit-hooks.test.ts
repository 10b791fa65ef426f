import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";

const file = join(dirname(fileURLToPath(import.meta.url)), "../../.pre-commit-hooks.yaml");

describe(".pre-commit-hooks.yaml", () => {
  it("declares node hooks that run validate on the changed files, symlinks included", () => {
    const hooks = load(readFileSync(file, "utf-8")) as Record<string, unknown>[];
    expect(hooks.map((h) => h["id"])).toEqual(["dust-skills-validate", "dust-skills-validate-strict"]);
    for (const h of hooks) {
      expect(h).toMatchObject({ language: "node", pass_filenames: true, types_or: ["file", "symlink"] });
      expect(String(h["entry"])).toMatch(/^dust-skills validate( --strict)?$/);
      expect(h["files"]).toBeUndefined();
    }
  });
});
