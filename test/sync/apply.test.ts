import { describe, expect, it } from "vitest";
import type { Availability, LiveSkill, OnConflict } from "../../src/model/skill.js";
import type { ImportResult } from "../../src/dust/types.js";
import { DustApiError } from "../../src/dust/errors.js";
import { buildPlan } from "../../src/plan/plan.js";
import { applyPlan } from "../../src/sync/apply.js";
import type { SyncClient } from "../../src/sync/apply.js";
import { bundle, input as planInput, live, liveFrom, REPO } from "../plan/factories.js";

interface Sent {
  names: string[];
  onConflict: OnConflict | undefined;
  availability: Availability | undefined;
}

/** Records every import and answers as Dust would: everything named was written. */
function fakeClient(
  after: LiveSkill[],
  opts: { seesUnpublished?: boolean; failImportOf?: string; failMessage?: string } = {},
): SyncClient & { sent: Sent[]; archived: string[] } {
  const sent: Sent[] = [];
  const archived: string[] = [];
  return {
    sent,
    archived,
    async importSkills(req): Promise<ImportResult> {
      const names = req.names ?? [];
      sent.push({ names, onConflict: req.onConflict, availability: req.availability });
      if (opts.failImportOf && names.includes(opts.failImportOf)) {
        throw new DustApiError({ message: opts.failMessage ?? "Dust refused the import: boom", method: "POST", path: "/skills", retryable: false, attempts: 1, waitedMs: 0, status: 400 });
      }
      return { imported: names.map((n) => live(n)), updated: [], skipped: [] };
    },
    async archiveSkill(sId) {
      archived.push(sId);
    },
    async listAllSkills() {
      return { active: after, archived: [], seesUnpublished: opts.seesUnpublished ?? true };
    },
  };
}

const readFile = async (): Promise<Buffer> => Buffer.from("---\nname: x\ndescription: y\n---\nbody\n");
const input = { onConflict: "override" as const, prune: true };

describe("applyPlan", () => {
  it("sends override only for planned takeovers, named; everything else with onConflict=error", async () => {
    const fresh = bundle("fresh");
    const taken = bundle("taken");
    const plan = buildPlan(planInput({ ...input, bundles: [fresh, taken], live: { active: [live("taken", { source: "web_app", filePath: null })], archived: [] } }));
    const client = fakeClient([liveFrom(fresh), liveFrom(taken)]);
    const result = await applyPlan(plan, [fresh, taken], client, { repository: REPO, pack: { readFile } });
    expect(result.ok).toBe(true);
    const byName = Object.fromEntries(client.sent.map((s) => [s.names.join(","), s]));
    expect(byName["taken"]?.onConflict).toBe("override");
    expect(byName["fresh"]?.onConflict).toBe("error");
    // New skills are published by default; a takeover keeps the availability chosen in Dust.
    expect(byName["fresh"]?.availability).toBe("workspace_users");
    expect(byName["taken"]?.availability).toBeUndefined();
  });

  it("one failed upload fails its skills only; the rest still run, and archives are sent", async () => {
    const a = bundle("a");
    const b = bundle("b", { dir: "b" });
    const plan = buildPlan(planInput({ ...input, bundles: [a, b], live: { active: [liveFrom(bundle("a", { instructions: "old\n" })), liveFrom(bundle("gone"))], archived: [] } }));
    const client = fakeClient([liveFrom(b)], { failImportOf: "a" });
    const result = await applyPlan(plan, [a, b], client, { repository: REPO, pack: { readFile, limits: { requestBytes: 5 << 20, zipEntries: 1, zipUncompressedBytes: 10 << 20 } } });
    const status = Object.fromEntries(result.results.map((r) => [r.name, r.status]));
    expect(status).toEqual({ a: "failed", b: "ok", gone: "ok" });
    expect(result.ok).toBe(false);
    expect(client.archived).toEqual(["skl_gone"]);
    expect(result.results.find((r) => r.name === "a")?.message).toContain("boom");
  });

  it("names the upload and its bundles when Dust could not read the ZIP (an ADM-ZIP message)", async () => {
    const a = bundle("a");
    const plan = buildPlan(planInput({ ...input, bundles: [a], live: { active: [], archived: [] } }));
    const failMessage = "Dust could not read an uploaded ZIP: ADM-ZIP: CRC32 checksum failed";
    const result = await applyPlan(plan, [a], fakeClient([], { failImportOf: "a", failMessage }), { repository: REPO, pack: { readFile } });
    expect(result.results.find((r) => r.name === "a")?.message).toMatch(/^Upload skills-1\.zip \(a\): Dust could not read an uploaded ZIP: ADM-ZIP/);
    expect(result.uploads[0]?.message).toContain("skills-1.zip (a)");
  });

  it("explains a skill the key cannot see after import instead of failing or retrying", async () => {
    const fresh = bundle("fresh");
    const plan = buildPlan(planInput({ ...input, bundles: [fresh], live: { active: [], archived: [] } }));
    const client = fakeClient([], { seesUnpublished: false });
    const result = await applyPlan(plan, [fresh], client, { repository: REPO, pack: { readFile } });
    expect(result.results[0]?.status).toBe("unverified");
    expect(result.results[0]?.message).toMatch(/cannot list unpublished skills/);
    expect(client.sent).toHaveLength(1);
  });

  it("verification catches a workspace copy that differs from the bundle", async () => {
    const fresh = bundle("fresh");
    const plan = buildPlan(planInput({ ...input, bundles: [fresh], live: { active: [], archived: [] } }));
    const client = fakeClient([liveFrom(fresh, { instructions: "something else\n" })]);
    const result = await applyPlan(plan, [fresh], client, { repository: REPO, pack: { readFile } });
    expect(result.results[0]?.status).toBe("failed");
    expect(result.results[0]?.message).toMatch(/differs from the bundle in: instructions/);
  });

  it("refuses a plan with errors and sends nothing", async () => {
    const taken = bundle("taken");
    const plan = buildPlan(planInput({ ...input, onConflict: "error", bundles: [taken], live: { active: [live("taken", { source: "web_app" })], archived: [] } }));
    const client = fakeClient([]);
    await expect(applyPlan(plan, [taken], client, { repository: REPO, pack: { readFile } })).rejects.toThrow(/nothing was sent/);
    expect(client.sent).toEqual([]);
  });
});
