import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadBundles } from "../../src/bundle/load.js";
import { main } from "../../src/cli.js";
import { DustClient } from "../../src/dust/client.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator, EmulatorSeed, SkillSeed } from "../../src/emulator/index.js";
import type { Report, SkillRow } from "../../src/model/report.js";
import { runReport } from "../../src/report/run.js";
import { resolveWindow } from "../../src/report/window.js";
import { textHash } from "../../src/model/text-hash.js";
import { encodeRecord } from "../../src/model/ownership-record.js";
import { captureIo } from "../helpers/io.js";

const WS = "w_report";
const WINDOW = ["--from", "2025-03-01", "--to", "2025-03-04"];

function skill(sId: string, name: string, over: Partial<SkillSeed> = {}): SkillSeed {
  return {
    sId,
    name,
    agentFacingDescription: `${name} does things`,
    userFacingDescription: `${name} does things`,
    instructions: `# ${name}\n`,
    source: "web_app",
    availability: "workspace_users",
    createdAt: Date.UTC(2024, 0, 1),
    updatedAt: Date.UTC(2024, 0, 2),
    ...over,
  };
}

/** Uploaded by this repository (github.com/acme/skills) from skills/<dir>, with the text the bundle had then. */
const api = (dir: string): Partial<SkillSeed> => ({
  source: "api",
  sourceMetadata: {
    filePath: encodeRecord({
      repository: "github.com/acme/skills",
      bundleDir: `skills/${dir}`,
      skillMdName: "SKILL.md",
      fingerprint: "0".repeat(16),
      textHash: textHash({ name: dir, description: `${dir} does things`, instructions: `# ${dir}\n` }),
    }),
  },
});

/** Numbers small enough to check by hand; every expectation below says how it is computed. */
const seed: EmulatorSeed = {
  workspaces: [
    {
      id: WS,
      keys: [
        { key: "sk-report-admin", role: "admin" },
        { key: "sk-report-builder", role: "builder" },
      ],
      skills: [
        skill("skl_AAAAAAAAAA", "alpha", api("alpha")),
        skill("skl_BBBBBBBBBB", "beta", { ...api("beta"), instructions: "# beta, edited in Dust\n" }),
        skill("skl_CCCCCCCCCC", "=calc"),
        skill("skl_DDDDDDDDDD", "dup"),
        skill("skl_EEEEEEEEEE", "dup", { status: "archived" }),
        skill("skl_FFFFFFFFFF", "hidden-draft", { availability: "editors" }),
      ],
      analytics: {
        seed: 7,
        rows: {
          skill_usage: [
            { date: "2025-02-28", skillName: "alpha", executions: 100, uniqueUsers: 9 },
            { date: "2025-03-01", skillName: "alpha", executions: 3, uniqueUsers: 2 },
            { date: "2025-03-02", skillName: "=calc", executions: 5, uniqueUsers: 2 },
            { date: "2025-03-02", skillName: "dup", executions: 4, uniqueUsers: 3 },
            { date: "2025-03-03", skillName: "alpha", executions: 1, uniqueUsers: 1 },
            { date: "2025-03-04", skillName: "beta", executions: 2, uniqueUsers: 1 },
            { date: "2025-03-04", skillName: "skl_ZZZZZZZZZZ", executions: 6, uniqueUsers: 1 },
          ],
        },
      },
    },
  ],
};

let emu: Emulator;
let repo: string;

async function writeBundle(dir: string, name: string, body: string): Promise<void> {
  await mkdir(join(repo, "skills", dir), { recursive: true });
  await writeFile(join(repo, "skills", dir, "SKILL.md"), `---\nname: ${name}\ndescription: ${name} does things\n---\n${body}`);
}

beforeAll(async () => {
  emu = await startEmulator({ seed, now: () => Date.UTC(2025, 2, 5, 9) });
  repo = await mkdtemp(join(tmpdir(), "dust-skills-report-"));
  await writeBundle("alpha", "alpha", "# alpha\n");
  await writeBundle("beta", "beta", "# beta\n");
  await writeBundle("gamma", "gamma", "# gamma\n");
});

afterAll(async () => {
  await emu.close();
  await rm(repo, { recursive: true, force: true });
});

afterEach(() => {
  emu.faults.clear();
});

async function cli(args: string[], key = "sk-report-admin") {
  const io = captureIo({ cwd: repo, env: { DUST_BASE_URL: emu.url, DUST_WORKSPACE_ID: WS, DUST_API_KEY: key, GITHUB_REPOSITORY: "acme/skills" } });
  const code = await main(["report", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const row = (r: Report, name: string): SkillRow => {
  const found = r.skills.find((s) => s.name === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

describe("dust-skills report against the emulator", () => {
  it("joins git, the workspace and the export into the hand-computed numbers", async () => {
    const { code, out, err } = await cli([...WINDOW, "--format", "json"]);
    expect(err).not.toContain("usage unknown");
    expect(code).toBe(0);
    const r = JSON.parse(out) as Report;
    expect(r.usageKnown).toBe(true);
    expect(r.window).toMatchObject({ from: "2025-03-01", to: "2025-03-04", days: 4, timezone: "UTC" });

    // alpha: 3 on 03-01 and 1 on 03-03; the 100 on 02-28 is outside the window. Halves 3 | 1: falling.
    expect(row(r, "alpha")).toMatchObject({ managed: true, state: "in-sync", inGit: true });
    expect(row(r, "alpha").usage).toMatchObject({ executions: 4, userDays: 3, daily: [3, 0, 1, 0], trend: { label: "falling" } });
    // beta: instructions edited in Dust.
    expect(row(r, "beta")).toMatchObject({ managed: true, state: "drifted", stateDetail: "instructions (edited in Dust since the last upload)" });
    // The export wrote `'=calc` (formula guard): it is the skill =calc.
    expect(row(r, "=calc")).toMatchObject({ key: "skl_CCCCCCCCCC", inGit: false });
    expect(row(r, "=calc").usage?.executions).toBe(5);
    // dup: the active skill gets the usage, the archived namesake is named in a note.
    expect(row(r, "dup")).toMatchObject({ key: "skl_DDDDDDDDDD" });
    expect(row(r, "dup").notes.join(" ")).toContain("skl_EEEEEEEEEE");
    expect(row(r, "unknown skill skl_ZZZZZZZZZZ").usage?.executions).toBe(6);
    // An admin key lists the unpublished skill.
    expect(row(r, "hidden-draft")).toMatchObject({ inWorkspace: true, managed: false });

    const key = (n: string): string => row(r, n).key;
    expect(r.sets).toEqual({
      managedUsed: [key("alpha"), key("beta")],
      retireCandidates: [],
      adoptCandidates: [key("=calc"), key("dup")],
      drifted: [key("beta")],
      missingFromWorkspace: [key("gamma")],
      unmanaged: [key("=calc"), key("dup"), key("hidden-draft")],
    });
    // 4 + 2 + 5 + 4 + 6 = 21 executions, 4 + 2 = 6 on managed skills; user-days 3 + 1 + 2 + 3 + 1 = 10.
    expect(r.totals).toMatchObject({ executions: 21, managedExecutions: 6, userDays: 10, unresolvedExecutions: 6 });
    expect(r.totals.managedShare).toBeCloseTo(6 / 21, 12);
    // The listing (active, archived) and two exports (skills, skill_usage).
    const exports = emu.requests.filter((q) => q.path.endsWith("/analytics/export"));
    expect(exports.map((q) => new URLSearchParams(q.query).get("table"))).toEqual(["skills", "skill_usage"]);
  });

  it("without an admin key: says so on stderr, exits 0, and keeps the git × workspace part", async () => {
    const { code, out, err } = await cli([...WINDOW, "--format", "json"], "sk-report-builder");
    expect(code).toBe(0);
    expect(err).toContain("usage unknown: the analytics export needs an admin API key");
    const r = JSON.parse(out) as Report;
    expect(r.usageKnown).toBe(false);
    expect(r.skills.every((s) => s.usage === null)).toBe(true);
    expect(r.sets.drifted).toEqual(["skl_BBBBBBBBBB"]);
    expect(r.skills.some((s) => s.name === "hidden-draft")).toBe(false);
    expect(r.notes.join(" ")).toContain("cannot list unpublished skills");
  });

  it("--fail-on exits 2 with a summary of what failed", async () => {
    const { code, err } = await cli([...WINDOW, "--fail-on", "drift,unused"]);
    expect(code).toBe(2);
    expect(err).toContain("report: --fail-on drift,unused failed:");
    expect(err).toContain("drift: 1 skill(s) differ from git: beta");
    expect(err).toContain("drift: 1 skill(s) in git are missing from the workspace: gamma");
    expect(err).not.toContain("unused:");
  });

  it("writes the HTML page to --out and says where", async () => {
    const { code, out, err } = await cli([...WINDOW, "--format", "html", "--out", "out/report.html"]);
    expect(code).toBe(0);
    expect(out).toBe("");
    expect(err).toContain("report: wrote out/report.html");
    const html = await readFile(join(repo, "out/report.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("=calc");
  });

  it("refuses a reversed range and an unknown timezone before any request", async () => {
    const before = emu.requests.length;
    const reversed = await cli(["--from", "2025-03-04", "--to", "2025-03-01"]);
    expect(reversed.code).toBe(1);
    expect(reversed.err).toContain("The date range is reversed");
    const tz = await cli(["--days", "7", "--timezone", "Europe/Atlantis"]);
    expect(tz.code).toBe(1);
    expect(tz.err).toContain('Unknown timezone "Europe/Atlantis"');
    expect(emu.requests.length).toBe(before);
  });

  it("an empty export: zero usage, every managed skill a retire candidate", async () => {
    const { code, out } = await cli(["--from", "2025-01-01", "--to", "2025-01-31", "--format", "json"]);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Report;
    expect(r.totals.executions).toBe(0);
    expect(r.sets.retireCandidates).toEqual(["skl_AAAAAAAAAA", "skl_BBBBBBBBBB"]);
  });

  it("honours 429 + Retry-After on the export and still gets the same numbers", async () => {
    const waits: number[] = [];
    const client = new DustClient(
      { baseUrl: emu.url, workspaceId: WS, apiKey: "sk-report-admin" },
      { sleep: async (ms) => void waits.push(ms) },
    );
    emu.faults.enqueue({ kind: "status", status: 429, retryAfter: 3, match: { pathPrefix: `/api/v1/w/${WS}/analytics/export` } }, 2);
    const loaded = await loadBundles({ roots: [repo], cwd: repo });
    const r = await runReport({
      source: client,
      bundles: loaded.bundles,
      window: resolveWindow({ from: "2025-03-01", to: "2025-03-04" }, new Date()),
      now: new Date(),
    });
    await client.close();
    expect(waits.filter((ms) => ms === 3000)).toHaveLength(2);
    expect(r.totals.executions).toBe(21);
  });
});
