import { describe, expect, it } from "vitest";
import { forgottenSkillMds } from "../../src/bundle/forgotten.js";
import type { FsLike } from "../../src/bundle/fs-like.js";
import { nodeFs } from "../../src/bundle/fs-like.js";
import { findBundles } from "../../src/bundle/discover.js";
import { trackedFiles, untrackedRepoFiles } from "../../src/git/files.js";
import { tempRepos } from "../git/repo.js";
import { skillMd } from "./memfs.js";

const repo = tempRepos();

/** nodeFs, recording the folders read (relative to `top`). */
function recording(top: string): { fs: FsLike; read: string[] } {
  const read: string[] = [];
  const fs: FsLike = {
    ...nodeFs,
    readdirSync: (path, options) => {
      read.push(path === top ? "" : path.slice(top.length + 1));
      return nodeFs.readdirSync(path, options);
    },
  };
  return { fs, read };
}

/** What was found, the folders read and what git was asked about (undefined: the whole tree). */
async function forgotten(dir: string, targets: string[]): Promise<{ found: string[]; read: string[]; asked: (readonly string[] | undefined)[] }> {
  const tracked = await trackedFiles(dir);
  const { fs, read } = recording(dir);
  const asked: (readonly string[] | undefined)[] = [];
  const found = await forgottenSkillMds(fs, dir, tracked, findBundles(tracked).keys(), targets, (top, under) => {
    asked.push(under);
    return untrackedRepoFiles(top, under);
  });
  return { found, read, asked };
}

describe("untracked SKILL.md a user forgot to add", () => {
  it("finds them beside the bundles, in new nested folders and atop tracked folders, not ignored ones or outside the targets", async () => {
    const r = repo();
    r.write({
      ".gitignore": "skills/ignored/\n",
      "skills/a/SKILL.md": skillMd("a"),
      "skills/a/notes.md": "notes",
      "skills/tools/README.md": "tracked, no bundle",
      "docs/guide.md": "tracked",
    });
    r.git("add", "-A");
    r.commit("tracked");
    r.write({
      "skills/new/SKILL.md": skillMd("new"),
      "skills/team/deep/SKILL.md": skillMd("deep"),
      "skills/tools/SKILL.md": skillMd("tools"),
      "skills/ignored/SKILL.md": skillMd("ignored"),
      "skills/a/draft.md": "not a SKILL.md",
      "docs/new/SKILL.md": skillMd("outside"),
    });
    const { found, asked } = await forgotten(r.dir, ["skills"]);
    expect(found).toEqual(["skills/new/SKILL.md", "skills/team/deep/SKILL.md", "skills/tools/SKILL.md"]);
    // git walks only the new folders (and decides what is ignored).
    expect(asked).toEqual([["skills/ignored", "skills/new", "skills/team", "skills/tools/SKILL.md"]]);
    expect((await forgotten(r.dir, [""])).found).toEqual([
      "docs/new/SKILL.md",
      "skills/new/SKILL.md",
      "skills/team/deep/SKILL.md",
      "skills/tools/SKILL.md",
    ]);
  });

  it("asks about a target git knows nothing of as a whole", async () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a") });
    r.git("add", "-A");
    r.commit("tracked");
    r.write({ "skills/new/sub/SKILL.md": skillMd("new") });
    expect((await forgotten(r.dir, ["skills/new/sub"])).found).toEqual(["skills/new/sub/SKILL.md"]);
  });

  it("reads only the folders that hold bundles, never each bundle: no walk of the whole tree for a note", async () => {
    const r = repo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) {
      files[`skills/s${i}/SKILL.md`] = skillMd(`s${i}`);
      files[`skills/s${i}/refs/more.md`] = "more";
    }
    r.write(files);
    r.git("add", "-A");
    r.commit("tracked");
    const { found, read, asked } = await forgotten(r.dir, [""]);
    expect(found).toEqual([]);
    expect(read.sort()).toEqual(["", "skills"]);
    expect(asked).toEqual([]);
  });

  it("asks git about the whole tree when too many new folders sit beside the bundles", async () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a") });
    r.git("add", "-A");
    r.commit("tracked");
    const files: Record<string, string> = {};
    for (let i = 0; i < 520; i++) files[`skills/n${i}/x.md`] = "new";
    files["skills/n7/SKILL.md"] = skillMd("n7");
    r.write(files);
    const { found, asked } = await forgotten(r.dir, ["skills"]);
    expect(found).toEqual(["skills/n7/SKILL.md"]);
    expect(asked).toEqual([undefined]);
  });
});
