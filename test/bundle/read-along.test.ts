import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileFacts } from "../../src/bundle/file-set.js";
import { nodeFs } from "../../src/bundle/fs-like.js";
import { loadBundles } from "../../src/bundle/load.js";
import type { LoadResult } from "../../src/bundle/load.js";
import { fingerprintBundle } from "../../src/bundle/pack/index.js";
import { shortHash } from "../../src/model/text-hash.js";
import { tempRepos } from "../git/repo.js";
import { skillMd } from "./memfs.js";

const repo = tempRepos();

/** Everything a load says about the repository, fingerprints aside. */
function seen(load: LoadResult): unknown {
  return {
    diagnostics: load.diagnostics,
    notes: load.notes,
    bundles: load.bundles.map(({ fingerprint: _f, ...b }) => b),
  };
}

describe("a plan's load reads each file along with its facts", () => {
  it("sees exactly what validate's load sees, and fingerprints what packing would, whatever sits in the working tree", async () => {
    const r = repo();
    const files: Record<string, string> = {
      "skills/plain/SKILL.md": skillMd("plain"),
      "skills/plain/notes.md": "notes\n",
      "skills/plain/empty.txt": "",
      "skills/plain/LICENSE": "MIT\n",
      "skills/plain/refs/deep.md": "deep\n",
      "skills/links/SKILL.md": skillMd("links"),
      "skills/links/inside.md": "inside\n",
      "skills/links/to-inside.md": "replaced by a link\n",
      "skills/links/to-outside.md": "replaced by a link\n",
      "skills/links/broken.md": "replaced by a broken link\n",
      "skills/odd/SKILL.md": skillMd("odd"),
      "skills/odd/pipe.md": "replaced by a FIFO\n",
      "skills/odd/folder.md": "replaced by a folder\n",
      "skills/odd/gone.md": "deleted from the working tree\n",
      "skills/odd/locked.md": "mode 000\n",
      "skills/fifo-skill/SKILL.md": skillMd("fifo-skill"),
      "skills/linked-skill/SKILL.md": skillMd("linked-skill"),
      "outside.md": "outside every bundle\n",
    };
    r.write(files);
    r.git("add", "-A");
    r.commit("bundles");
    const at = (p: string): string => join(r.dir, ...p.split("/"));
    const replace = (p: string, make: (abs: string) => void): void => {
      rmSync(at(p));
      make(at(p));
    };
    replace("skills/links/to-inside.md", (abs) => symlinkSync("inside.md", abs));
    replace("skills/links/to-outside.md", (abs) => symlinkSync("../../outside.md", abs));
    replace("skills/links/broken.md", (abs) => symlinkSync("nothing-here.md", abs));
    replace("skills/odd/pipe.md", (abs) => execFileSync("mkfifo", [abs]));
    replace("skills/odd/folder.md", (abs) => mkdirSync(abs));
    rmSync(at("skills/odd/gone.md"));
    chmodSync(at("skills/odd/locked.md"), 0o000);
    replace("skills/fifo-skill/SKILL.md", (abs) => execFileSync("mkfifo", [abs]));
    replace("skills/linked-skill/SKILL.md", (abs) => {
      writeFileSync(join(r.dir, "skills/linked-skill/real.md"), skillMd("linked-skill"));
      symlinkSync("real.md", abs);
    });

    const plain = await loadBundles({ roots: ["skills"], cwd: r.dir });
    const planned = await loadBundles({ roots: ["skills"], cwd: r.dir, fingerprint: true });
    expect(seen(planned)).toEqual(seen(plain));
    // The odd cases really are there, and were told apart.
    const rules = new Set(plain.diagnostics.map((d) => d.rule));
    for (const rule of ["not-a-file", "symlink-outside-bundle", "symlink-broken", "file-unreadable", "skill-md-unreadable", "attachment-dropped"]) {
      expect(rules, rule).toContain(rule);
    }
    for (const b of planned.bundles) {
      if (b.skill === null) {
        expect(b.fingerprint, b.dir).toBeUndefined();
        continue;
      }
      expect(b.fingerprint, b.dir).toBe(shortHash(await fingerprintBundle(b)));
    }
    expect(planned.bundles.filter((b) => b.fingerprint !== undefined).map((b) => b.dir)).toEqual([
      "skills/linked-skill",
      "skills/links",
      "skills/odd",
      "skills/plain",
    ]);
  });
});

describe("fingerprints made by the read-ahead worker", () => {
  it("are the ones packing makes, and only for bundles whose files it hashed are all shipped", async () => {
    const r = repo();
    const files: Record<string, string> = { "SKILL.md": skillMd("root"), "root-notes.md": "at the root\n" };
    // Enough files for the worker to start (READ_AHEAD_MIN_PATHS).
    for (let i = 0; i < 120; i++) {
      files[`skills/pad-${i}/SKILL.md`] = skillMd(`pad-${i}`);
      files[`skills/pad-${i}/notes.md`] = `notes ${i}\n`;
      files[`skills/pad-${i}/data.csv`] = `a,b\n${i},${i}\n`;
    }
    Object.assign(files, {
      // Sorted apart from SKILL.md, a second skill.md, one file Dust skips (`..`) and one it drops (.bin).
      "skills/tricky/SKILL.md": skillMd("tricky"),
      "skills/tricky/..dots.md": "Dust skips names starting with ..\n",
      "skills/tricky/B.md": "B\n",
      "skills/tricky/_x.md": "_\n",
      "skills/tricky/a.md": "a\n",
      "skills/tricky/é.md": "é\n",
      "skills/tricky/skill.MD": "another skill.md\n",
      "skills/tricky/refs/deep.md": "deep\n",
      "skills/tricky/blob.bin": "dropped\n",
      "skills/linked/SKILL.md": skillMd("linked"),
      "skills/linked/inside.md": "inside\n",
      "skills/linked/to-inside.md": "replaced by a link\n",
      "skills/nothing-else/SKILL.md": skillMd("nothing-else"),
    });
    r.write(files);
    r.git("add", "-A");
    r.commit("bundles");
    rmSync(join(r.dir, "skills/linked/to-inside.md"));
    symlinkSync("inside.md", join(r.dir, "skills/linked/to-inside.md"));

    const planned = await loadBundles({ roots: ["."], cwd: r.dir, fingerprint: true });
    expect(planned.bundles).toHaveLength(124);
    for (const b of planned.bundles) {
      expect(b.skill, b.dir).not.toBeNull();
      expect(b.fingerprint, b.dir).toBe(shortHash(await fingerprintBundle(b)));
    }
    const tricky = planned.bundles.find((b) => b.dir === "skills/tricky");
    expect(tricky?.attachments.map((a) => a.rel)).toEqual(["B.md", "_x.md", "a.md", "refs/deep.md", "skill.MD", "é.md"]);
    expect(tricky?.dropped.map((d) => d.file.rel)).toEqual(["..dots.md", "blob.bin"]);
  });
});

describe("fileFacts, reading along", () => {
  it("hands each file's bytes over once, reads only what it is asked to and nothing over the limit, and drops what was not taken", () => {
    const r = repo(false);
    r.write({ "a.md": "alpha", "b.md": "beta", "big.md": "x".repeat(100), "skip.bin": "binary" });
    const facts = fileFacts(nodeFs, r.dir, { readAlong: (p) => p.endsWith(".md"), readLimit: 50 });
    expect(facts.get("a.md")).toEqual({ kind: "file", size: 5, linkTarget: null });
    expect(Buffer.from(facts.takeBytes("a.md") ?? []).toString()).toBe("alpha");
    expect(facts.takeBytes("a.md")).toBeUndefined();
    expect(facts.get("big.md")).toEqual({ kind: "file", size: 100, linkTarget: null });
    expect(facts.takeBytes("big.md")).toBeUndefined();
    expect(facts.get("skip.bin")).toEqual({ kind: "file", size: 6, linkTarget: null });
    expect(facts.takeBytes("skip.bin")).toBeUndefined();
    facts.get("b.md");
    facts.releaseBytes();
    expect(facts.takeBytes("b.md")).toBeUndefined();
    expect(facts.get("missing.md")).toEqual({ kind: "missing" });
  });
});
