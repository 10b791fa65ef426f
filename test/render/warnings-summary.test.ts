import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { tempRepos } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";

const repo = tempRepos();
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

async function plan(dir: string, ...flags: string[]) {
  const io = captureIo({ cwd: dir, env: { DUST_API_KEY: "sk-demo-admin", DUST_WORKSPACE_ID: "w_demo", DUST_BASE_URL: emulator.url } });
  const code = await main(["plan", "skills", ...flags], io);
  return { code, err: io.err() };
}

describe("plan's validation warnings", () => {
  it("are counted per bundle with their rules; --verbose prints every line", async () => {
    const r = repo();
    const md = (name: string): string => `---\nname: ${name}\ndescription: d\n---\nBody\n`;
    r.write({
      "skills/a/SKILL.md": md("a"),
      "skills/a/one.toml": "x",
      "skills/a/two.toml": "x",
      "skills/a/LICENSE": "x",
      "skills/b/SKILL.md": md("b"),
      "skills/b/c.lock": "x",
    });
    r.git("add", "-A");
    r.commit("bundles");
    const compact = await plan(r.dir);
    expect(compact.code).toBe(0);
    expect(compact.err).toContain("skills/a: 3 warnings (attachment-dropped ×3)\n");
    expect(compact.err).toContain("skills/b: 1 warning (attachment-dropped ×1)\n");
    expect(compact.err).toContain("--verbose lists every warning");
    expect(compact.err).not.toContain("one.toml");
    const verbose = await plan(r.dir, "--verbose");
    for (const f of ["skills/a/one.toml", "skills/a/two.toml", "skills/a/LICENSE", "skills/b/c.lock"]) {
      expect(verbose.err).toContain(`${f}:1:1: warning attachment-dropped`);
    }
    expect(verbose.err).not.toContain("3 warnings");
  });
});
