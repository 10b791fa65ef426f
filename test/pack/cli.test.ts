import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { packBundles } from "../../src/bundle/pack/index.js";
import { captureIo } from "../helpers/io.js";
import { loadBundles } from "../../src/bundle/load.js";
import { SAMPLE, skillMd, writeRepo, REPOSITORY } from "./fixtures.js";

let root = "";
beforeEach(async () => {
  // Under the system temp folder, outside any git repository: discovery walks the filesystem.
  root = await mkdtemp(join(tmpdir(), "dust-skills-pack-cli-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(args: string[], tty = false, repository: string[] = ["--repository", REPOSITORY]) {
  const io = captureIo({ cwd: root, stderrIsTTY: tty });
  const code = await main(["pack", ...repository, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("dust-skills pack", () => {
  it("writes the uploads to .dust-skills/pack and lists what each holds and what was left out", async () => {
    await writeRepo(root, SAMPLE);
    const { code, out, err } = await run([]);
    expect(err).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(await readdir(join(root, ".dust-skills/pack"))).toEqual(["skills-1.zip"]);
    expect(out).toMatch(/^request 1 of 1: 1 ZIP, [\d.]+ KiB \([\d,]+ bytes\), 4 bundles\nskills-1\.zip {2}[\d.]+ KiB \([\d,]+ bytes\), 9 entries, [\d.]+ KiB uncompressed, 4 bundles\n/);
    expect(out).toContain("  skills/release-notes  release-notes\n");
    expect(out).toContain("left out (Dust would drop them, so they are not sent):\n");
    expect(out).toContain("  skills/release-notes/LICENSE: it has no extension");
    expect(out).toContain("  skills/sql-review/config.toml: Dust does not accept `.toml` files");
    expect(out).toMatch(/wrote 1 ZIP in 1 request \([\d.]+ KiB\) to \.dust-skills\/pack\n$/);
    // The file on disk is exactly what the packing core produces for the same repository.
    const expected = await packBundles((await loadBundles({ roots: [root], cwd: root })).bundles, { repository: REPOSITORY });
    expect(await readFile(join(root, ".dust-skills/pack/skills-1.zip"))).toEqual(expected.uploads[0]!.data);
  });

  it("refuses to pack without a repository identity (the ZIPs carry the ownership record), saying how to set one", async () => {
    await writeRepo(root, SAMPLE);
    const { code, out, err } = await run([], false, []);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain("No repository identity");
    expect(err).toContain("--repository github.com/<owner>/<name>");
    expect(err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, ".dust-skills/pack"))).toBe(false);
    await writeFile(join(root, "dust-skills.yml"), "repository: https://github.com/Acme/Skills.git\ntargets: [{ name: prod, workspaceId: w_1 }]\n");
    expect((await run([], false, [])).code).toBe(0);
  });

  it("refuses to pack a repository with validation errors, printing them as file:line:col", async () => {
    await writeRepo(root, { ...SAMPLE, "skills/bad/SKILL.md": "---\nname: 2024-01-01\ndescription: d\n---\nbody\n" });
    const { code, out, err } = await run(["--out", "out"]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/^skills\/bad\/SKILL\.md:2:\d+: error [a-z-]+: /m);
    expect(err).toContain("nothing packed");
    expect(existsSync(join(root, "out"))).toBe(false);
  });

  it("replaces uploads of an earlier run and leaves other files alone", async () => {
    await writeRepo(root, { ...SAMPLE, "out/skills-7.zip": "stale", "out/keep.txt": "mine" });
    const { code } = await run(["skills", "--out", "out"]);
    expect(code).toBe(0);
    expect((await readdir(join(root, "out"))).sort()).toEqual(["keep.txt", "skills-1.zip"]);
  });

  it("says clearly when the output folder cannot be written", async () => {
    await writeRepo(root, { "skills/a/SKILL.md": skillMd("a") });
    await writeFile(join(root, "taken"), "a file, not a folder");
    const { code, err } = await run(["skills", "--out", "taken"]);
    expect(code).toBe(1);
    expect(err).toMatch(/^dust-skills: cannot write the uploads to taken \(E[A-Z]+\)\n {2}Pass --out/m);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("draws progress on a terminal's stderr and clears it", async () => {
    await writeRepo(root, SAMPLE);
    const { code, err } = await run(["--out", "out"], true);
    expect(code).toBe(0);
    // Each redraw erases the line first, so a shorter text leaves nothing behind; per bundle, reading then packing.
    expect(err).toContain("\r\u001b[Kreading 4/4 bundles: ");
    expect(err).toContain("\r\u001b[Kpacking 0/4 bundles");
    expect(err).toContain("\r\u001b[Kpacking 4/4 bundles");
    expect(err.endsWith("\r\u001b[K")).toBe(true);
  });

  it("stays quiet on stderr when it is not a terminal", async () => {
    await writeRepo(root, SAMPLE);
    const { err } = await run(["--out", "out"]);
    expect(err).not.toContain("packing");
  });
});
