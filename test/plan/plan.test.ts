import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan.js";
import type { PlanAction } from "../../src/model/plan.js";
import { bundle, input, live, liveFrom, recordPath } from "./factories.js";

const only = (actions: PlanAction[]): PlanAction => {
  expect(actions).toHaveLength(1);
  return actions[0] as PlanAction;
};

describe("create", () => {
  it("creates a skill no active skill is named like", () => {
    const plan = buildPlan(input({ bundles: [bundle("alpha")], availability: "workspace_users" }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "create", name: "alpha", willUpload: true, availability: "workspace_users", live: null });
    expect(a.bundle).toEqual({ dir: "skills/alpha", skillMd: "skills/alpha/SKILL.md", filePath: recordPath(bundle("alpha")) });
    expect(plan.summary.create).toBe(1);
    expect(plan.hasChanges).toBe(true);
    expect(plan.errors).toEqual([]);
  });

  it("says that an archived skill with the name is not restored", () => {
    const archived = live("alpha", { status: "archived", sId: "skl_old" });
    const plan = buildPlan(input({ bundles: [bundle("alpha")], live: { active: [], archived: [archived] } }));
    const a = only(plan.actions);
    expect(a.kind).toBe("create");
    expect(a.notes.join()).toContain("archived skill with this name exists (sId skl_old)");
    expect(a.notes.join()).toContain("new sId");
  });

  it("matches names exactly: case differs means another skill", () => {
    const b = bundle("alpha");
    const plan = buildPlan(input({ bundles: [b], live: { active: [liveFrom(b, { name: "Alpha" })], archived: [] } }));
    expect(plan.actions.find((a) => a.name === "alpha")?.kind).toBe("create");
  });
});

describe("managed skills (decided from the ownership record)", () => {
  it("is unchanged when the fingerprint and the text hash match the record", () => {
    const b = bundle("alpha");
    const plan = buildPlan(input({ bundles: [b], live: { active: [liveFrom(b)], archived: [] } }));
    expect(only(plan.actions)).toMatchObject({ kind: "unchanged", willUpload: false, changes: [] });
    expect(plan.hasChanges).toBe(false);
    expect(plan.uncomparable).toEqual([]);
  });

  it("updates a bundle changed since the last upload, naming fields, diffing instructions, listing attachments", () => {
    const before = bundle("alpha", { description: "old", instructions: "one\nTWO\nthree\n", attachments: ["a.py", "gone.txt"] });
    const b = bundle("alpha", { description: "new", instructions: "one\ntwo\nthree\n", attachments: ["a.py", "b.md"] });
    const a = only(buildPlan(input({ bundles: [b], live: { active: [liveFrom(before)], archived: [] } })).actions);
    expect(a.kind).toBe("update");
    expect(a.changes.map((c) => c.field)).toEqual(["description", "instructions", "attachments"]);
    expect(a.changes[0]).toMatchObject({ before: "old", after: "new", liveFields: ["agentFacingDescription", "userFacingDescription"] });
    expect(a.changes[1]?.diff).toContain("-TWO\n+two\n");
    expect(a.changes[1]).toMatchObject({ added: 1, removed: 1 });
    expect(a.changes[2]).toMatchObject({ added: ["b.md"], removed: ["gone.txt"] });
    expect(a.reasons.join()).toContain("description, instructions, attachments");
    expect(a.willUpload).toBe(true);
    // The upload writes a new record: this repository, the same path, the new fingerprint and text hash.
    expect(a.bundle?.filePath).toBe(recordPath(b));
  });

  it("updates when only an attachment's bytes changed: the fingerprint says so, no git needed", () => {
    const b = bundle("alpha", { attachments: ["data.csv"] });
    const stale = liveFrom(b, { filePath: recordPath(b, { fingerprint: "0000000000000000" }) });
    const a = only(buildPlan(input({ bundles: [b], live: { active: [stale], archived: [] } })).actions);
    expect(a).toMatchObject({ kind: "update", willUpload: true, changes: [], changedInGit: null });
    expect(a.reasons.join()).toContain("an attachment's contents changed");
  });

  it("ignores git: a folder git calls changed is unchanged when its fingerprint is not", () => {
    const b = bundle("alpha", { attachments: ["x.txt"] });
    const a = only(
      buildPlan(input({ bundles: [b], live: { active: [liveFrom(b)], archived: [] }, changedDirs: new Set([b.dir]), changedSince: "HEAD~1" })).actions,
    );
    expect(a).toMatchObject({ kind: "unchanged", changedInGit: true, willUpload: false });
  });

  it("updates a moved bundle in place (same identity and name, new path), not a conflict", () => {
    const b = bundle("alpha", { dir: "team/alpha" });
    const movedFrom = liveFrom(b, { filePath: recordPath(b, { dir: "skills/alpha" }) });
    const plan = buildPlan(input({ bundles: [b], live: { active: [movedFrom], archived: [] }, prune: true }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "update", willUpload: true, live: { sId: "skl_alpha" } });
    expect(a.reasons.join()).toContain("Moved in the repository from skills/alpha/SKILL.md to skills/team/alpha/SKILL.md");
    expect(plan.errors).toEqual([]);
    expect(plan.summary.archive).toBe(0);
  });

  it("compares availability only when one is sent and the live one is known", () => {
    const b = bundle("alpha");
    const unpublished = liveFrom(b, { availability: "editors" });
    const sent = only(
      buildPlan(input({ bundles: [b], live: { active: [unpublished], archived: [] }, availability: "workspace_users" })).actions,
    );
    expect(sent.kind).toBe("update");
    expect(sent.changes).toEqual([expect.objectContaining({ field: "availability", before: "editors", after: "workspace_users" })]);
    const notSent = only(buildPlan(input({ bundles: [b], live: { active: [unpublished], archived: [] } })).actions);
    expect(notSent.kind).toBe("unchanged");
    const { availability: _drop, ...unknown } = liveFrom(b);
    const unknownLive = only(
      buildPlan(input({ bundles: [b], live: { active: [unknown], archived: [] }, availability: "workspace_users" })).actions,
    );
    expect(unknownLive.kind).toBe("unchanged");
  });
});

describe("drift (the live text against the recorded text hash)", () => {
  const b = bundle("alpha", { instructions: "repo text\n" });

  it("is drift when the live text no longer hashes to the record, whatever the timestamps", () => {
    const l = liveFrom(b, { instructions: "edited in Dust\n", updatedAt: 1 });
    const plan = buildPlan(input({ bundles: [b], live: { active: [l], archived: [] } }));
    const a = only(plan.actions);
    expect(a.kind).toBe("drifted");
    expect(a.willUpload).toBe(true);
    expect(a.reasons.join(" ")).toContain("overwrites the Dust edit");
    expect(plan.summary).toMatchObject({ drifted: 1, update: 0 });
    expect(plan.hasChanges).toBe(true);
  });

  it("is drift when only the user-facing description was edited apart in Dust", () => {
    const a = only(buildPlan(input({ bundles: [b], live: { active: [liveFrom(b, { userFacingDescription: "for users" })], archived: [] } })).actions);
    expect(a.kind).toBe("drifted");
    expect(a.changes).toEqual([expect.objectContaining({ field: "description", liveFields: ["userFacingDescription"] })]);
    expect(a.reasons.join()).toContain("descriptions were edited apart");
  });

  it("is an update, not drift, when the repository changed and Dust did not, however recent the Dust write", () => {
    const before = bundle("alpha", { instructions: "older repo text\n" });
    const a = only(buildPlan(input({ bundles: [b], live: { active: [liveFrom(before, { updatedAt: 9e12 })], archived: [] } })).actions);
    expect(a.kind).toBe("update");
  });

  it("says when both sides changed", () => {
    const before = bundle("alpha", { instructions: "older repo text\n" });
    const l = liveFrom(before, { instructions: "edited in Dust\n" });
    const a = only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] } })).actions);
    expect(a.kind).toBe("drifted");
    expect(a.notes.join()).toContain("also changed in the repository");
  });

  it("compares a redacted skill by its record alone, never updating it from missing text", () => {
    const redacted = { ...liveFrom(b), instructions: null as unknown as string, fileAttachments: [] };
    const plan = buildPlan(input({ bundles: [b], live: { active: [redacted], archived: [] } }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "unchanged", willUpload: false, changes: [] });
    expect(a.reasons.join()).toContain("redacted");
    expect(plan.uncomparable.join()).toContain("content not readable with this key");
    const changed = bundle("alpha", { instructions: "new repo text\n" });
    const stale = { ...liveFrom(b), instructions: null as unknown as string };
    expect(only(buildPlan(input({ bundles: [changed], live: { active: [stale], archived: [] } })).actions).kind).toBe("update");
  });
});

describe("conflicts", () => {
  const b = bundle("alpha");
  const webApp = live("alpha", { source: "web_app", filePath: null, sId: "skl_web" });

  it("fails the plan under --on-conflict error, listing every conflict", () => {
    const b2 = bundle("beta");
    const otherRepo = liveFrom(b2, { sId: "skl_other", filePath: recordPath(b2, { repository: "github.com/other/skills" }) });
    const plan = buildPlan(input({ bundles: [b, b2], live: { active: [webApp, otherRepo], archived: [] } }));
    expect(plan.actions.map((a) => [a.name, a.kind, a.willUpload, a.conflictPolicy])).toEqual([
      ["alpha", "conflict", false, "error"],
      ["beta", "conflict", false, "error"],
    ]);
    expect(plan.errors).toHaveLength(2);
    expect(plan.errors[0]).toContain('"alpha" (sId skl_web)');
    expect(plan.errors[0]).toContain('source "web_app"');
    expect(plan.errors[1]).toContain("another repository (github.com/other/skills, skills/beta/SKILL.md)");
    expect(plan.summary.conflict).toBe(2);
  });

  it("treats an API skill with no recorded path, no source, or a record of a newer version as not ours", () => {
    const noPath = live("alpha", { filePath: null });
    const noSource = liveFrom(b, { source: null });
    const newer = live("alpha", { filePath: "dust-skills/v2/github.com/acme/skills/whatever/SKILL.md" });
    for (const l of [noPath, noSource, newer]) {
      const a = only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] } })).actions);
      expect(a.kind).toBe("conflict");
    }
    expect(buildPlan(input({ bundles: [b], live: { active: [newer], archived: [] } })).errors.join()).toContain("newer dust-skills");
  });

  it("calls a plain-path skill legacy, adopted only with adopt: legacy at its own path or --on-conflict override", () => {
    const legacy = live("alpha", { filePath: b.skillMd, sId: "skl_legacy" });
    const plan = buildPlan(input({ bundles: [b], live: { active: [legacy], archived: [] } }));
    expect(only(plan.actions).kind).toBe("conflict");
    expect(plan.errors.join()).toContain("legacy: owner unknown");
    expect(plan.errors.join()).toContain("adopt: legacy");
    const adopted = only(buildPlan(input({ bundles: [b], live: { active: [legacy], archived: [] }, adoptLegacy: true })).actions);
    expect(adopted).toMatchObject({ kind: "update", willUpload: true, live: { sId: "skl_legacy" } });
    expect(adopted.bundle?.filePath).toBe(recordPath(b));
    // adopt: legacy never adopts a legacy skill written at another path: that may be another repository's.
    const elsewhere = live("alpha", { filePath: "vendor/alpha/SKILL.md" });
    expect(only(buildPlan(input({ bundles: [b], live: { active: [elsewhere], archived: [] }, adoptLegacy: true })).actions).kind).toBe("conflict");
    expect(only(buildPlan(input({ bundles: [b], live: { active: [legacy], archived: [] }, onConflict: "override" })).actions).kind).toBe("takeover");
  });

  it("shows a skipped conflict and sends nothing under --on-conflict skip", () => {
    const plan = buildPlan(input({ bundles: [b], live: { active: [webApp], archived: [] }, onConflict: "skip" }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "conflict", conflictPolicy: "skip", willUpload: false });
    expect(a.reasons.join()).toContain("nothing is sent");
    expect(plan.errors).toEqual([]);
    expect(plan.hasChanges).toBe(false);
  });

  it("takes over another repository's skill only under --on-conflict override, writing this repository's record", () => {
    const other = liveFrom(b, { filePath: recordPath(b, { repository: "github.com/other/skills" }) });
    const takeover = only(buildPlan(input({ bundles: [b], live: { active: [other], archived: [] }, onConflict: "override" })).actions);
    expect(takeover).toMatchObject({ kind: "takeover", willUpload: true, live: { source: "api", record: { repository: "github.com/other/skills" } } });
    expect(takeover.bundle?.filePath).toBe(recordPath(b));
  });

  it("shows the takeover as such under --on-conflict override", () => {
    const l = live("alpha", { source: "web_app", filePath: null, instructions: "web text\n" });
    const plan = buildPlan(input({ bundles: [b], live: { active: [l], archived: [] }, onConflict: "override" }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "takeover", conflictPolicy: "override", willUpload: true });
    expect(a.live).toMatchObject({ source: "web_app", filePath: null });
    expect(a.changes.map((c) => c.field)).toEqual(["instructions"]);
    expect(a.reasons.join(" ")).toContain("same sId");
    expect(plan.errors).toEqual([]);
    expect(plan.summary.takeover).toBe(1);
    expect(plan.hasChanges).toBe(true);
  });

  it("owns nothing without a repository identity, and says so (sync refuses before planning)", () => {
    const plan = buildPlan(input({ bundles: [b], live: { active: [liveFrom(b)], archived: [] }, repository: null, prune: true }));
    expect(plan.notes.join()).toContain("No repository identity");
    expect(only(plan.actions)).toMatchObject({ kind: "conflict", willArchive: false });
    expect(plan.actions[0]?.bundle?.filePath).toBeNull();
  });
});

describe("orphans and prune (only this repository's records)", () => {
  const kept = bundle("alpha");
  const goneBundle = bundle("old");
  const gone = liveFrom(goneBundle, { sId: "skl_gone" });

  it("lists a skill whose record names this repository and whose bundle is gone as an orphan, left alone", () => {
    const plan = buildPlan(input({ bundles: [kept], live: { active: [liveFrom(kept), gone], archived: [] } }));
    const orphan = plan.actions.find((a) => a.name === "old");
    expect(orphan).toMatchObject({ kind: "orphan", willArchive: false, bundle: null });
    expect(orphan?.live?.sId).toBe("skl_gone");
    expect(plan.hasChanges).toBe(false);
  });

  it("archives it with --prune", () => {
    const plan = buildPlan(input({ bundles: [kept], live: { active: [liveFrom(kept), gone], archived: [] }, prune: true }));
    expect(plan.actions.find((a) => a.name === "old")).toMatchObject({ kind: "archive", willArchive: true, willUpload: false });
    expect(plan.summary.archive).toBe(1);
    expect(plan.hasChanges).toBe(true);
  });

  it("never counts another repository's records, legacy paths, other sources or no path, whatever folder they name", () => {
    const others = [
      liveFrom(goneBundle, { sId: "skl_other", filePath: recordPath(goneBundle, { repository: "github.com/other/skills" }) }),
      live("legacy", { filePath: "skills/legacy/SKILL.md" }),
      live("web", { source: "web_app" }),
      live("nopath", { filePath: null }),
      live("newer", { filePath: "dust-skills/v9/x/SKILL.md" }),
    ];
    const plan = buildPlan(input({ bundles: [kept], live: { active: [liveFrom(kept), ...others], archived: [] }, prune: true }));
    expect(plan.actions.map((a) => a.kind)).toEqual(["unchanged"]);
  });

  it("does not archive the live skill of a bundle that is present but invalid", () => {
    const valid = bundle("beta");
    const broken = bundle("beta", { invalid: true });
    const itsLive = liveFrom(valid);
    const plan = buildPlan(input({ bundles: [kept, broken], live: { active: [liveFrom(kept), itsLive], archived: [] }, prune: true }));
    expect(plan.summary.archive).toBe(0);
    const invalid = plan.actions.find((a) => a.kind === "invalid");
    expect(invalid).toMatchObject({ name: "beta", willUpload: false });
    expect(invalid?.notes.join()).toContain("left as it is");
  });
});

describe("rename in git", () => {
  // The server matches by name: the renamed bundle imports as a new skill, and the old one stays.
  const before = bundle("old-name", { dir: "tool" });
  const renamed = bundle("new-name", { dir: "tool" });
  const old = liveFrom(before, { sId: "skl_old" });

  it("shows rename: creates <new>, <old> becomes an orphan", () => {
    const plan = buildPlan(input({ bundles: [renamed], live: { active: [old], archived: [] } }));
    const create = plan.actions.find((a) => a.kind === "create");
    const orphan = plan.actions.find((a) => a.kind === "orphan");
    expect(create?.renamed).toEqual({ from: "old-name", to: "new-name" });
    expect(create?.changes).toEqual([expect.objectContaining({ field: "name", before: "old-name", after: "new-name" })]);
    expect(create?.notes.join()).toContain('rename: creates "new-name", "old-name" (sId skl_old) becomes an orphan');
    expect(orphan).toMatchObject({ name: "old-name", renamed: { from: "old-name", to: "new-name" } });
    expect(orphan?.reasons.join()).toContain('now named "new-name"');
  });

  it("archives the old skill with --prune", () => {
    const plan = buildPlan(input({ bundles: [renamed], live: { active: [old], archived: [] }, prune: true }));
    expect(plan.actions.map((a) => [a.name, a.kind])).toEqual([
      ["new-name", "create"],
      ["old-name", "archive"],
    ]);
    expect(plan.actions[0]?.notes.join()).toContain("--prune archives it");
  });
});

describe("invalid bundles", () => {
  it("never uploads a bundle Dust would drop, and fails the plan", () => {
    const plan = buildPlan(input({ bundles: [bundle("x", { invalid: true })] }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "invalid", name: null, willUpload: false });
    expect(plan.errors[0]).toContain("skills/x");
  });

  it("marks every bundle sharing a name invalid, reports the name once, and keeps its live skill", () => {
    const a = bundle("dup", { dir: "a" });
    const b = bundle("dup", { dir: "b" });
    const l = liveFrom(a);
    const plan = buildPlan(input({ bundles: [a, b], live: { active: [l], archived: [] }, prune: true }));
    expect(plan.actions.map((x) => x.kind)).toEqual(["invalid", "invalid"]);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]).toContain("skills/a/SKILL.md, skills/b/SKILL.md");
    expect(plan.summary).toMatchObject({ invalid: 2, archive: 0 });
  });
});

describe("selection", () => {
  const a = bundle("alpha", { dir: "team-a/alpha" });
  const b = bundle("beta", { dir: "team-b/beta" });
  const orphan = liveFrom(bundle("old"));

  it("keeps named skills and lists the rest as left out", () => {
    const plan = buildPlan(input({ bundles: [a, b], selection: { names: ["beta"] } }));
    expect(plan.actions.map((x) => x.name)).toEqual(["beta"]);
    expect(plan.excluded).toEqual([{ name: "alpha", dir: "skills/team-a/alpha", skillMd: "skills/team-a/alpha/SKILL.md", reason: "not in --names" }]);
    expect(plan.summary.excluded).toBe(1);
  });

  it("selects by path globs on the folder, a parent folder or the SKILL.md path", () => {
    const names = (globs: string[]) => buildPlan(input({ bundles: [a, b], selection: { globs } })).actions.map((x) => x.name);
    expect(names(["skills/team-a/**"])).toEqual(["alpha"]);
    expect(names(["skills/team-b"])).toEqual(["beta"]);
    expect(names(["**/beta/SKILL.md"])).toEqual(["beta"]);
    expect(names(["skills/*/alpha"])).toEqual(["alpha"]);
    expect(names(["skills/team-?"])).toEqual(["alpha", "beta"]);
  });

  it("keeps only changed bundles with changedOnly", () => {
    const plan = buildPlan(
      input({ bundles: [a, b], changedDirs: new Set([a.dir]), changedSince: "HEAD~1", selection: { changedOnly: true } }),
    );
    expect(plan.actions.map((x) => x.name)).toEqual(["alpha"]);
    expect(plan.excluded[0]?.reason).toBe("no file changed since HEAD~1");
  });

  it("does not look for orphans under a selection, and says so", () => {
    const plan = buildPlan(input({ bundles: [a, b], live: { active: [orphan], archived: [] }, prune: true, selection: { names: ["alpha"] } }));
    expect(plan.actions.map((x) => x.kind)).toEqual(["create"]);
    expect(plan.notes.join()).toContain("--prune needs the whole repository");
    const withoutSelection = buildPlan(input({ bundles: [a, b], live: { active: [orphan], archived: [] }, prune: true }));
    expect(withoutSelection.summary.archive).toBe(1);
  });

  it("fails on a name no bundle has, and notes a path that matches nothing", () => {
    const plan = buildPlan(input({ bundles: [a], selection: { names: ["alpah"], globs: ["nowhere/**"] } }));
    expect(plan.errors).toEqual(['--names: no bundle is named "alpah".']);
    expect(plan.notes.join()).toContain('"nowhere/**" matches no bundle');
  });
});

describe("plan object", () => {
  it("sorts actions by name and counts every kind", () => {
    const z = bundle("zeta");
    const m = bundle("mu");
    const plan = buildPlan(input({ bundles: [z, m], live: { active: [liveFrom(m)], archived: [] } }));
    expect(plan.actions.map((x) => x.name)).toEqual(["mu", "zeta"]);
    expect(plan.summary).toEqual({ create: 1, update: 0, unchanged: 1, conflict: 0, takeover: 0, drifted: 0, archive: 0, orphan: 0, invalid: 0, excluded: 0 });
    expect(plan.version).toBe(1);
    expect(plan.target).toBeNull();
  });

  it("gives every action the same keys in the same order", () => {
    const b = bundle("alpha", { instructions: "new\n" });
    const plan = buildPlan(
      input({
        bundles: [b, bundle("beta"), bundle("gamma", { invalid: true })],
        live: { active: [liveFrom(bundle("alpha", { instructions: "old\n" })), liveFrom(bundle("old"))], archived: [] },
      }),
    );
    const keys = plan.actions.map((x) => Object.keys(x).join(","));
    expect(new Set(keys).size).toBe(1);
    expect(Object.keys(plan)).toEqual(["version", "target", "actions", "excluded", "summary", "uncomparable", "notes", "hasChanges", "errors", "requests"]);
  });
});

describe("a bundle no upload can carry", () => {
  it("is invalid, never uploaded, names the bundle and the limit in a plan error, and keeps its live skill from being an orphan", () => {
    const big = bundle("big");
    const why = "bundle has 1,001 files Dust keeps; one upload holds at most 1000";
    const plan = buildPlan(
      input({ bundles: [big, bundle("ok")], live: { active: [liveFrom(big)], archived: [] }, prune: true, unshippable: new Map([[big.dir, why]]) }),
    );
    const action = plan.actions.find((a) => a.name === "big");
    expect(action).toMatchObject({ kind: "invalid", willUpload: false, willArchive: false, live: { sId: "skl_big" } });
    expect(plan.errors).toEqual([`Bundle skills/big can never be uploaded: ${why}. Split it or remove files, then run \`dust-skills validate skills/big\`.`]);
    expect(plan.actions.filter((a) => a.kind === "archive" || a.kind === "orphan")).toEqual([]);
  });
});
