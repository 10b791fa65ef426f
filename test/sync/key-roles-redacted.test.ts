/**
 * End to end against the emulator: what a non-admin key cannot do is said by the plan before anything is
 * sent (Dust PR 32947); a skill listed redacted (PR 31830) is never updated, reported as drifted or pulled
 * empty; archived namesakes renamed by Dust confuse neither the plan nor the report.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator, SkillSeed } from "../../src/emulator/index.js";
import { tempRepo } from "../git/repo.js";
import type { TempRepo } from "../git/repo.js";
import { captureIo } from "../helpers/io.js";
import { fingerprintContents } from "../../src/bundle/pack/fingerprint.js";
import { shortHash } from "../../src/model/text-hash.js";
import { adminAndBuilderSeed, REPOSITORY, synced } from "./synced.js";

const ADMIN = "sk-roles-admin-5e1a";
const BUILDER = "sk-roles-builder-7c2d";
const DAY = 86_400_000;
const WS = "w_roles";

const skillMd = (name: string, body: string): string => `---\nname: ${name}\ndescription: ${name} does things.\n---\n${body}`;

/**
 * A skill a sync of skills/<name> stored a month ago, from a SKILL.md with `uploadedBody` (default `body`):
 * its record's fingerprint is that file's, so a bundle that still has it is unchanged.
 */
function managed(name: string, body: string, extra: Partial<SkillSeed> = {}, uploadedBody = body): SkillSeed {
  const dir = `skills/${name}`;
  const data = Buffer.from(skillMd(name, uploadedBody));
  const bundle = { root: "/", dir, skillMd: `${dir}/SKILL.md`, files: [], attachments: [], dropped: [], skill: null };
  const fingerprint = shortHash(fingerprintContents(bundle, [{ rel: "SKILL.md", data }]));
  return synced(name, `${name} does things.`, body, dir, extra, REPOSITORY, fingerprint);
}

let repo: TempRepo;
let emulator: Emulator;

async function start(skills: SkillSeed[], restrictedSpaceIds: string[] = []): Promise<void> {
  emulator = await startEmulator({ seed: adminAndBuilderSeed(WS, { admin: ADMIN, builder: BUILDER }, { skills, restrictedSpaceIds, analytics: { seed: 3, days: 30 } }) });
}

async function cli(key: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: repo.dir, env: { DUST_BASE_URL: emulator.url, DUST_WORKSPACE_ID: WS, DUST_API_KEY: key } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const mutating = (): unknown[] => emulator.requests.filter((r) => r.method === "POST" || r.method === "DELETE");

beforeEach(() => {
  repo = tempRepo();
  repo.write({
    "skills/alpha/SKILL.md": skillMd("alpha", "New alpha text.\n"),
    "skills/beta/SKILL.md": skillMd("beta", "Beta text.\n"),
  });
  repo.git("add", "-A");
  repo.commit("bundles", Date.now() - 10 * DAY);
  repo.git("remote", "add", "origin", "https://github.com/acme/skills.git");
});

afterEach(async () => {
  await emulator?.close();
  repo.cleanup();
});

describe("a builder key", () => {
  it("gets the plan's refusal for updates before anything is sent; sync exits 1", async () => {
    await start([managed("alpha", "Old alpha text.\n")]);
    const plan = await cli(BUILDER, "plan", "skills");
    expect(plan.code).toBe(1);
    expect(plan.out + plan.err).toContain("1 update needs an admin key (alpha)");
    const sync = await cli(BUILDER, "sync", "skills");
    expect(sync.code).toBe(1);
    expect(sync.out + sync.err).toContain("1 update needs an admin key (alpha)");
    expect(mutating()).toEqual([]);
    // The role was learnt from the listing itself: no request beyond the two lists per command.
    expect(emulator.requests.filter((r) => r.method === "GET").length).toBeLessThanOrEqual(6);
    // The same plan with an admin key goes through.
    const admin = await cli(ADMIN, "sync", "skills");
    expect(admin.code, admin.out + admin.err).toBe(0);
  });

  it("may still create skills", async () => {
    await start([]);
    const sync = await cli(BUILDER, "sync", "skills", "--availability", "keep");
    expect(sync.code, sync.out + sync.err).toBe(0);
    expect(emulator.store.getSkills(WS).map((s) => s.name).sort()).toEqual(["alpha", "beta"]);
  });

  it("is refused --prune in the plan, not by a 403 midway", async () => {
    await start([managed("alpha", "New alpha text.\n"), managed("beta", "Beta text.\n"), managed("gone", "Gone.\n")]);
    const sync = await cli(BUILDER, "sync", "skills", "--prune");
    expect(sync.code).toBe(1);
    expect(sync.out + sync.err).toContain("--prune needs an admin key");
    expect(mutating()).toEqual([]);
  });
});

describe("a skill listed redacted (on a space the key cannot read)", () => {
  // Uploaded from the bundle as it is now; its text was edited in Dust since, on a space this key cannot read.
  const secret = (): SkillSeed => managed("alpha", "Secret alpha text.\n", { requestedSpaceIds: ["vlt_finance"] }, "New alpha text.\n");

  it("plan and sync say the content is not readable and send nothing for it", async () => {
    await start([secret(), managed("beta", "Old beta.\n")], ["vlt_finance"]);
    const plan = await cli(ADMIN, "plan", "skills", "--format", "json");
    const json = JSON.parse(plan.out) as { actions: { name: string; kind: string; willUpload: boolean }[]; uncomparable: string[] };
    expect(json.actions.find((a) => a.name === "alpha")).toMatchObject({ kind: "unchanged", willUpload: false });
    expect(json.uncomparable.join("\n")).toContain("alpha: content not readable with this key");
    const sync = await cli(ADMIN, "sync", "skills");
    expect(sync.code, sync.out + sync.err).toBe(0);
    const alpha = emulator.store.getSkills(WS).find((s) => s.name === "alpha");
    expect(alpha?.instructions).toBe("Secret alpha text.\n");
    expect(alpha?.version).toBe(1);
  });

  it("the report calls it not readable, never drifted", async () => {
    await start([secret()], ["vlt_finance"]);
    const report = await cli(ADMIN, "report", "skills", "--format", "json");
    expect(report.code, report.err).toBe(0);
    expect(report.out).toContain("content not readable with this key");
    const rows = JSON.stringify(JSON.parse(report.out));
    expect(rows).not.toMatch(/"state":"drifted"/);
  });

  it("pull leaves it out instead of writing an empty SKILL.md", async () => {
    await start([{ ...secret(), name: "Hidden", sourceMetadata: null, source: "web_app" }], ["vlt_finance"]);
    const pull = await cli(ADMIN, "pull", "--names", "Hidden");
    expect(pull.out + pull.err).toContain("content not readable with this key");
    expect(existsSync(join(repo.dir, "skills", "hidden"))).toBe(false);
  });
});

describe("archived namesakes renamed by Dust", () => {
  it("'alpha (archived on …, skl_…)' is neither an orphan, a conflict nor a create note for alpha", async () => {
    await start([
      managed("alpha", "New alpha text.\n", { sId: "skl_alpha_now" }),
      managed("beta", "Beta text.\n"),
      managed("alpha", "Older.\n", { sId: "skl_alpha_old", status: "archived" }),
    ]);
    // The bundle leaves the repository; --prune archives it, and Dust renames the older archived "alpha".
    repo.git("rm", "-rq", "skills/alpha");
    repo.commit("drop alpha");
    const pruned = await cli(ADMIN, "sync", "skills", "--prune");
    expect(pruned.code, pruned.out + pruned.err).toBe(0);
    const old = emulator.store.getSkills(WS).find((s) => s.sId === "skl_alpha_old");
    expect(old?.name).toMatch(/^alpha \(archived on .+, skl_alpha_old\)$/);

    const again = JSON.parse((await cli(ADMIN, "plan", "skills", "--prune", "--format", "json")).out) as {
      actions: { name: string; kind: string }[];
      errors: string[];
    };
    expect(again.errors).toEqual([]);
    expect(again.actions.map((a) => [a.name, a.kind])).toEqual([["beta", "unchanged"]]);

    // Back in the repository: a create, noting only the archived skill whose name is exactly "alpha".
    repo.write({ "skills/alpha/SKILL.md": skillMd("alpha", "Back.\n") });
    repo.git("add", "-A");
    repo.commit("alpha is back");
    const back = JSON.parse((await cli(ADMIN, "plan", "skills", "--format", "json")).out) as {
      actions: { name: string; kind: string; notes: string[] }[];
    };
    const alpha = back.actions.find((a) => a.name === "alpha");
    expect(alpha?.kind).toBe("create");
    expect(alpha?.notes.join(" ")).toContain("skl_alpha_now");
    expect(alpha?.notes.join(" ")).not.toContain("skl_alpha_old");

    const report = await cli(ADMIN, "report", "skills", "--format", "json");
    expect(report.code, report.err).toBe(0);
    expect(report.out).not.toMatch(/"name":"alpha \(archived on[^"]*","[^"]*":"(drifted|in-sync)"/);
  });
});
