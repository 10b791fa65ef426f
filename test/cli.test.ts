import { describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import type { Io } from "../src/io.js";

export function captureIo(overrides: Partial<Io> = {}): Io & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    stderrIsTTY: false,
    stdoutIsTTY: false,
    env: {},
    cwd: process.cwd(),
    ...overrides,
    out: () => out,
    err: () => err,
  };
}

describe("cli", () => {
  it("refuses an unknown flag with a message and exit 1, no stack trace", async () => {
    const io = captureIo();
    const code = await main(["--no-such-flag"], io);
    expect(code).toBe(1);
    expect(io.err()).toContain("dust-skills:");
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
