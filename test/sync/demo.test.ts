import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureIo } from "../helpers/io.js";

describe("npm run demo", () => {
  it("plans, syncs, converges and writes the HTML report, against its own emulator", async () => {
    const out = mkdtempSync(join(tmpdir(), "dust-skills-demo-"));
    try {
      const io = captureIo({ cwd: process.cwd(), env: {} });
      const code = await main(["demo", "--out", join(out, "report.html")], io);
      const text = io.out();
      expect(code, io.err()).toBe(0);
      expect(text).toContain("Plan: 1 to create, 0 to update, 1 drifted, 1 to take over, 1 to archive.");
      expect(text).toContain("Sync: 1 created, 2 updated, 1 archived, 0 failed");
      expect(text).toContain("No changes. The workspace matches the repository.");
      expect(text).toMatch(/The emulator received \d+ requests: 2 import\(s\), 1 archive\(s\)/);
      // The second repository's skills, in a folder of the same name, are left untouched by prune.
      expect(text).toContain("github.com/acme/marketing-skills syncs into the same workspace (also from a skills-example/ folder): its 2 skill(s) (campaign-brief, social-post) are still active after --prune");
      expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<svg");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
