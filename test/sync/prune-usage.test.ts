import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { adminAndBuilderSeed } from "./synced.js";
import { encodeRecord } from "../../src/model/ownership-record.js";
import { tempRepo } from "../git/repo.js";
import type { TempRepo } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";

/**
 * `plan --prune` shows, for each skill it would archive, its executions over the last 30 days from the analytics
 * export (admin keys), against the emulator's own generated analytics.
 */
const WS = "w_prune_usage";
const ADMIN = "sk-prune-admin";
const BUILDER = "sk-prune-builder";
const DAY = 86_400_000;
const REPO = "github.com/acme/team-a";

const skillMd = (name: string) => `---\nname: ${name}\ndescription: ${name} does things.\n---\nDo ${name}.\n`;

let emulator: Emulator;
let repo: TempRepo | undefined;

afterEach(async () => {
  await emulator?.close();
  repo?.cleanup();
  repo = undefined;
});

/** Three bundles synced, plus "retired": our record, its bundle gone, created 60 days ago so it has usage. */
async function setUp(): Promise<void> {
  emulator = await startEmulator({
    seed: adminAndBuilderSeed(WS, { admin: ADMIN, builder: BUILDER }, {
      skills: [
        {
          name: "retired",
          source: "api",
          availability: "workspace_users",
          createdAt: Date.now() - 60 * DAY,
          updatedAt: Date.now() - 60 * DAY,
          sourceMetadata: {
            filePath: encodeRecord({ repository: REPO, bundleDir: "skills/retired", skillMdName: "SKILL.md", fingerprint: "0".repeat(16), textHash: "1".repeat(16) }),
          },
        },
      ],
    }),
  });
  repo = tempRepo();
  repo.write({ "skills/a/SKILL.md": skillMd("a"), "skills/b/SKILL.md": skillMd("b"), "skills/c/SKILL.md": skillMd("c") });
  repo.git("add", "-A");
  repo.commit("bundles", Date.now() - DAY);
  repo.git("remote", "add", "origin", `https://${REPO}.git`);
  expect((await cli(ADMIN, "sync", "skills")).code).toBe(0);
}

async function cli(key: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: repo!.dir, env: { DUST_BASE_URL: emulator.url, DUST_WORKSPACE_ID: WS, DUST_API_KEY: key } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** The emulator's own answer for the same window, summed independently of the tool's reading. */
async function executionsOf(name: string, from: string, to: string): Promise<number> {
  const url = `${emulator.url}/api/v1/w/${WS}/analytics/export?table=skill_usage&startDate=${from}&endDate=${to}&format=json`;
  const rows = (await (await fetch(url, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { skillName: string; executions: number }[];
  return rows.filter((r) => r.skillName === name).reduce((sum, r) => sum + r.executions, 0);
}

const exports = () => emulator.requests.filter((r) => r.path.includes("/analytics/export")).length;

interface JsonAction {
  name: string;
  kind: string;
  notes: string[];
  recentUsage: { executions: number; from: string; to: string } | null;
}

describe("plan --prune shows the recent usage of what it would archive", () => {
  it("each archive candidate carries its executions over the last 30 days, in JSON and in text", async () => {
    await setUp();
    const before = exports();
    const { code, out } = await cli(ADMIN, "plan", "skills", "--prune", "--format", "json");
    expect(code).toBe(0);
    expect(exports()).toBe(before + 1);
    const plan = JSON.parse(out) as { actions: JsonAction[]; notes: string[] };
    const retired = plan.actions.find((a) => a.name === "retired");
    expect(retired?.kind).toBe("archive");
    const usage = retired?.recentUsage;
    expect(usage).not.toBeNull();
    const expected = await executionsOf("retired", usage!.from, usage!.to);
    expect(expected).toBeGreaterThan(0); // 60 days of generated usage: the window is not empty
    expect(usage!.executions).toBe(expected);
    expect(Date.parse(usage!.to) - Date.parse(usage!.from)).toBe(29 * DAY);
    // Skills that stay get none.
    expect(plan.actions.filter((a) => a.name !== "retired").every((a) => a.recentUsage === null)).toBe(true);

    const text = await cli(ADMIN, "plan", "skills", "--prune");
    expect(text.out).toContain(`used ${expected} times in the last 30 days`);
    expect(text.out).toContain("agents still use it");
  });

  it("asks nothing of the export when nothing would be archived or --prune is off", async () => {
    await setUp();
    const before = exports();
    expect((await cli(ADMIN, "plan", "skills")).code).toBe(0);
    expect(exports()).toBe(before);
  });

  it("a failed export leaves the plan standing, with the usage said to be unknown", async () => {
    await setUp();
    emulator.faults.enqueue({ kind: "status", status: 500, match: { pathPrefix: `/api/v1/w/${WS}/analytics/export` } }, 10);
    const { code, out } = await cli(ADMIN, "plan", "skills", "--prune", "--format", "json");
    expect(code).toBe(0);
    const plan = JSON.parse(out) as { actions: JsonAction[]; notes: string[] };
    expect(plan.actions.find((a) => a.name === "retired")?.recentUsage).toBeNull();
    expect(plan.notes.some((n) => n.startsWith("Recent usage of the skills --prune would archive is unknown: the analytics export failed"))).toBe(true);
  });

  it("a builder key is never sent to the export (prune is refused for it in the plan)", async () => {
    await setUp();
    const before = exports();
    const { code } = await cli(BUILDER, "plan", "skills", "--prune");
    expect(code).toBe(1);
    expect(exports()).toBe(before);
  });
});
