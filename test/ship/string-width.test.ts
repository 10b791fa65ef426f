import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUNDLE = readFileSync(join(ROOT, "dist", "cli.js"), "utf8");

/** Every string-width the bundle holds, as esbuild names it: `// lazy-string-width:node_modules/…/index.js`. */
const bundled = [...BUNDLE.matchAll(/^\/\/ lazy-string-width:(node_modules\/\S+)$/gm)].map((m) => m[1]!);

/**
 * scripts/build.mjs gives yargs a stand-in for string-width that answers `text.length` for printable ASCII
 * without loading the real module (its emoji regular expression is a third of the CLI's startup). That is only
 * right if every bundled copy says the same: checked here against each, character by character and on help text.
 */
describe("the string-width stand-in in the bundle", () => {
  it("stands in for every copy of string-width that yargs and its helpers use", () => {
    expect(bundled.length).toBeGreaterThan(0);
    const fastPaths = BUNDLE.split('/^[\\x20-\\x7e]*$/.test(text)) return text.length;').length - 1;
    expect(fastPaths).toBe(bundled.length);
    // Each real copy inside the bundle is reached only through its stand-in.
    const copies = [...BUNDLE.matchAll(/^\/\/ (node_modules\/(?:\S+\/)?string-width\/index\.js)$/gm)].map((m) => m[1]!);
    expect(copies.sort()).toEqual([...bundled].sort());
  });

  it.each(bundled)("%s measures printable ASCII as one column a character", async (path) => {
    const real = ((await import(pathToFileURL(join(ROOT, path)).href)) as { default: (text: string, options?: object) => number }).default;
    const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    for (const ch of ascii) expect(real(ch), JSON.stringify(ch)).toBe(1);
    const help = "  dust-skills validate [paths..]  Check every bundle offline, the way Dust reads it; exit 1 on any error";
    for (const options of [undefined, { ambiguousIsNarrow: false }, { countAnsiEscapeCodes: true }]) {
      expect(real(help, options)).toBe(help.length);
      expect(real("", options)).toBe(0);
    }
    // Outside printable ASCII the stand-in defers to the real module: these are where the two would differ.
    expect(real("\u001b[31mred\u001b[39m")).toBe(3);
    expect(real("日本")).toBe(4);
  });
});
