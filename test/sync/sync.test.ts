import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator, SkillSeed } from "../../src/emulator/index.js";
import { DustClient } from "../../src/dust/client.js";
import { applyPlan } from "../../src/sync/apply.js";
import { prepareTargetPlan } from "../../src/gather/plan-inputs.js";
import { resolveTargets } from "../../src/targets.js";
import { readFilePath } from "../../src/model/ownership-record.js";
import { tempRepo } from "../git/repo.js";
import type { TempRepo } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";
import { REPOSITORY, synced } from "./synced.js";

const KEY = "sk-test-admin-8c1f3e";
const DAY = 86_400_000;

function skillMd(name: string, description: string, body: string): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;
}

let repo: TempRepo;
let emulator: Emulator;

const NO_PUBLISH_KEY = "sk-test-builder-nopublish-41d2";

async function start(skills: SkillSeed[]): Promise<void> {
  emulator = await startEmulator({
    seed: {
      workspaces: [
        {
          id: "w_test",
          keys: [
            { key: KEY, role: "admin" },
            { key: NO_PUBLISH_KEY, role: "builder", canPublish: false },
          ],
          skills,
        },
      ],
    },
  });
}

let key = KEY;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({
    cwd: repo.dir,
    env: { DUST_BASE_URL: emulator.url, DUST_WORKSPACE_ID: "w_test", DUST_API_KEY: key },
  });
  const code = await main(args, io);
  const out = io.out();
  const err = io.err();
  expect(out + err).not.toContain(key);
  return { code, out, err };
}

const mutating = (): { method: string; path: string }[] =>
  emulator.requests.filter((r) => r.method === "POST" || r.method === "DELETE");

async function planJson(...args: string[]): Promise<{ summary: Record<string, number>; actions: { kind: string; name: string }[]; errors: string[] }> {
  const { out } = await cli("plan", "skills", "--format", "json", ...args);
  return JSON.parse(out);
}

beforeEach(() => {
  repo = tempRepo();
  repo.write({
    "skills/alpha/SKILL.md": skillMd("alpha", "Alpha does A.", "Do A.\n"),
    "skills/alpha/references/notes.md": "notes\n",
    "skills/beta/SKILL.md": skillMd("beta", "Beta does B.", "Do B.\n"),
    "skills/gamma/SKILL.md": skillMd("gamma", "Gamma does C.", "Do C.\n"),
  });
  repo.git("add", "-A");
  repo.commit("bundles", Date.now() - 10 * DAY);
  repo.git("remote", "add", "origin", "git@github.com:acme/skills.git");
});

afterEach(async () => {
  key = KEY;
  await emulator?.close();
  repo.cleanup();
});

describe("sync against the emulator", () => {
  it("creates, then converges: the second plan is empty and nothing more is uploaded", async () => {
    await start([]);
    const first = await cli("sync", "skills");
    expect(first.code).toBe(0);
    expect(first.out).toContain("Sync: 3 created, 0 updated, 0 archived, 0 failed");
    const live = emulator.store.liveSkills("w_test");
    expect(live.map((s) => s.name).sort()).toEqual(["alpha", "beta", "gamma"]);
    const alpha = live.find((s) => s.name === "alpha")!;
    expect(readFilePath(alpha.sourceMetadata?.filePath)).toMatchObject({ kind: "record", record: { repository: REPOSITORY, bundleDir: "skills/alpha" } });
    expect(alpha.fileAttachments.map((a) => a.fileName)).toEqual(["references/notes.md"]);
    // New skills are published, not left unpublished (Dust's default).
    expect(live.every((s) => s.availability === "workspace_users")).toBe(true);

    const posts = mutating().length;
    const again = await cli("plan", "skills", "--detailed-exitcode");
    expect(again.code).toBe(0);
    expect(again.out).toContain("No changes.");
    const second = await cli("sync", "skills");
    expect(second.code).toBe(0);
    expect(mutating().length).toBe(posts);
  });

  it("updates only what changed, naming the field, and leaves unchanged skills alone", async () => {
    await start([]);
    repo.write({ "skills/alpha/SKILL.md": skillMd("alpha", "Alpha does A.", "Do A, the old way.\n") });
    expect((await cli("sync", "skills")).code).toBe(0);
    repo.write({ "skills/alpha/SKILL.md": skillMd("alpha", "Alpha does A.", "Do A.\n") });
    emulator.requests.length = 0;
    const plan = await planJson();
    const kinds = Object.fromEntries(plan.actions.map((a) => [a.name, a.kind]));
    expect(kinds).toEqual({ alpha: "update", beta: "unchanged", gamma: "unchanged" });
    const text = await cli("plan", "skills", "--detailed-exitcode");
    expect(text.code).toBe(2);
    expect(text.out).toContain("-Do A, the old way.");
    expect(text.out).toContain("+Do A.");
    const sync = await cli("sync", "skills");
    expect(sync.code).toBe(0);
    const imports = emulator.requests.filter((r) => r.method === "POST");
    expect(imports).toHaveLength(1);
    expect(imports[0]!.skillNames).toEqual(["alpha"]);
    expect((await planJson()).summary.update).toBe(0);
  });

  it("a key that may not set availability gets the fix; --availability keep then imports unpublished skills", async () => {
    await start([]);
    key = NO_PUBLISH_KEY;
    const refused = await cli("sync", "skills");
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/permission to change skill availability/);
    expect(refused.out).toMatch(/--availability keep/);
    expect(emulator.store.liveSkills("w_test")).toEqual([]);
    const kept = await cli("sync", "skills", "--availability", "keep");
    expect(kept.code).toBe(0);
    const live = emulator.store.liveSkills("w_test");
    expect(live.map((s) => s.availability)).toEqual(["editors", "editors", "editors"]);
    // A builder key cannot list unpublished skills: each is explained, not failed or polled for.
    expect(kept.out).toMatch(/cannot list unpublished skills/);
    expect(emulator.requests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("never sends two skills of one name, nor a name over 256 characters (Dust would fail midway with a 500)", async () => {
    await start([]);
    repo.write({ "skills/beta-copy/SKILL.md": skillMd("beta", "Another beta.", "Do B again.\n") });
    repo.git("add", "-A");
    repo.commit("a second beta");
    const twins = await cli("sync", "skills");
    expect(twins.code).toBe(1);
    expect(twins.out + twins.err).toContain("beta");
    expect(mutating()).toEqual([]);

    repo.git("rm", "-rq", "skills/beta-copy");
    repo.write({ "skills/long/SKILL.md": skillMd("L".repeat(257), "Too long a name.", "Body.\n") });
    repo.git("add", "-A");
    repo.commit("a long name");
    const long = await cli("sync", "skills", "--on-conflict", "skip");
    expect(long.code).toBe(1);
    expect(long.out + long.err).toMatch(/256/);
    expect(mutating()).toEqual([]);
  });

  it("--format markdown shows the plan and then what sync did, one row per skill", async () => {
    await start([synced("beta", "Beta does B.", "Do B, the old way.\n", "skills/beta/SKILL.md")]);
    const { code, out } = await cli("sync", "skills", "--format", "markdown");
    expect(code).toBe(0);
    const plan = out.indexOf("2 to create, 1 to update");
    const results = out.indexOf("### Sync succeeded");
    expect(plan).toBeGreaterThanOrEqual(0);
    expect(results).toBeGreaterThan(plan);
    expect(out).toContain("| alpha | create | ✅ ok |");
    expect(out).toContain("| beta | update | ✅ ok |");
    expect(out).toContain("| gamma | create | ✅ ok |");
  });

  it("--format markdown says a refused sync sent nothing", async () => {
    await start([{ ...synced("beta", "Beta.", "Web.\n", "skills/beta/SKILL.md"), source: "web_app", sourceMetadata: null }]);
    const { code, out } = await cli("sync", "skills", "--format", "markdown");
    expect(code).toBe(1);
    expect(out).toContain("### Sync refused");
    expect(out).toContain("Nothing was sent: the plan has errors.");
    expect(out).not.toContain("already matched");
    expect(mutating()).toEqual([]);
  });

  it("--out writes the plan and the results to the file and keeps stdout clean", async () => {
    await start([]);
    const { code, out, err } = await cli("sync", "skills", "--out", "out/sync.txt");
    expect(code).toBe(0);
    expect(out).toBe("");
    expect(err).toContain("wrote out/sync.txt");
    const written = readFileSync(join(repo.dir, "out/sync.txt"), "utf8");
    expect(written).toContain("Plan: 3 to create");
    expect(written).toContain("Sync: 3 created, 0 updated, 0 archived, 0 failed");
    expect(written).not.toContain("\u001b[");
    const md = await cli("sync", "skills", "--format", "markdown", "--out", "out/sync.md");
    expect(md.out).toBe("");
    expect(readFileSync(join(repo.dir, "out/sync.md"), "utf8")).toContain("### Sync succeeded");
  });

  it("dry run is plan: the request log holds no POST and no DELETE", async () => {
    await start([synced("old", "Old.", "Old.\n", "skills/old")]);
    const dry = await cli("sync", "skills", "--dry-run", "--prune", "--detailed-exitcode");
    expect(dry.code).toBe(2);
    expect(dry.out).toContain("Plan: 3 to create, 0 to update, 1 to archive");
    expect(mutating()).toEqual([]);
    expect(emulator.requests.length).toBeGreaterThan(0);
  });

  describe("a same-name skill this repo does not own", () => {
    const webApp: SkillSeed = {
      name: "beta",
      agentFacingDescription: "Made in the web app.",
      userFacingDescription: "Made in the web app.",
      instructions: "Web app body.\n",
      source: "web_app",
    };

    it("error: the plan fails listing the conflict, and sync sends nothing", async () => {
      await start([webApp]);
      const plan = await cli("plan", "skills");
      expect(plan.code).toBe(1);
      expect(plan.out).toMatch(/conflict/i);
      const sync = await cli("sync", "skills");
      expect(sync.code).toBe(1);
      expect(mutating()).toEqual([]);
      expect(emulator.store.liveSkills("w_test").find((s) => s.name === "beta")?.instructions).toBe("Web app body.\n");
    });

    it("skip: the others sync, the conflicting skill is left as it is", async () => {
      await start([webApp]);
      const sync = await cli("sync", "skills", "--on-conflict", "skip");
      expect(sync.code).toBe(0);
      const beta = emulator.store.liveSkills("w_test").filter((s) => s.name === "beta");
      expect(beta).toHaveLength(1);
      expect(beta[0]!.source).toBe("web_app");
      expect(beta[0]!.instructions).toBe("Web app body.\n");
      const names = emulator.requests.filter((r) => r.method === "POST").flatMap((r) => r.skillNames ?? []);
      expect(names.sort()).toEqual(["alpha", "gamma"]);
    });

    it("override: takes it over in place (same sId), sending override only for that name", async () => {
      await start([webApp]);
      const sId = emulator.store.liveSkills("w_test").find((s) => s.name === "beta")!.sId;
      const plan = await planJson("--on-conflict", "override");
      expect(plan.actions.find((a) => a.name === "beta")?.kind).toBe("takeover");
      const sync = await cli("sync", "skills", "--on-conflict", "override");
      expect(sync.code).toBe(0);
      const beta = emulator.store.liveSkills("w_test").find((s) => s.name === "beta")!;
      expect(beta.sId).toBe(sId);
      expect(beta.source).toBe("api");
      expect(readFilePath(beta.sourceMetadata?.filePath)).toMatchObject({ kind: "record", record: { repository: REPOSITORY, bundleDir: "skills/beta" } });
      const posts = emulator.requests.filter((r) => r.method === "POST");
      expect(posts.some((r) => JSON.stringify(r.skillNames) === JSON.stringify(["beta"]))).toBe(true);
      expect((await planJson()).summary.takeover).toBe(0);
    });

    it("another repository's skill is a conflict too, even at the same path (the server would overwrite it silently)", async () => {
      await start([synced("beta", "Other repo.", "Other.\n", "skills/beta", {}, "github.com/other/skills")]);
      const plan = await planJson();
      expect(plan.actions.find((a) => a.name === "beta")?.kind).toBe("conflict");
      expect(plan.errors.join(" ")).toContain("github.com/other/skills");
    });
  });

  it("drift: a managed skill edited in Dust since its last upload is shown apart from updates", async () => {
    await start([]);
    expect((await cli("sync", "skills")).code).toBe(0);
    const alpha = emulator.store.liveSkills("w_test").find((s) => s.name === "alpha")!;
    emulator.store.editSkill("w_test", alpha.sId, { instructions: "Edited in Dust.\n" });
    repo.write({ "skills/beta/SKILL.md": skillMd("beta", "Beta does B.", "Newer body.\n") });
    const plan = await planJson();
    const kinds = Object.fromEntries(plan.actions.map((a) => [a.name, a.kind]));
    expect(kinds["alpha"]).toBe("drifted");
    expect(kinds["beta"]).toBe("update");
    const text = await cli("plan", "skills");
    expect(text.out).toMatch(/Drifted/);
  });

  it("orphan: shown without --prune, archived with it; another repository's skill in the same folder is never touched", async () => {
    await start([
      synced("old", "Old.", "Old.\n", "skills/old"),
      synced("foreign", "Elsewhere.", "Elsewhere.\n", "skills/foreign", {}, "github.com/other/skills"),
      synced("legacy", "Legacy.", "Legacy.\n", "skills/legacy", { sourceMetadata: { filePath: "skills/legacy/SKILL.md" } }),
    ]);
    const plan = await planJson();
    expect(plan.actions.find((a) => a.name === "old")?.kind).toBe("orphan");
    expect(plan.actions.find((a) => a.name === "foreign")).toBeUndefined();
    expect(plan.actions.find((a) => a.name === "legacy")).toBeUndefined();
    await cli("sync", "skills");
    expect(emulator.requests.filter((r) => r.method === "DELETE")).toEqual([]);
    const pruned = await cli("sync", "skills", "--prune");
    expect(pruned.code).toBe(0);
    const deletes = emulator.requests.filter((r) => r.method === "DELETE");
    expect(deletes).toHaveLength(1);
    const status = Object.fromEntries(emulator.store.getSkills("w_test").map((s) => [s.name, s.status]));
    expect(status["old"]).toBe("archived");
    expect(status["foreign"]).toBe("active");
    expect(status["legacy"]).toBe("active");
  });

  it("prune guards: refuses on an empty desired set, and above 30% without --force", async () => {
    const owned = ["a1", "a2", "a3", "a4", "a5"].map((n) => synced(n, `${n}.`, `${n}.\n`, `skills/${n}`));
    await start(owned);
    // 5 orphans of 8 managed skills: more than 3 and more than 30%.
    const refused = await cli("sync", "skills", "--prune");
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/--prune would archive 5 of 5 managed skills \(more than 30%\): "a1", "a2", "a3", "a4", "a5"; refusing without --force\. Pass --force to archive them\./);
    expect(mutating()).toEqual([]);
    // plan --prune shows the whole plan, the refusal as a plan error, and exits 1.
    const plan = await cli("plan", "skills", "--prune");
    expect(plan.code).toBe(1);
    expect(plan.out).toMatch(/Archive \(--prune\) \(5\)/);
    expect(plan.out).toMatch(/Create \(3\)/);
    expect(plan.out).toContain("Pass --force to archive them.");
    const forced = await cli("sync", "skills", "--prune", "--force");
    expect(forced.code).toBe(0);
    expect(emulator.requests.filter((r) => r.method === "DELETE")).toHaveLength(5);

    // The folder is still there, with no bundle in it: refused even with --force, nothing archived.
    repo.git("rm", "-rq", "skills");
    repo.write({ "skills/README.md": "Bundles moved elsewhere.\n" });
    repo.git("add", "-A");
    repo.commit("remove every bundle");
    const before = emulator.requests.filter((r) => r.method === "DELETE").length;
    const empty = await cli("sync", "skills", "--prune", "--force");
    expect(empty.code).toBe(1);
    expect(empty.out).toMatch(/--prune would archive 3 skill\(s\) because no bundle was found \("alpha", "beta", "gamma"\); refusing, with or without --force/);
    expect(emulator.requests.filter((r) => r.method === "DELETE")).toHaveLength(before);
    expect(emulator.store.getSkills("w_test").filter((s) => s.status === "active").map((s) => s.name).sort()).toEqual(["alpha", "beta", "gamma"]);
  });

  it("a fault mid-sync fails only that upload; a re-run converges", async () => {
    await start([]);
    emulator.faults.enqueue({ match: { method: "POST" }, kind: "drop" });
    const broken = await cli("sync", "skills");
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/failed/);
    const rerun = await cli("sync", "skills");
    expect(rerun.code).toBe(0);
    const plan = await cli("plan", "skills", "--detailed-exitcode");
    expect(plan.code).toBe(0);
    expect(emulator.store.liveSkills("w_test").map((s) => s.name).sort()).toEqual(["alpha", "beta", "gamma"]);
  });

  it("a skill created in Dust between plan and upload is refused by the server, not overwritten", async () => {
    await start([]);
    const [target] = await resolveTargets({ flags: {}, paths: ["skills"], cwd: repo.dir, env: { DUST_BASE_URL: emulator.url, DUST_WORKSPACE_ID: "w_test", DUST_API_KEY: KEY } });
    const client = new DustClient(target!.connection);
    const prepared = await prepareTargetPlan(target!, client, { onConflict: "error", prune: false, availability: null, cwd: repo.dir, env: {} });
    expect(prepared.plan.actions.find((a) => a.name === "alpha")?.kind).toBe("create");
    // Someone creates "alpha" in the web app after the plan was made.
    emulator.store.addSkill("w_test", {
      name: "alpha",
      agentFacingDescription: "Made by hand.",
      userFacingDescription: "Made by hand.",
      instructions: "Hand-made.\n",
      source: "web_app",
    });
    const result = await applyPlan(prepared.plan, prepared.bundles, client, { repository: prepared.repository! });
    await client.close();
    expect(result.ok).toBe(false);
    const failed = result.results.filter((r) => r.status === "failed");
    expect(failed.map((r) => r.name)).toContain("alpha");
    expect(failed.map((r) => r.message).join(" ")).toMatch(/A different skill named "alpha" already exists/);
    const alpha = emulator.store.liveSkills("w_test").filter((s) => s.name === "alpha");
    expect(alpha).toHaveLength(1);
    expect(alpha[0]!.instructions).toBe("Hand-made.\n");
  });
});
