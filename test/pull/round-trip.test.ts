import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, readdir, realpath, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { loadBundles } from "../../src/bundle/load.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator, SkillSeed } from "../../src/emulator/index.js";
import type { Plan } from "../../src/model/plan.js";
import { ATTACHMENTS_NOTE } from "../../src/pull/files.js";
import { textHash } from "../../src/model/text-hash.js";
import { encodeRecord } from "../../src/model/ownership-record.js";
import { captureIo } from "../helpers/io.js";

const WS = "w_pull";
const KEY = "sk-pull-admin";

/** Skills made in the web app, with everything that trips up YAML or a file system. */
const WEB_SKILLS: SkillSeed[] = [
  { name: 'Say "hi"', agentFacingDescription: 'Greets: "hello", then: bye', instructions: "Say hi.\n" },
  { name: "a: b", agentFacingDescription: "key: value # not a comment", instructions: "Colons: everywhere: here" },
  { name: "- leading dash", agentFacingDescription: "- also a dash", instructions: "---\nA rule first, then text.\n---\n" },
  { name: "yes", agentFacingDescription: "no", instructions: "Boolean-looking names.\n\n\n" },
  { name: "null", agentFacingDescription: "~", instructions: "Null-looking names.   \n\t" },
  { name: "2024-01-01", agentFacingDescription: "2024-01-01T10:00:00Z", instructions: "A date.\r\nWith CRLF.\r\n" },
  { name: "123", agentFacingDescription: "0x1F", instructions: "A number." },
  { name: "日本語のスキル", agentFacingDescription: "説明: テスト", instructions: "# 見出し\n\n本文 😀\n" },
  { name: "Crème brûlée", agentFacingDescription: "Café\u00a0menu", instructions: "Unicode ✓\n" },
  { name: "Report", agentFacingDescription: "Upper", instructions: "Upper report.\n" },
  { name: "report", agentFacingDescription: "lower", instructions: "Lower report.\n" },
  { name: "back\\slash 'single'", agentFacingDescription: "tab\there", instructions: "Backslash \\ and 'quotes'.\n" },
].map((s) => ({ ...s, userFacingDescription: s.agentFacingDescription, source: "web_app" }));

const WITH_ATTACHMENTS: SkillSeed = {
  name: "Has files",
  agentFacingDescription: "Comes with scripts",
  userFacingDescription: "Comes with scripts",
  instructions: "Run scripts/run.py.\n",
  source: "web_app",
  fileAttachments: [{ fileId: "fil_1", fileName: "scripts/run.py" }],
};

let emulator: Emulator;
let cwd: string;
beforeEach(async () => {
  cwd = await realpath(await mkdtemp(join(tmpdir(), "dust-skills-adopt-")));
});
afterEach(async () => {
  await emulator.close();
  await rm(cwd, { recursive: true, force: true });
});

async function start(skills: SkillSeed[]): Promise<void> {
  emulator = await startEmulator({ seed: { workspaces: [{ id: WS, keys: [{ key: KEY, role: "admin" }], skills }] } });
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd, env: { DUST_API_KEY: KEY, GITHUB_REPOSITORY: "acme/skills" } });
  const code = await main([...args, "--base-url", emulator.url, "--workspace-id", WS], io);
  return { code, out: io.out(), err: io.err() };
}

async function planJson(...args: string[]): Promise<Plan> {
  const result = await cli("plan", "--format", "json", ...args);
  return JSON.parse(result.out) as Plan;
}

describe("adopting web-app skills: pull, plan, sync, plan", () => {
  it("brings every skill back byte-exact: the plan shows only the takeover, then nothing", async () => {
    await start([...WEB_SKILLS, WITH_ATTACHMENTS]);
    const pulled = await cli("pull", "--all-unmanaged");
    expect(pulled.err).not.toContain("error");
    expect(pulled.code).toBe(0);
    expect(pulled.out).toContain(`13 written, 0 overwritten, 0 unchanged, 0 refused.`);

    const folders = (await readdir(join(cwd, "skills"))).sort();
    expect(folders).toContain("report");
    expect(folders).toContain("report-2");
    expect(folders).toContain("creme-brulee");
    expect(folders.some((f) => /^skill-[0-9a-f]{8}$/.test(f))).toBe(true);
    const note = await readFile(join(cwd, "skills", "has-files", ATTACHMENTS_NOTE), "utf8");
    expect(note).toContain("  scripts/run.py\n");

    // Dust's reading (as the bundle loader implements it) gives back exactly what the web app holds.
    const { bundles } = await loadBundles({ roots: [cwd], cwd });
    const byName = new Map(bundles.map((b) => [b.skill?.name, b.skill]));
    for (const seed of [...WEB_SKILLS, WITH_ATTACHMENTS]) {
      expect(byName.get(seed.name)).toEqual({ name: seed.name, description: seed.agentFacingDescription, instructions: seed.instructions });
    }

    const conflicts = await planJson();
    expect(conflicts.actions.map((a) => a.kind)).toEqual(conflicts.actions.map(() => "conflict"));
    const takeover = await planJson("--on-conflict", "override");
    expect(takeover.actions).toHaveLength(13);
    for (const action of takeover.actions) {
      expect(action.kind).toBe("takeover");
      // No content change: only the attachments the API could not hand over.
      expect(action.changes.map((c) => c.field)).toEqual(action.name === "Has files" ? ["attachments"] : []);
    }

    const synced = await cli("sync", "--on-conflict", "override");
    expect(synced.code).toBe(0);
    const after = await cli("plan", "--detailed-exitcode");
    expect(after.code).toBe(0);
    const empty = await planJson();
    expect(empty.hasChanges).toBe(false);
    expect(empty.summary.unchanged).toBe(13);

    // Everything is managed now: nothing left to adopt, and pulling a name again changes nothing.
    expect((await cli("pull", "--all-unmanaged")).out).toContain("No skill to pull.");
    const again = await cli("pull", "--names", "2024-01-01", "yes");
    expect(again.code).toBe(0);
    expect(again.out).toContain("0 written, 0 overwritten, 2 unchanged, 0 refused.");
    // Seven CLI runs against a real server: give a loaded CI machine room.
  }, 90_000);

  it("refuses to overwrite a local bundle that differs, and --dry-run shows the diff without writing", async () => {
    await start(WEB_SKILLS.slice(0, 1));
    await mkdir(join(cwd, "skills", "say-hi"), { recursive: true });
    const path = join(cwd, "skills", "say-hi", "SKILL.md");
    await writeFile(path, '---\nname: "Say \\"hi\\""\ndescription: local\n---\nLocal version.\n');

    const dry = await cli("pull", "--names", 'Say "hi"', "--dry-run");
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('would refuse    skills/say-hi/SKILL.md  "Say \\"hi\\"": the local file differs');
    expect(dry.out).toContain("-Local version.\n+\n+Say hi.\n");

    const refused = await cli("pull", "--names", 'Say "hi"');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("the local file differs; pass --force to overwrite it");
    expect(await readFile(path, "utf8")).toContain("Local version.");

    const forced = await cli("pull", "--names", 'Say "hi"', "--force");
    expect(forced.code).toBe(0);
    expect(await readFile(path, "utf8")).toMatch(/\n\nSay hi\.\n$/);
  });

  it("fails on an unknown name, or a --dir plan would never read, before writing anything", async () => {
    await start(WEB_SKILLS.slice(0, 2));
    const result = await cli("pull", "--names", "a: b", "A: B");
    expect(result.code).toBe(1);
    expect(result.err).toContain('no active skill is named "A: B"; did you mean "a: b"?');
    const outside = await cli("pull", "--all-unmanaged", "--dir", "../elsewhere");
    expect(outside.code).toBe(1);
    expect(outside.err).toContain("--dir ../elsewhere is outside the folders the target \"default\" syncs from (.)");
    await expect(readdir(cwd)).resolves.toEqual([]);
  });
});

describe("pull --drifted", () => {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
  const skillMd = (body: string) => `---\nname: sql-review\ndescription: Reviews SQL\n---\n\n${body}`;

  /**
   * A repository with one committed bundle, and the workspace's managed copy of it holding `live`; its ownership
   * record says what was uploaded last: `committed` when Dust was edited since, `live` when git moved ahead.
   */
  async function managed(committed: string, live: string, editedInDust: boolean): Promise<string> {
    git("init", "-q");
    await mkdir(join(cwd, "skills", "sql-review"), { recursive: true });
    const path = join(cwd, "skills", "sql-review", "SKILL.md");
    await writeFile(path, skillMd(committed));
    git("add", ".");
    git("commit", "-q", "-m", "bundle");
    await start([
      {
        name: "sql-review",
        agentFacingDescription: "Reviews SQL",
        userFacingDescription: "Reviews SQL",
        instructions: live,
        source: "api",
        sourceMetadata: {
          filePath: encodeRecord({
            repository: "github.com/acme/skills",
            bundleDir: "skills/sql-review",
            skillMdName: "SKILL.md",
            fingerprint: "0".repeat(16),
            textHash: textHash({ name: "sql-review", description: "Reviews SQL", instructions: editedInDust ? committed : live }),
          }),
        },
      },
    ]);
    return path;
  }

  it("takes Dust's edit of a managed skill back into its committed bundle; plan then only refreshes the record", async () => {
    const path = await managed("Old text.\n", "Edited in the web app.\n", true);
    expect((await planJson()).actions.map((a) => a.kind)).toEqual(["drifted"]);
    const result = await cli("pull", "--drifted");
    expect(result.out).toContain('overwritten     skills/sql-review/SKILL.md  "sql-review"');
    expect(result.code).toBe(0);
    expect(await readFile(path, "utf8")).toBe('---\nname: "sql-review"\ndescription: "Reviews SQL"\n---\n\nEdited in the web app.\n');
    const after = await planJson();
    expect(after.actions.map((a) => [a.kind, a.changes.length])).toEqual([["update", 0]]);
    expect(after.actions[0]!.reasons.join()).toContain("already holds the text edited in Dust");
    expect((await cli("sync")).code).toBe(0);
    expect((await planJson()).actions.map((a) => a.kind)).toEqual(["unchanged"]);
  });

  it("leaves a drifted bundle with uncommitted edits alone unless --force", async () => {
    const path = await managed("Old text.\n", "Edited in the web app.\n", true);
    await writeFile(path, skillMd("Work in progress.\n"));
    const refused = await cli("pull", "--drifted");
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("it has uncommitted changes; commit or discard them first, or pass --force");
    expect(await readFile(path, "utf8")).toContain("Work in progress.");
    expect((await cli("pull", "--drifted", "--force")).code).toBe(0);
    expect(await readFile(path, "utf8")).toContain("Edited in the web app.");
  });

  it("says nothing drifted when the repository is ahead of Dust", async () => {
    const path = await managed("Newer in git.\n", "Older in Dust.\n", false);
    const result = await cli("pull", "--drifted");
    expect(result.code).toBe(0);
    expect(result.out).toContain('note: "sql-review" differs from skills/sql-review/SKILL.md, but not by an edit in Dust');
    expect(result.out).toContain("No skill to pull.");
    expect(await readFile(path, "utf8")).toBe(skillMd("Newer in git.\n"));
  });
});
