import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** What scripts/build.mjs promises about each shipped file, read from the committed dist/. */
describe.each(["cli.js", "action.js"])("dist/%s", (file) => {
  const text = readFileSync(join(ROOT, "dist", file), "utf8");

  it("names no folder of the machine that built it and points at no source map", () => {
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain(homedir());
    expect(text).not.toMatch(/sourceMappingURL/);
  });

  it("imports nothing from node_modules: every dependency is inside", () => {
    const specifiers = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(specifiers.filter((s) => !s.startsWith("node:"))).toEqual([]);
    // A require() left in the bundle would resolve from wherever dist/ is installed: a consumer's node_modules.
    const required = [...text.matchAll(/(?:\b|__)require\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    expect([...new Set(required)].filter((s) => !s.startsWith("node:") && !builtinModules.includes(s))).toEqual([]);
  });

  it("loads Node's built-in modules on first use, not at the top (the banner's node:module aside)", () => {
    const hoisted = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(hoisted).toEqual(["node:module"]);
  });
});
