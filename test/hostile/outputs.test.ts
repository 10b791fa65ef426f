/* eslint-disable no-control-regex -- these tests are about control characters */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import type { TempRepo } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";
import { hostileLiveSkills, hostileRepo, NASTY, NASTY_DIR } from "./fixture.js";

const KEY = "sk-hostile-admin-0123456789";
let emulator: Emulator;
let repo: TempRepo;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: { workspaces: [{ id: "w_hostile", region: "us", keys: [{ key: KEY, role: "admin" }], skills: hostileLiveSkills() }] },
  });
  repo = hostileRepo();
});
afterAll(async () => {
  await emulator.close();
  repo.cleanup();
});


const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const OWN_COLORS = /\u001b\[(?:1|2|22|3[1-6]|39)m/g;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], tty: { stdout?: boolean; stderr?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const io = captureIo({
    cwd: repo.dir,
    // GITHUB_REPOSITORY: the repository identity sync, pack and pull record (as in GitHub Actions).
    env: { DUST_API_KEY: KEY, DUST_WORKSPACE_ID: "w_hostile", DUST_BASE_URL: emulator.url, GITHUB_REPOSITORY: "acme/hostile", ...tty.env },
    stdoutIsTTY: tty.stdout ?? false,
    stderrIsTTY: tty.stderr ?? false,
  });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** No control character a terminal would act on, and no bidi override; our own colors only when asked for. */
function expectInert(label: string, text: string, colors = false): void {
  const rest = colors ? text.replace(OWN_COLORS, "").replace(/\r\u001b\[K/g, "") : text;
  const at = rest.search(RAW_CONTROL);
  expect(at, `${label}: raw control U+${rest.codePointAt(at)?.toString(16)} near ${JSON.stringify(rest.slice(Math.max(0, at - 40), at + 20))}`).toBe(-1);
}

/** The payload is shown, escaped: the test really went through the hostile text. */
function expectShown(label: string, text: string): void {
  expect(text, label).toContain("\\x1b");
}

const commands: [string, string[]][] = [
  ["validate", ["validate", "skills"]],
  ["validate --format github", ["validate", "skills", "--format", "github"]],
  ["plan", ["plan", "skills", "--on-conflict", "skip"]],
  ["plan --format markdown", ["plan", "skills", "--format", "markdown", "--on-conflict", "skip"]],
  // The broken bundle would stop pack before it lists anything: the nasty valid one and a plain one.
  ["pack", ["pack", NASTY_DIR, "skills/plain", "--out", ".dust-skills/pack"]],
  ["pack refusing", ["pack", "skills", "--out", ".dust-skills/pack"]],
  ["report", ["report", "skills", "--days", "7"]],
  ["report --format markdown", ["report", "skills", "--days", "7", "--format", "markdown"]],
  ["pull --dry-run", ["pull", "--all-unmanaged", "--dry-run", "--dir", "skills"]],
];

describe("every command's output over the hostile repository", () => {
  it.each(commands)("%s: nothing a terminal would act on", async (label, args) => {
    const res = await run(args);
    expectInert(`${label} stdout`, res.out);
    expectInert(`${label} stderr`, res.err);
    expectShown(label, res.out + res.err);
  });

  it("sync: result lines and the summary", async () => {
    // The broken bundle would stop the sync: the nasty valid one takes over its web-app namesake.
    const res = await run(["sync", NASTY_DIR, "skills/plain", "--on-conflict", "override"]);
    expect(res.out).toMatch(/✓ took over evil \\x1b/);
    expectInert("sync stdout", res.out);
    expectInert("sync stderr", res.err);
    expectShown("sync", res.out + res.err);
  });

  it("CSV goes out exact to a file or pipe, and escaped to a terminal", async () => {
    const piped = await run(["report", "skills", "--days", "7", "--format", "csv"]);
    expect(piped.out).toContain(NASTY);
    const terminal = await run(["report", "skills", "--days", "7", "--format", "csv"], { stdout: true });
    expectInert("csv on a terminal", terminal.out);
    expectShown("csv on a terminal", terminal.out);
  });

  it("with FORCE_COLOR on a terminal: only dust-skills' own colors", async () => {
    for (const args of [["plan", "skills", "--on-conflict", "skip"], ["validate", "skills"]]) {
      const res = await run(args, { stdout: true, stderr: true, env: { FORCE_COLOR: "1" } });
      expect(res.out, "colors are on").toMatch(OWN_COLORS);
      expectInert(`${args[0]} colored stdout`, res.out, true);
      expectInert(`${args[0]} colored stderr`, res.err, true);
    }
  });

  it("errors quoting user input are escaped too", async () => {
    const res = await run(["plan", `skills/missing ${NASTY}`]);
    expect(res.code).toBe(1);
    expectInert("error", res.err);
    expectShown("error", res.err);
  });
});

describe("progress", () => {
  it("plan draws one line per bundle on a terminal's stderr, escaped, and clears it; nothing off a terminal", async () => {
    const tty = await run(["plan", "skills", "--on-conflict", "skip"], { stderr: true });
    expect(tty.err).toMatch(/\r\u001b\[Kreading 0\/3 bundles/);
    expect(tty.err).toMatch(/\r\u001b\[Kreading 3\/3 bundles: /);
    expect(tty.err).toContain("\r\u001b[K");
    expectInert("plan progress", tty.err.replace(/\r\u001b\[K/g, ""));
    const piped = await run(["plan", "skills", "--on-conflict", "skip"]);
    expect(piped.err).not.toContain("reading");
  });
});
