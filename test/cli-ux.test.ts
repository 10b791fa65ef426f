import { execFile, spawn as spawnChild } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { useColor } from "../src/io.js";
import { captureIo } from "./helpers/io.js";
import { tempRepos } from "./git/repo.js";

const bin = join(dirname(fileURLToPath(import.meta.url)), "../bin/dust-skills.js");
const repo = tempRepos();

function spawn(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env["PATH"], ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, out: String(stdout), err: String(stderr) });
    });
  });
}

async function run(args: string[]) {
  const io = captureIo();
  const code = await main(args, io);
  return { code, err: io.err() };
}

describe("the CLI people expect", () => {
  it("-h is --help, for the tool and for a command", async () => {
    const top = await spawn(["-h"]);
    expect(top.code).toBe(0);
    expect(top.out).toContain("dust-skills <command>");
    expect(top.out).toContain("-h, --help");
    const plan = await spawn(["plan", "-h"]);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain("--detailed-exitcode");
    expect(plan.out).toContain("--timeout");
  });

  it("suggests the command meant", async () => {
    const res = await run(["plna"]);
    expect(res.code).toBe(1);
    expect(res.err).toBe('dust-skills: Unknown command "plna". Did you mean plan?\n  Run `dust-skills --help` for the commands.\n');
  });

  it("suggests the flag meant, naming each unknown one once", async () => {
    const res = await run(["validate", "--strcit", "--formt", "json", "--zzz"]);
    expect(res.code).toBe(1);
    expect(res.err).toBe(
      "dust-skills: Unknown flags: --strcit (did you mean --strict?), --formt (did you mean --format?), --zzz\n  Run `dust-skills validate --help` for its flags.\n",
    );
    const sync = await run(["sync", "--dryrun"]);
    expect(sync.err).toContain("--dryrun (did you mean --dry-run?)");
  });
});

describe("a reader that stops early", () => {
  it("ends the run quietly when stdout's pipe is closed (`| head`), with no stack trace", async () => {
    // The report is written after the reader has gone: Node raises EPIPE on stdout.
    const child = spawnChild(process.execPath, [bin, "validate", "skills-example", "--format", "json"], { cwd: join(dirname(bin), ".."), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(err).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(err).toContain("in 6 bundles"); // the summary still reaches stderr
    expect(code).toBe(0);
  });
});

describe("colors", () => {
  const io = (tty: boolean, env: NodeJS.ProcessEnv) => captureIo({ stdoutIsTTY: tty, env });
  it("FORCE_COLOR turns them on off a terminal and wins over NO_COLOR; FORCE_COLOR=0 turns them off", () => {
    expect(useColor(io(false, {}))).toBe(false);
    expect(useColor(io(true, {}))).toBe(true);
    expect(useColor(io(false, { FORCE_COLOR: "1" }))).toBe(true);
    expect(useColor(io(false, { FORCE_COLOR: "" }))).toBe(true);
    expect(useColor(io(true, { NO_COLOR: "1" }))).toBe(false);
    expect(useColor(io(false, { NO_COLOR: "1", FORCE_COLOR: "1" }))).toBe(true);
    expect(useColor(io(true, { FORCE_COLOR: "0" }))).toBe(false);
    expect(useColor(io(true, { FORCE_COLOR: "false" }))).toBe(false);
  });

  it("validate colors its output in a pipe when FORCE_COLOR is set", async () => {
    const r = repo(false);
    r.write({ "a/SKILL.md": "---\nname: 2024-01-01\ndescription: d\n---\nBody\n" });
    const io = captureIo({ cwd: r.dir, env: { FORCE_COLOR: "1" } });
    await main(["validate"], io);
    expect(io.out()).toContain("\u001b[31merror\u001b[39m");
  });
});
