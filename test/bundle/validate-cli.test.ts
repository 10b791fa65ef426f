import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { tempRepos } from "../git/repo.js";
import type { TempRepo } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";
import { CORPUS } from "./corpus.js";
import { skillMd } from "./memfs.js";

const bin = join(dirname(fileURLToPath(import.meta.url)), "../../bin/dust-skills.js");
const repo = tempRepos();

async function run(cwd: string, ...args: string[]) {
  const io = captureIo({ cwd });
  const code = await main(["validate", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function goodAndBad(r: TempRepo): void {
  r.write({
    "skills/good/SKILL.md": skillMd("good"),
    "skills/good/LICENSE": "MIT",
    "skills/bad/SKILL.md": "---\nname: 2024-01-01\ndescription: y\n---\nBody.\n",
  });
}

describe("dust-skills validate", () => {
  it("prints path:line:col: severity RULE: message, a summary on stderr, and exits 1 on an error", async () => {
    const r = repo(false);
    goodAndBad(r);
    const res = await run(r.dir);
    expect(res.code).toBe(1);
    expect(res.out.split("\n")).toEqual([
      expect.stringMatching(/^skills\/bad\/SKILL\.md:2:1: error name-not-string: `name` loads as a date/),
      expect.stringMatching(/^skills\/good\/LICENSE:1:1: warning attachment-dropped: /),
      "",
    ]);
    expect(res.err).toContain("1 error, 1 warning in 2 bundles");
    expect(res.err).toContain("note: not a git repository");
  });

  it("exits 0 with only warnings, and paths follow the current directory", async () => {
    const r = repo(false);
    goodAndBad(r);
    const res = await run(join(r.dir, "skills/good"));
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^LICENSE:1:1: warning attachment-dropped/);
    expect(res.err).toContain("0 errors, 1 warning in 1 bundle");
  });

  it("reports every corpus case at its position (json)", async () => {
    const r = repo(false);
    for (const [name, c] of Object.entries(CORPUS)) {
      r.write(Object.fromEntries(Object.entries(c.files).map(([rel, content]) => [`corpus/${name}/${rel}`, content])));
    }
    const res = await run(r.dir, "--format", "json");
    const doc = JSON.parse(res.out);
    const expected = Object.entries(CORPUS).flatMap(([name, c]) => c.expect.map((e) => `corpus/${name}/${e}`));
    const got = doc.diagnostics.map((d: { file: string; line: number; col: number; rule: string }) => `${d.file}:${d.line}:${d.col} ${d.rule}`);
    expect(got.sort()).toEqual(expected.sort());
    expect(res.code).toBe(1);
  });

  it("--strict adds the spec rules; --format github writes annotations", async () => {
    const r = repo(false);
    r.write({ "skills/notes/SKILL.md": skillMd("Release Notes") });
    expect((await run(r.dir)).code).toBe(0);
    const res = await run(r.dir, "--strict", "--format", "github");
    expect(res.code).toBe(1);
    expect(res.out).toContain("::error file=skills/notes/SKILL.md,line=2,col=1,title=strict-name-pattern::");
  });

  it("takes files as roots (what pre-commit passes) and ignores files outside bundles", async () => {
    const r = repo();
    goodAndBad(r);
    r.write({ "README.md": "x" });
    r.git("add", "-A");
    const res = await run(r.dir, "skills/good/LICENSE", "README.md");
    expect(res.code).toBe(0);
    expect(res.err).toContain("in 1 bundle");
  });

  it("--staged checks only bundles with staged changes", async () => {
    const r = repo();
    goodAndBad(r);
    r.git("add", "-A");
    r.commit("base");
    r.write({ "skills/good/SKILL.md": skillMd("good", "Changed.") });
    r.git("add", "skills/good/SKILL.md");
    const res = await run(r.dir, "--staged");
    expect(res.code).toBe(0);
    expect(res.err).toContain("in 1 bundle");
  });

  it("says clearly when there is nothing to check", async () => {
    const res = await run(repo().dir);
    expect(res.code).toBe(0);
    expect(res.err).toContain("note: no bundle found");
    expect(res.err).toContain("0 errors, 0 warnings in 0 bundles");
  });

  it("turns a missing path or --staged outside git into a message, exit 1, no stack trace", async () => {
    const dir = repo(false).dir;
    for (const args of [["nope"], ["--staged"]]) {
      const res = await run(dir, ...args);
      expect(res.code).toBe(1);
      expect(res.err).toMatch(/^dust-skills: /);
      expect(res.err).not.toMatch(/\n\s+at /);
    }
  });

  it("runs as the built binary", () => {
    const r = repo();
    goodAndBad(r);
    r.git("add", "-A");
    const p = spawnSync(process.execPath, [bin, "validate", "--format", "github"], { cwd: r.dir, encoding: "utf-8" });
    expect(p.status).toBe(1);
    expect(p.stdout).toContain("::error file=skills/bad/SKILL.md,line=2,col=1,title=name-not-string::");
    expect(p.stderr).toContain("1 error, 1 warning in 2 bundles");
  });
});
