import { describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { captureIo } from "./helpers/io.js";

describe("cli", () => {
  it("refuses an unknown flag with a message and exit 1, no stack trace", async () => {
    const io = captureIo();
    const code = await main(["--no-such-flag"], io);
    expect(code).toBe(1);
    expect(io.err()).toContain("dust-skills:");
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
