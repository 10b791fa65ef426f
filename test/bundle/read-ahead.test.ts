import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { LEAD_PATHS, READ_AHEAD_MIN_PATHS, prepareReadAhead } from "../../src/bundle/read-ahead.js";
import type { ReadAhead } from "../../src/bundle/read-ahead.js";
import { readWithFacts } from "../../src/bundle/read-with-facts.js";
import type { FileRead } from "../../src/bundle/read-with-facts.js";
import { startEmulator } from "../../src/emulator/index.js";
import { tempRepos } from "../git/repo.js";

const bin = join(dirname(fileURLToPath(import.meta.url)), "../../bin/dust-skills.js");
let dirs: string[] = [];
let ahead: ReadAhead | null = null;
afterEach(() => {
  ahead?.stop();
  ahead = null;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "dust-skills-read-ahead-"));
  dirs.push(d);
  return d;
}

/** `count` plain files named f0000.md…, each holding its own index. */
function plainFiles(root: string, count: number): string[] {
  const paths = Array.from({ length: count }, (_, i) => `f${String(i).padStart(4, "0")}.md`);
  for (const [i, p] of paths.entries()) writeFileSync(join(root, p), `file ${i}\n`);
  return paths;
}

function startReadAhead(root: string, paths: readonly string[], limit: number): ReadAhead | null {
  const worker = prepareReadAhead();
  expect(worker).not.toBeNull();
  return worker!.read(root, paths, limit);
}

const comparable = (r: FileRead | null): unknown => (r === null ? null : { size: r.size, data: r.data === undefined ? undefined : Buffer.from(r.data).toString("latin1") });

describe("reading ahead in a worker thread", () => {
  it("hands over exactly what the main thread would read, for every kind of path, each once", async () => {
    const root = tempDir();
    const paths = plainFiles(root, READ_AHEAD_MIN_PATHS);
    writeFileSync(join(root, "empty.md"), "");
    writeFileSync(join(root, "big.md"), "x".repeat(300));
    writeFileSync(join(root, "bytes.bin"), Buffer.from([0, 255, 10, 13, 0xc3, 0x28]));
    writeFileSync(join(root, "locked.md"), "mode 000\n");
    fs.chmodSync(join(root, "locked.md"), 0o000);
    symlinkSync("f0000.md", join(root, "link.md"));
    symlinkSync("nothing.md", join(root, "broken.md"));
    execFileSync("mkfifo", [join(root, "pipe.md")]);
    mkdirSync(join(root, "folder.md"));
    const odd = ["empty.md", "big.md", "bytes.bin", "locked.md", "link.md", "broken.md", "pipe.md", "folder.md", "gone.md"];
    // The odd ones among the plain ones, so that batches mix them.
    const all = [...paths.slice(0, 100), ...odd, ...paths.slice(100)];
    ahead = startReadAhead(root, all, 200);
    expect(ahead).not.toBeNull();
    for (const [i, p] of all.entries()) {
      await ahead!.ready(i, i + 1);
      const got = ahead!.take(p);
      expect(got, `${p} not read ahead`).not.toBeUndefined();
      expect(comparable(got ?? null), p).toEqual(comparable(readWithFacts(fs, join(root, p), 200)));
      expect(ahead!.take(p), `${p} handed over twice`).toBeUndefined();
    }
    expect(ahead!.taken).toBe(all.length);
    // The odd ones really were odd: the lstat path decides those.
    expect(odd.filter((p) => readWithFacts(fs, join(root, p), 200) === null)).toEqual(["locked.md", "link.md", "broken.md", "pipe.md", "folder.md", "gone.md"]);
    expect(readWithFacts(fs, join(root, "big.md"), 200)).toEqual({ size: 300 });
  });

  it("drops what the loader passed without taking", async () => {
    const root = tempDir();
    const paths = plainFiles(root, 600);
    ahead = startReadAhead(root, paths, 1 << 20);
    await ahead!.ready(0, 600);
    await ahead!.ready(500, 600);
    expect(ahead!.take(paths[100]!)).toBeUndefined();
    expect(Buffer.from(ahead!.take(paths[550]!)!.data!).toString()).toBe("file 550\n");
  });

  it("stays at most its lead ahead of the loader, and goes on as the loader moves", async () => {
    const root = tempDir();
    const paths = plainFiles(root, LEAD_PATHS + 600);
    ahead = startReadAhead(root, paths, 1 << 20);
    await ahead!.ready(0, LEAD_PATHS);
    await sleep(200);
    expect(ahead!.take(paths[LEAD_PATHS + 200]!)).toBeUndefined();
    await ahead!.ready(LEAD_PATHS, LEAD_PATHS + 600);
    expect(Buffer.from(ahead!.take(paths[LEAD_PATHS + 599]!)!.data!).toString()).toBe(`file ${LEAD_PATHS + 599}\n`);
  });

  it("starts no worker for a few paths", () => {
    const root = tempDir();
    expect(startReadAhead(root, plainFiles(root, READ_AHEAD_MIN_PATHS - 1), 1 << 20)).toBeNull();
  });

  it("ends the wait when the worker dies, so the loader reads the rest itself", async () => {
    const root = tempDir();
    const paths = plainFiles(root, 600);
    ahead = startReadAhead(root, paths, 1 << 20);
    ahead!.stop();
    await ahead!.ready(0, 600);
    expect(ahead!.taken).toBe(0);
  });
});

describe("the shipped bundle's read-ahead", () => {
  const repos = tempRepos();

  it("runs its worker from dist/: a plan of 400 bundles has every file read and every bundle fingerprinted by it (NODE_DEBUG=dust-skills)", async () => {
    const repo = repos();
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) {
      files[`skills/s${i}/SKILL.md`] = `---\nname: s${i}\ndescription: s${i} does it.\n---\nDo s${i}.\n`;
      files[`skills/s${i}/notes.md`] = `notes ${i}\n`;
      files[`skills/s${i}/data.csv`] = `a,b\n${i},${i}\n`;
    }
    repo.write(files);
    repo.git("add", "-A");
    repo.commit("bundles");
    repo.git("remote", "add", "origin", "https://github.com/acme/read-ahead.git");
    const emulator = await startEmulator({ seed: { workspaces: [{ id: "w", keys: [{ key: "sk-read-ahead-1", role: "admin" }], skills: [] }] } });
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, "plan", "skills", "--format", "json"], {
      cwd: repo.dir,
      env: { ...process.env, DUST_BASE_URL: emulator.url, DUST_WORKSPACE_ID: "w", DUST_API_KEY: "sk-read-ahead-1", NODE_DEBUG: "dust-skills" },
    }).finally(() => emulator.close());
    expect((JSON.parse(stdout) as { summary: { create: number } }).summary.create).toBe(400);
    const seen = /read ahead: (\d+) of (\d+) files read by the worker thread, (\d+) of (\d+) bundles fingerprinted there/.exec(stderr);
    expect(seen, stderr).not.toBeNull();
    expect(Number(seen![2])).toBe(1200);
    expect(Number(seen![1])).toBe(1200);
    expect(Number(seen![4])).toBe(400);
    expect(Number(seen![3])).toBe(400);
  });
});
