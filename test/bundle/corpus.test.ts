import { describe, expect, it } from "vitest";
import { CORPUS } from "./corpus.js";
import { loadMem } from "./memfs.js";

describe("corpus of broken bundles: each gives exactly its expected diagnostics", async () => {
  const files: Record<string, string | Buffer> = {};
  for (const [name, c] of Object.entries(CORPUS)) {
    for (const [rel, content] of Object.entries(c.files)) files[`/repo/corpus/${name}/${rel}`] = typeof content === "string" ? content : Buffer.from(content);
  }
  const result = await loadMem(files);

  it("loads every case as a bundle", () => {
    expect(result.bundles.map((b) => b.dir)).toEqual(Object.keys(CORPUS).map((n) => `corpus/${n}`).sort());
  });

  it.each(Object.entries(CORPUS))("%s", (name, c) => {
    const got = result.diagnostics
      .filter((d) => d.file.startsWith(`corpus/${name}/`))
      .map((d) => `${d.file.slice(`corpus/${name}/`.length)}:${d.line}:${d.col} ${d.rule}`);
    expect(got).toEqual(c.expect);
    const bundle = result.bundles.find((b) => b.dir === `corpus/${name}`);
    expect(bundle?.skill === null).toBe(!c.imported);
  });
});
