import { describe, expect, it } from "vitest";
import type { ImportResult } from "../../src/dust/types.js";
import type { Availability, LiveSkill, OnConflict } from "../../src/model/skill.js";
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

/** Records every import and answers as Dust would: everything named was written, as `after` shows it. */
function fakeClient(
  after: LiveSkill[],
  opts: { seesUnpublished?: boolean; failImportOf?: string; failMessage?: string } = {},
): SyncClient & { sent: Sent[]; archived: string[]; listed: number } {
  const sent: Sent[] = [];
  const archived: string[] = [];
  let listed = 0;
  return {
    sent,
    archived,
    async importSkills(req): Promise<ImportResult> {
      const names = req.names ?? [];
      sent.push({ names, onConflict: req.onConflict, availability: req.availability });
      if (opts.failImportOf && names.includes(opts.failImportOf)) {
        throw new DustApiError({ message: opts.failMessage ?? "Dust refused the import: boom", method: "POST", path: "/skills", retryable: false, attempts: 1, waitedMs: 0, status: 400 });
      }
      return { imported: names.map((n) => after.find((s) => s.name === n) ?? live(n)), updated: [], skipped: [] };
    },
    async archiveSkill(sId) {
      archived.push(sId);
    },
    async listActiveSkills() {
      listed++;
      return { skills: after, seesUnpublished: opts.seesUnpublished ?? true };
    },
    get listed() {
      return listed;
    },
  };
}

const readFile = async (): Promise<Buffer> => Buffer.from("---\nname: x\ndescription: y\n---\nbody\n");
const input = { onConflict: "override" as const, prune: true };

/** A new skill, an update of a published one and of an unpublished one: two requests. */
function createAndTwoUpdates() {
  const fresh = bundle("fresh");
  const a = bundle("a", { instructions: "new\n" });
  const hidden = bundle("hidden", { instructions: "new\n" });
  const active = [liveFrom(bundle("a", { instructions: "old\n" })), liveFrom(bundle("hidden", { instructions: "old\n" }), { availability: "editors" })];
  const plan = buildPlan(planInput({ ...input, bundles: [fresh, a, hidden], live: { active, archived: [] } }));
  const client = fakeClient([liveFrom(fresh), liveFrom(a), liveFrom(hidden, { availability: "editors" })]);
  return { plan, bundles: [fresh, a, hidden], client };
}

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

  it("creates and updates of already-published skills share one request; an unpublished skill's update keeps its own", async () => {
    const { plan, bundles, client } = createAndTwoUpdates();
    const result = await applyPlan(plan, bundles, client, { repository: REPO, pack: { readFile } });
    expect(result.ok).toBe(true);
    expect(client.sent.map((s) => [s.names.join(","), s.availability ?? null])).toEqual([
      ["a,fresh", "workspace_users"],
      ["hidden", null],
    ]);
  });

  it("calls afterRequest once per request, each time after that request's answer was handled", async () => {
    const { plan, bundles, client } = createAndTwoUpdates();
    const seenAt: number[] = [];
    const result = await applyPlan(plan, bundles, client, { repository: REPO, pack: { readFile }, afterRequest: () => seenAt.push(client.sent.length) });
    expect(result.requests).toBe(2);
    expect(seenAt).toEqual([1, 2]);
  });

  it("one failed upload fails its skills only; the rest still run, and archives are sent", async () => {
    const a = bundle("a");
    const b = bundle("b", { dir: "b" });
    const plan = buildPlan(planInput({ ...input, bundles: [a, b], live: { active: [liveFrom(bundle("a", { instructions: "old\n" })), liveFrom(bundle("gone"))], archived: [] } }));
    const client = fakeClient([liveFrom(b)], { failImportOf: "a" });
    const result = await applyPlan(plan, [a, b], client, { repository: REPO, pack: { readFile, limits: { requestBytes: 600, zipEntries: 1, zipUncompressedBytes: 10 << 20, requestFields: 1000 } } });
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

  it("proves each write from the import answer, with no listing; a skill the key cannot list is explained", async () => {
    const fresh = bundle("fresh");
    const plan = buildPlan(planInput({ ...input, bundles: [fresh], live: { active: [], archived: [] } }));
    const client = fakeClient([liveFrom(fresh, { availability: "editors" })], { seesUnpublished: false });
    const result = await applyPlan(plan, [fresh], client, { repository: REPO, pack: { readFile }, seesUnpublished: false });
    expect(result.results[0]?.status).toBe("ok");
    expect(result.results[0]?.message).toMatch(/cannot list unpublished skills/);
    expect(client.sent).toHaveLength(1);
    expect(client.listed).toBe(0);
    expect(result.ok).toBe(true);
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

describe("applyPlan: an import whose answer was lost", () => {
  const lostAnswer = (): DustApiError =>
    new DustApiError({ message: "The connection to Dust broke", method: "POST", path: "/skills", retryable: false, attempts: 1, waitedMs: 0, code: "ECONNRESET" });

  /** Every import breaks after reaching Dust; the listing shows `after` (or fails). */
  function lostClient(after: LiveSkill[] | Error, seesUnpublished = true): SyncClient & { filters: unknown[] } {
    const filters: unknown[] = [];
    return {
      filters,
      async importSkills(): Promise<ImportResult> {
        throw lostAnswer();
      },
      async archiveSkill() {},
      async listActiveSkills(filter) {
        filters.push(filter);
        if (after instanceof Error) throw after;
        return { skills: after, seesUnpublished };
      },
    };
  }

  it("decides each skill: written (newer and equal), not written (unchanged), absent (failed)", async () => {
    const written = bundle("written", { instructions: "new\n" });
    const stale = bundle("stale", { instructions: "new\n" });
    const fresh = bundle("fresh");
    const before = [live("written", { instructions: "old\n", updatedAt: 1_000 }), live("stale", { instructions: "old\n", updatedAt: 1_000 })];
    const plan = buildPlan(planInput({ ...input, bundles: [written, stale, fresh], live: { active: before, archived: [] } }));
    const client = lostClient([liveFrom(written, { updatedAt: 2_000 }), live("stale", { instructions: "old\n", updatedAt: 1_000 })]);
    const result = await applyPlan(plan, [written, stale, fresh], client, { repository: REPO, pack: { readFile } });
    const by = Object.fromEntries(result.results.map((r) => [r.name, [r.status, r.message]]));
    expect(by["written"]).toEqual(["ok", "Dust's answer was lost; the listing shows it written"]);
    expect(by["stale"]?.[0]).toBe("failed");
    expect(by["stale"]?.[1]).toMatch(/not written: .* unchanged since the plan/);
    expect(by["fresh"]?.[0]).toBe("failed");
    expect(result.uploads.every((u) => u.status === "lost")).toBe(true);
    expect(result.ok).toBe(false);
  });

  it("a listing that fails leaves every lost skill 'may have been applied'", async () => {
    const fresh = bundle("fresh");
    const plan = buildPlan(planInput({ ...input, bundles: [fresh], live: { active: [], archived: [] } }));
    const client = lostClient(new DustApiError({ message: "down", method: "GET", path: "/skills", retryable: true, attempts: 3, waitedMs: 0, status: 503 }));
    const result = await applyPlan(plan, [fresh], client, { repository: REPO, pack: { readFile } });
    expect(result.results[0]?.status).toBe("unknown");
    expect(result.results[0]?.message).toMatch(/^may have been applied/);
    expect(client.filters).toEqual([{ availability: ["workspace_users"] }]);
  });

  it("a refusal Dust makes before writing (400) is a plain failure, with no listing", async () => {
    const fresh = bundle("fresh");
    const plan = buildPlan(planInput({ ...input, bundles: [fresh], live: { active: [], archived: [] } }));
    const client = fakeClient([], { failImportOf: "fresh" });
    const result = await applyPlan(plan, [fresh], client, { repository: REPO, pack: { readFile } });
    expect(result.results[0]?.status).toBe("failed");
    expect(client.listed).toBe(0);
  });
});
