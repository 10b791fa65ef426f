import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { loadBundles } from "../../src/bundle/load.js";
import { tempRepos } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";

// Front matter that, if anything evaluated it as JavaScript (gray-matter does by default), would set a
// global and write a file next to it.
const evil = (marker: string, opener: string): string =>
  `${opener}\n({ name: (globalThis.__dustSkillsPwned = true, require("node:fs").writeFileSync(${JSON.stringify(marker)}, "pwned"), "evil"), description: "x" })\n---\nBody.\n`;

describe("JavaScript front matter is never evaluated", () => {
  const repo = tempRepos();

  it.each(["---js", "---javascript", "--- js", "---JS"])("%s is an error and runs no code", async (opener) => {
    const r = repo(false);
    const marker = join(r.dir, "pwned.txt");
    r.write({ "evil/SKILL.md": evil(marker, opener), "yaml-js/SKILL.md": "---\nname: !!js/function 'function(){ globalThis.__dustSkillsPwned = true }'\ndescription: y\n---\nb" });

    const res = await loadBundles({ roots: [r.dir], cwd: r.dir });
    const io = captureIo({ cwd: r.dir });
    const code = await main(["validate"], io);

    expect(res.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.rule}`)).toEqual([
      "evil/SKILL.md:1:1 front-matter-js",
      "yaml-js/SKILL.md:2:72 yaml-syntax",
    ]);
    expect(res.bundles.every((b) => b.skill === null)).toBe(true);
    expect(code).toBe(1);
    expect((globalThis as Record<string, unknown>)["__dustSkillsPwned"]).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });
});
