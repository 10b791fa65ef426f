import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import type { Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import { tempRepos } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";
import { skillMd } from "./memfs.js";

const repo = tempRepos();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function validate(cwd: string, ...args: string[]) {
  const io = captureIo({ cwd });
  const code = await main(["validate", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function fifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

async function socketAt(path: string): Promise<void> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
}

describe("files that are not text files", () => {
  it("names a FIFO in place of a tracked SKILL.md, without reading it", async () => {
    const r = repo();
    r.write({ "skills/a/SKILL.md": skillMd("a") });
    r.git("add", "-A");
    r.commit("a");
    rmSync(join(r.dir, "skills/a/SKILL.md"));
    fifo(join(r.dir, "skills/a/SKILL.md"));
    const res = await validate(r.dir);
    expect(res.code).toBe(1);
    expect(res.out).toBe(
      "skills/a/SKILL.md:1:1: error skill-md-unreadable: SKILL.md is a named pipe (FIFO), not a regular file: it is never read; put the Markdown file in its place\n",
    );
    expect(res.out).not.toContain("submodule");
  });

  it("outside git, finds a FIFO SKILL.md and a socket attachment and says what they are", async () => {
    const r = repo(false);
    r.write({ "s/b/SKILL.md": skillMd("b") });
    fifo(join(r.dir, "s/a-fifo.md"));
    r.write({ "s/a/notes.md": "x" });
    fifo(join(r.dir, "s/a/SKILL.md"));
    await socketAt(join(r.dir, "s/b/live.sock"));
    const res = await validate(r.dir, "s");
    expect(res.out.split("\n")).toEqual([
      "s/a/SKILL.md:1:1: error skill-md-unreadable: SKILL.md is a named pipe (FIFO), not a regular file: it is never read; put the Markdown file in its place",
      "s/b/live.sock:1:1: warning not-a-file: a socket, not a regular file: never read, not shipped",
      "",
    ]);
  });

  it("a NUL byte in otherwise valid text is located, and not called a binary file", async () => {
    const r = repo(false);
    r.write({ "a/SKILL.md": "---\nname: a\ndescription: d\n---\nSay héllo\u0000 to everyone.\n" });
    const res = await validate(r.dir);
    expect(res.out).toBe(
      "a/SKILL.md:5:10: error skill-md-nul: SKILL.md holds a NUL byte (\\0) at line 5, column 10; Dust cannot store it in the instructions: delete it\n",
    );
    expect(res.out).not.toContain("binary");
  });

  it("a SKILL.md over 10 MiB: validate and plan name the real limit, not the front matter", async () => {
    const emu = await startEmulator();
    closers.push(() => emu.close());
    const r = repo();
    r.write({ "skills/big/SKILL.md": skillMd("big") + "x".repeat(10 * 1024 * 1024 + 1) });
    r.git("add", "-A");
    r.commit("big");
    const res = await validate(r.dir);
    expect(res.out).toMatch(/^skills\/big\/SKILL\.md:1:1: error bundle-too-large: bundle is 10\.0 MiB uncompressed \(limit 10\.0 MiB per upload\); largest: SKILL\.md/);
    const io = captureIo({ cwd: r.dir, env: { DUST_API_KEY: "sk-demo-admin", DUST_WORKSPACE_ID: "w_demo", DUST_BASE_URL: emu.url } });
    expect(await main(["plan", "skills"], io)).toBe(1);
    expect(io.out()).toContain("Never uploaded: bundle is 10.0 MiB uncompressed (limit 10.0 MiB per upload)");
    expect(io.out()).not.toContain("front matter");
  });
});
