import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator, SkillSeed } from "../../src/emulator/index.js";
import { readFilePath } from "../../src/model/ownership-record.js";
import { tempRepo } from "../git/repo.js";
import type { TempRepo } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";

/**
 * The scenarios end to end, through the CLI against the emulator: ownership, change and drift are read
 * off the record Dust stores, never off folders, timestamps or git history.
 */
const WS = "w_own";
const KEY = "sk-own-admin";
const DAY = 86_400_000;

const skillMd = (name: string, body = `Do ${name}.\n`) => `---\nname: ${name}\ndescription: ${name} does things.\n---\n${body}`;

let emulator: Emulator;
const repos: TempRepo[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await emulator?.close();
  for (const r of repos.splice(0)) r.cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(skills: SkillSeed[] = []): Promise<void> {
  emulator = await startEmulator({ seed: { workspaces: [{ id: WS, keys: [{ key: KEY, role: "admin" }], skills }] } });
}

/** A committed repository with an origin remote: the identity comes from it, as in a clone. */
function repository(origin: string, files: Record<string, string>): TempRepo {
  const r = tempRepo();
  repos.push(r);
  r.write(files);
  r.git("add", "-A");
  r.commit("bundles", Date.now() - 10 * DAY);
  r.git("remote", "add", "origin", origin);
  return r;
}

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd, env: { DUST_BASE_URL: emulator.url, DUST_WORKSPACE_ID: WS, DUST_API_KEY: KEY } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function kinds(cwd: string, ...args: string[]): Promise<Record<string, string>> {
  const { out } = await cli(cwd, "plan", ...args, "--format", "json");
  const plan = JSON.parse(out) as { actions: { name: string; kind: string }[] };
  return Object.fromEntries(plan.actions.map((a) => [a.name, a.kind]));
}

const active = () => emulator.store.getSkills(WS).filter((s) => s.status === "active");
const deletes = () => emulator.requests.filter((r) => r.method === "DELETE").length;

describe("two repositories, one workspace", () => {
  for (const path of ["skills", "."]) {
    it(`each syncs and prunes; neither touches the other (path ${path})`, async () => {
      await start();
      const a = repository("https://github.com/acme/team-a.git", {
        "skills/a-one/SKILL.md": skillMd("a-one"),
        "skills/a-two/SKILL.md": skillMd("a-two"),
        "skills/a-three/SKILL.md": skillMd("a-three"),
      });
      // Same folder names, same layout: only the record tells the two apart.
      const b = repository("git@github.com:acme/team-b.git", {
        "skills/b-one/SKILL.md": skillMd("b-one"),
        "skills/b-two/SKILL.md": skillMd("b-two"),
      });
      expect((await cli(a.dir, "sync", path, "--prune")).code).toBe(0);
      expect((await cli(b.dir, "sync", path, "--prune")).code).toBe(0);
      expect(active().map((s) => s.name).sort()).toEqual(["a-one", "a-three", "a-two", "b-one", "b-two"]);
      expect(deletes()).toBe(0);
      // Each plan sees only its own skills; the other repository's are neither orphans nor conflicts.
      expect(await kinds(a.dir, path, "--prune")).toEqual({ "a-one": "unchanged", "a-three": "unchanged", "a-two": "unchanged" });
      expect(await kinds(b.dir, path, "--prune")).toEqual({ "b-one": "unchanged", "b-two": "unchanged" });

      // Team B deletes one bundle: its prune archives that one skill only.
      b.git("rm", "-rq", "skills/b-two");
      b.commit("drop b-two");
      const pruned = await cli(b.dir, "sync", path, "--prune");
      expect(pruned.code).toBe(0);
      expect(deletes()).toBe(1);
      expect(active().map((s) => s.name).sort()).toEqual(["a-one", "a-three", "a-two", "b-one"]);
      expect((await cli(a.dir, "sync", path, "--prune")).code).toBe(0);
      expect(deletes()).toBe(1);
      const owners = Object.fromEntries(active().map((s) => [s.name, (readFilePath(s.sourceMetadata?.filePath) as { record: { repository: string } }).record.repository]));
      expect(owners).toEqual({ "a-one": "github.com/acme/team-a", "a-two": "github.com/acme/team-a", "a-three": "github.com/acme/team-a", "b-one": "github.com/acme/team-b" });
    });
  }

  it("a same-name skill of the other repository is a conflict, never overwritten silently", async () => {
    await start();
    const a = repository("https://github.com/acme/team-a.git", { "skills/shared/SKILL.md": skillMd("shared", "A's text.\n") });
    const b = repository("https://github.com/acme/team-b.git", { "skills/shared/SKILL.md": skillMd("shared", "B's text.\n") });
    expect((await cli(a.dir, "sync", "skills")).code).toBe(0);
    const refused = await cli(b.dir, "sync", "skills");
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("another repository (github.com/acme/team-a, skills/shared/SKILL.md)");
    expect(active().find((s) => s.name === "shared")?.instructions).toBe("A's text.\n");
  });
});

describe("change detection from the record", () => {
  it("an attachment-only change whose upload failed is uploaded on the next push, whatever --changed-since says", async () => {
    await start();
    const r = repository("https://github.com/acme/skills.git", {
      "skills/report/SKILL.md": skillMd("report"),
      "skills/report/assets/data.csv": "a,b\n1,2\n",
      "skills/other/SKILL.md": skillMd("other"),
    });
    expect((await cli(r.dir, "sync", "skills")).code).toBe(0);
    const first = r.git("rev-parse", "HEAD").trim();
    r.write({ "skills/report/assets/data.csv": "a,b\n1,2\n3,4\n" });
    r.git("add", "-A");
    r.commit("new data");
    const attachmentCommit = r.git("rev-parse", "HEAD").trim();
    expect(await kinds(r.dir, "skills")).toEqual({ other: "unchanged", report: "update" });
    // The push's sync fails: a 500 on the import.
    emulator.faults.enqueue({ match: { method: "POST" }, kind: "status", status: 500 });
    const failed = await cli(r.dir, "sync", "skills", "--changed-since", first);
    expect(failed.code).toBe(1);
    // The next push touches another bundle only; its range no longer covers the attachment change.
    r.write({ "skills/other/SKILL.md": skillMd("other", "Do other, better.\n") });
    r.git("add", "-A");
    r.commit("other");
    expect(await kinds(r.dir, "skills", "--changed-since", attachmentCommit)).toEqual({ other: "update", report: "update" });
    const next = await cli(r.dir, "sync", "skills", "--changed-since", attachmentCommit);
    expect(next.code).toBe(0);
    expect(await kinds(r.dir, "skills")).toEqual({ other: "unchanged", report: "unchanged" });
    const posts = emulator.requests.filter((q) => q.method === "POST" && q.status === 200).flatMap((q) => q.skillNames ?? []);
    expect(posts.filter((n) => n === "report")).toHaveLength(2); // created, then the attachment change, once
  });

  it("a shallow clone (--depth 1) detects a Dust edit as drift", async () => {
    await start();
    const origin = repository("https://github.com/acme/skills.git", {
      "skills/alpha/SKILL.md": skillMd("alpha"),
      "skills/beta/SKILL.md": skillMd("beta"),
    });
    origin.write({ "skills/beta/SKILL.md": skillMd("beta", "Do beta, v2.\n") });
    origin.git("add", "-A");
    origin.commit("beta v2");
    const clone = realpathSync(mkdtempSync(join(tmpdir(), "dust-skills-shallow-")));
    dirs.push(clone);
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${origin.dir}`, clone]);
    execFileSync("git", ["remote", "set-url", "origin", "https://github.com/acme/skills.git"], { cwd: clone });
    expect(execFileSync("git", ["rev-list", "--count", "HEAD"], { cwd: clone, encoding: "utf8" }).trim()).toBe("1");
    expect((await cli(clone, "sync", "skills")).code).toBe(0);
    const alpha = active().find((s) => s.name === "alpha")!;
    emulator.store.editSkill(WS, alpha.sId, { instructions: "Edited in Dust.\n" });
    expect(await kinds(clone, "skills")).toEqual({ alpha: "drifted", beta: "unchanged" });
  });

  it("queued runs: syncing rev0 after rev1 was committed shows no false drift for rev1", async () => {
    await start();
    const r = repository("https://github.com/acme/skills.git", { "skills/alpha/SKILL.md": skillMd("alpha", "rev0\n") });
    const rev0 = r.git("rev-parse", "HEAD").trim();
    // rev1 is committed (an hour ago) before the run for rev0 gets to sync.
    r.write({ "skills/alpha/SKILL.md": skillMd("alpha", "rev1\n") });
    r.git("add", "-A");
    r.commit("rev1", Date.now() - 3_600_000);
    r.git("checkout", "-q", rev0);
    expect((await cli(r.dir, "sync", "skills")).code).toBe(0);
    r.git("checkout", "-q", "main");
    const plan = await kinds(r.dir, "skills");
    expect(plan).toEqual({ alpha: "update" });
    expect((await cli(r.dir, "sync", "skills")).code).toBe(0);
    expect(active().find((s) => s.name === "alpha")?.instructions).toBe("rev1\n");
  });
});

describe("legacy skills (written by earlier versions: plain path, no record)", () => {
  const legacy: SkillSeed = {
    name: "alpha",
    agentFacingDescription: "alpha does things.",
    userFacingDescription: "alpha does things.",
    instructions: "Do alpha.\n",
    source: "api",
    sourceMetadata: { filePath: "skills/alpha/SKILL.md" },
  };
  const orphanLegacy: SkillSeed = { ...legacy, name: "gone", sourceMetadata: { filePath: "skills/gone/SKILL.md" } };

  it("are 'legacy: owner unknown' conflicts, never pruned; adopt: legacy takes them over and writes the record", async () => {
    await start([legacy, orphanLegacy]);
    const r = repository("https://github.com/acme/skills.git", { "skills/alpha/SKILL.md": skillMd("alpha") });
    const plan = await cli(r.dir, "plan", "skills", "--prune");
    expect(plan.code).toBe(1);
    expect(plan.out).toContain("legacy: owner unknown");
    expect(plan.out).toContain("adopt: legacy");
    expect(plan.out).not.toMatch(/Archive/);

    r.write({ "dust-skills.yml": `adopt: legacy\ntargets:\n  - name: main\n    workspaceId: ${WS}\n    path: skills\n` });
    const io = captureIo({ cwd: r.dir, env: { DUST_BASE_URL: emulator.url, DUST_API_KEY: KEY } });
    expect(await main(["sync", "--prune"], io)).toBe(0);
    const alpha = active().find((s) => s.name === "alpha")!;
    expect(readFilePath(alpha.sourceMetadata?.filePath)).toMatchObject({ kind: "record", record: { repository: "github.com/acme/skills", bundleDir: "skills/alpha" } });
    // The legacy skill at a path no bundle has is not this repository's to archive.
    expect(active().some((s) => s.name === "gone")).toBe(true);
    expect(deletes()).toBe(0);
    expect(await kinds(r.dir)).toEqual({ alpha: "unchanged" });
  });
});

describe("repository identity", () => {
  it("without one, sync refuses with a message saying how to set one and sends nothing; plan says it owns nothing", async () => {
    await start();
    const r = tempRepo();
    repos.push(r);
    r.write({ "skills/alpha/SKILL.md": skillMd("alpha") });
    const sync = await cli(r.dir, "sync", "skills");
    expect(sync.code).toBe(1);
    expect(sync.err).toContain("No repository identity");
    expect(sync.err).toContain("--repository github.com/<owner>/<name>");
    expect(sync.err).not.toMatch(/\n\s+at /);
    const plan = await cli(r.dir, "plan", "skills");
    expect(plan.code).toBe(0);
    expect(plan.out).toContain("No repository identity: nothing in the workspace counts as this repository's, and sync refuses to write.");
    expect(emulator.requests.filter((q) => q.method === "POST")).toEqual([]);
    expect((await cli(r.dir, "sync", "skills", "--repository", "git@github.com:acme/skills.git")).code).toBe(0);
  });
});
