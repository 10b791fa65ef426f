import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BundleError } from "../../src/bundle/errors.js";
import { loadBundles } from "../../src/bundle/load.js";
import { brief, loadMem, memFs, skillMd } from "./memfs.js";

describe("loadBundles outside git (memfs)", () => {
  it("finds bundles, sorts them, splits attachments from files Dust drops", async () => {
    const r = await loadMem({
      "/repo/skills/b/SKILL.md": skillMd("b"),
      "/repo/skills/a/SKILL.md": skillMd("a"),
      "/repo/skills/a/scripts/run.py": "print(1)\n",
      "/repo/skills/a/assets/favicon.ico": "ico",
      "/repo/skills/a/LICENSE": "MIT",
      "/repo/README.md": "# repo",
    });
    expect(r.inGit).toBe(false);
    expect(r.root).toBe("/repo");
    expect(r.bundles.map((b) => b.dir)).toEqual(["skills/a", "skills/b"]);
    const a = r.bundles[0];
    expect(a?.skillMd).toBe("skills/a/SKILL.md");
    expect(a?.files.map((f) => f.rel)).toEqual(["LICENSE", "SKILL.md", "assets/favicon.ico", "scripts/run.py"]);
    expect(a?.attachments).toEqual([{ rel: "scripts/run.py", size: 9 }]);
    expect(a?.dropped.map((d) => d.file.rel)).toEqual(["LICENSE", "assets/favicon.ico"]);
    expect(a?.skill).toEqual({ name: "a", description: "Does a. Use it when a is needed.", instructions: "# a\n\nSteps.\n" });
    expect(brief(r)).toEqual(["skills/a/LICENSE:1:1 attachment-dropped", "skills/a/assets/favicon.ico:1:1 attachment-dropped"]);
    expect(r.notes.join("\n")).toContain("not a git repository");
  });

  it("skips .git, node_modules and dotfiles in the walk", async () => {
    const r = await loadMem({
      "/repo/a/SKILL.md": skillMd("a"),
      "/repo/a/.env": "SECRET=1",
      "/repo/a/node_modules/x/index.js": "x",
      "/repo/a/.hidden/notes.md": "x",
      "/repo/.git/SKILL.md": skillMd("not-a-bundle"),
    });
    expect(r.bundles.map((b) => b.dir)).toEqual(["a"]);
    expect(r.bundles[0]?.files.map((f) => f.rel)).toEqual(["SKILL.md"]);
  });

  it("warns about a nested bundle and keeps its files out of the outer bundle (each has its own record folder)", async () => {
    const r = await loadMem({
      "/repo/outer/SKILL.md": skillMd("outer"),
      "/repo/outer/inner/SKILL.md": skillMd("inner"),
      "/repo/outer/inner/ref.md": "x",
    });
    const [outer, inner] = r.bundles;
    expect(outer?.attachments.map((f) => f.rel)).toEqual([]);
    expect(inner?.attachments.map((f) => f.rel)).toEqual(["ref.md"]);
    expect(brief(r)).toEqual(["outer/inner/SKILL.md:1:1 nested-bundle"]);
  });

  it("reads the first of SKILL.md / skill.md in ZIP order and warns that the other is attached", async () => {
    const r = await loadMem({ "/repo/a/skill.md": skillMd("lower"), "/repo/a/SKILL.md": skillMd("upper") });
    expect(r.bundles[0]?.skill?.name).toBe("upper");
    expect(r.bundles[0]?.attachments.map((f) => f.rel)).toEqual(["skill.md"]);
    expect(brief(r)).toEqual(["a/skill.md:1:1 skill-md-duplicate"]);
  });

  it("never follows a symlink out of the bundle, ships one that stays inside, reports broken ones", async () => {
    const { fs, fsLike } = memFs({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/real.md": "inside", "/repo/secret.txt": "s" });
    fs.symlinkSync("/repo/secret.txt", "/repo/a/leak.txt");
    fs.symlinkSync("/repo/a/real.md", "/repo/a/alias.md");
    fs.symlinkSync("/repo/nowhere", "/repo/a/broken.md");
    fs.symlinkSync("/repo", "/repo/a/up");
    const r = await loadBundles({ roots: [], cwd: "/repo", fs: fsLike });
    const a = r.bundles[0];
    expect(a?.attachments.map((f) => f.rel)).toEqual(["alias.md", "real.md"]);
    expect(a?.dropped.map((d) => d.file.rel)).toEqual(["broken.md", "leak.txt", "up"]);
    expect(brief(r)).toEqual(["a/broken.md:1:1 symlink-broken", "a/leak.txt:1:1 symlink-outside-bundle", "a/up:1:1 not-a-file"]);
  });

  it("reports an unreadable file as an error and does not ship it", async () => {
    const { fs, fsLike } = memFs({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/data.csv": "x,y" });
    fs.chmodSync("/repo/a/data.csv", 0o000);
    const r = await loadBundles({ roots: [], cwd: "/repo", fs: fsLike });
    expect(brief(r)).toEqual(["a/data.csv:1:1 file-unreadable"]);
    expect(r.bundles[0]?.attachments).toEqual([]);
  });

  it("reports a folder the walk cannot list and goes on", async () => {
    const { fs, fsLike } = memFs({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/locked/x.md": "x" });
    fs.chmodSync("/repo/a/locked", 0o000);
    const r = await loadBundles({ roots: [], cwd: "/repo", fs: fsLike });
    expect(brief(r)).toEqual(["a/locked:1:1 folder-unreadable"]);
    expect(r.bundles[0]?.skill?.name).toBe("a");
  });

  it("reports a SKILL.md that fails to read without crashing", async () => {
    const { fsLike } = memFs({ "/repo/a/SKILL.md": skillMd("a") });
    const failing = {
      ...fsLike,
      readdirSync: fsLike.readdirSync.bind(fsLike),
      lstatSync: fsLike.lstatSync.bind(fsLike),
      statSync: fsLike.statSync.bind(fsLike),
      realpathSync: fsLike.realpathSync.bind(fsLike),
      readFileSync: () => {
        throw Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
      },
    };
    const r = await loadBundles({ roots: [], cwd: "/repo", fs: failing });
    expect(r.diagnostics.map((d) => `${d.rule}: ${d.message}`)).toEqual(["skill-md-unreadable: SKILL.md cannot be read (EIO)"]);
    expect(r.bundles[0]?.skill).toBeNull();
  });

  it("throws a BundleError for a root that does not exist", async () => {
    await expect(loadMem({ "/repo/a/SKILL.md": skillMd("a") }, { roots: ["nope"] })).rejects.toThrow(BundleError);
    await expect(loadMem({}, { roots: ["nope"] })).rejects.toThrow("nope does not exist");
  });

  it("finds nothing in an empty folder and says where it looked", async () => {
    const r = await loadMem({ "/repo/README.md": "x" });
    expect(r.bundles).toEqual([]);
    expect(r.notes.join("\n")).toMatch(/no bundle found: no folder holding a SKILL.md under \. \(searched the filesystem\)/);
  });

  it("takes a file root as the bundles holding it, and a folder inside a bundle as that bundle", async () => {
    const files = {
      "/repo/skills/a/SKILL.md": skillMd("a"),
      "/repo/skills/a/scripts/run.py": "x",
      "/repo/skills/b/SKILL.md": skillMd("b"),
    };
    const byFile = await loadMem(files, { roots: ["skills/a/scripts/run.py"] });
    expect(byFile.bundles.map((b) => `${b.root}|${b.dir}|${b.skillMd}`)).toEqual(["/repo/skills/a||SKILL.md"]);
    const byFolder = await loadMem(files, { roots: ["skills/a/scripts"] });
    expect(byFolder.bundles.map((b) => b.skill?.name)).toEqual(["a"]);
    const both = await loadMem(files, { roots: ["skills/a", "skills/b/SKILL.md"] });
    expect(both.root).toBe("/repo/skills");
    expect(both.bundles.map((b) => b.dir)).toEqual(["a", "b"]);
    const outside = await loadMem({ ...files, "/repo/README.md": "x" }, { roots: ["README.md"] });
    expect(outside.bundles).toEqual([]);
  });

  it("reports diagnostic paths relative to the current directory", async () => {
    const r = await loadMem({ "/repo/skills/a/SKILL.md": "no front matter" }, { cwd: "/repo/skills", roots: ["/repo"] });
    expect(brief(r)).toEqual(["a/SKILL.md:1:1 front-matter-missing"]);
  });
});

describe("checks across bundles", () => {
  it("reports a name used by two bundles on each, exact and case-sensitive after trimming", async () => {
    const r = await loadMem({
      "/repo/a/SKILL.md": "---\nname: Notes\ndescription: d\n---\nb",
      "/repo/b/SKILL.md": "---\ndescription: d\nname: '  Notes '\n---\nb",
      "/repo/c/SKILL.md": "---\nname: notes\ndescription: d\n---\nb",
    });
    expect(brief(r)).toEqual(["a/SKILL.md:2:1 name-duplicate", "b/SKILL.md:3:1 name-duplicate"]);
    expect(r.diagnostics[0]?.message).toContain("b/SKILL.md");
  });

  it("adds the strict rules only with strict", async () => {
    const files = { "/repo/Release/SKILL.md": skillMd("Release Notes") };
    expect(brief(await loadMem(files))).toEqual([]);
    expect(brief(await loadMem(files, { strict: true }))).toEqual([
      "Release/SKILL.md:2:1 strict-name-folder",
      "Release/SKILL.md:2:1 strict-name-pattern",
    ]);
  });
});

describe("upload limits", () => {
  it("refuses a bundle over 1,000 files Dust keeps", async () => {
    const files: Record<string, string> = { "/repo/a/SKILL.md": skillMd("a") };
    for (let i = 0; i < 1000; i += 1) files[`/repo/a/refs/r${i}.md`] = "x";
    expect(brief(await loadMem(files))).toEqual(["a/SKILL.md:1:1 bundle-too-many-files"]);
  });

  it("refuses a 50 MB asset Dust keeps, naming it, and only warns about one Dust drops anyway", async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 1);
    const kept = await loadMem({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/assets/data.csv": big });
    expect(brief(kept)).toEqual(["a/SKILL.md:1:1 bundle-too-large"]);
    expect(kept.diagnostics[0]?.message).toContain("assets/data.csv (50.0 MiB)");
    const dropped = await loadMem({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/assets/video.mp4": big });
    expect(brief(dropped)).toEqual(["a/assets/video.mp4:1:1 attachment-dropped"]);
  });

  it("estimates the zipped size between 5 and 10 MiB: text that compresses passes, random bytes do not", async () => {
    const compressible = Buffer.alloc(8 * 1024 * 1024, "abc");
    expect(brief(await loadMem({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/data.txt": compressible }))).toEqual([]);
    const noise = randomBytes(6 * 1024 * 1024);
    expect(brief(await loadMem({ "/repo/a/SKILL.md": skillMd("a"), "/repo/a/data.txt": noise }))).toEqual([
      "a/SKILL.md:1:1 bundle-too-large-zipped",
    ]);
  });
});
