import { execFileSync } from "node:child_process";
import { chmodSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadBundles } from "../../src/bundle/load.js";
import { main } from "../../src/cli.js";
import { tempRepos } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";
import { skillMd } from "./memfs.js";

const repo = tempRepos();
const bin = join(dirname(fileURLToPath(import.meta.url)), "../../bin/dust-skills.js");
const DATE_NAME = "---\nname: 2024-01-01\ndescription: d\n---\nBody\n";

async function validateStaged(cwd: string) {
  const io = captureIo({ cwd });
  const code = await main(["validate", "--staged"], io);
  return { code, out: io.out(), err: io.err() };
}

describe("validate --staged reads what the commit will contain", () => {
  it("reports the staged SKILL.md's error even when the working tree is fixed", async () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a") });
    r.git("add", "-A");
    r.commit("a");
    r.write({ "skills/a/SKILL.md": DATE_NAME });
    r.git("add", "-A");
    r.write({ "skills/a/SKILL.md": skillMd("a", "fixed, but not staged") });
    const res = await validateStaged(r.dir);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^skills\/a\/SKILL\.md:2:1: error name-not-string/);
  });

  it("passes a good staged SKILL.md whatever the working tree holds", async () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a") });
    r.git("add", "-A");
    r.commit("a");
    r.write({ "skills/a/SKILL.md": skillMd("a", "better") });
    r.git("add", "-A");
    r.write({ "skills/a/SKILL.md": DATE_NAME });
    const res = await validateStaged(r.dir);
    expect(res.code, res.out).toBe(0);
  });

  it("sees staged attachments, their sizes and modes, not the working tree's", async () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a"), "skills/a/scripts/run.py": "print(1)\n", "skills/a/notes.md": "n" });
    r.git("add", "-A");
    r.commit("a");
    r.write({ "skills/a/references/big.md": "x".repeat(100) });
    r.git("add", "-A");
    // Deleted and grown in the working tree, unchanged in the index.
    rmSync(join(r.dir, "skills/a/scripts/run.py"));
    writeFileSync(join(r.dir, "skills/a/notes.md"), "n".repeat(5000));
    writeFileSync(join(r.dir, "skills/a/references/big.md"), "y");
    chmodSync(join(r.dir, "skills/a/SKILL.md"), 0o000);
    try {
      const res = await loadBundles({ roots: [], cwd: r.dir, staged: true });
      expect(res.diagnostics).toEqual([]);
      expect(res.bundles[0]?.files).toEqual([
        { rel: "SKILL.md", size: Buffer.byteLength(skillMd("a")) },
        { rel: "notes.md", size: 1 },
        { rel: "references/big.md", size: 100 },
        { rel: "scripts/run.py", size: 9 },
      ]);
      expect(res.bundles[0]?.skill?.name).toBe("a");
    } finally {
      chmodSync(join(r.dir, "skills/a/SKILL.md"), 0o644);
    }
  });

  it("follows a staged symlink inside the bundle and refuses one that leaves it", async () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a"), "skills/a/docs/guide.md": "guide", "shared/secret.md": "s" });
    symlinkSync("docs/guide.md", join(r.dir, "skills/a/guide.md"));
    symlinkSync("../../shared/secret.md", join(r.dir, "skills/a/leak.md"));
    r.git("add", "-A");
    const res = await loadBundles({ roots: [], cwd: r.dir, staged: true });
    expect(res.bundles[0]?.files.map((f) => f.rel)).toEqual(["SKILL.md", "docs/guide.md", "guide.md"]);
    expect(res.diagnostics.map((d) => `${d.file} ${d.rule}`)).toEqual(["skills/a/leak.md symlink-outside-bundle"]);
  });

  it("as a pre-commit hook, refuses the commit of a broken staged SKILL.md", () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a") });
    r.git("add", "-A");
    r.commit("a");
    writeFileSync(join(r.dir, ".git/hooks/pre-commit"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" validate --staged\n`);
    chmodSync(join(r.dir, ".git/hooks/pre-commit"), 0o755);
    r.write({ "skills/a/SKILL.md": DATE_NAME });
    r.git("add", "-A");
    r.write({ "skills/a/SKILL.md": skillMd("a", "fixed in the working tree only") });
    // git sends a hook's stdout to its own stderr.
    let failed: { status: number; stderr: string } | null = null;
    try {
      execFileSync("git", ["commit", "-q", "-m", "broken"], { cwd: r.dir, encoding: "utf-8", stdio: "pipe", env: { PATH: process.env["PATH"], HOME: r.dir, GIT_CONFIG_NOSYSTEM: "1" } });
    } catch (err) {
      failed = err as { status: number; stderr: string };
    }
    expect(failed?.status).toBe(1);
    expect(failed?.stderr).toContain("name-not-string");
    expect(r.git("log", "--oneline").trim().split("\n")).toHaveLength(1);
  });
});
