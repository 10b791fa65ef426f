import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan.js";
import type { PlanAction } from "../../src/model/plan.js";
import { bundle, input, live, liveFrom } from "./factories.js";

const only = (actions: PlanAction[]): PlanAction => {
  expect(actions).toHaveLength(1);
  return actions[0] as PlanAction;
};

describe("create", () => {
  it("creates a skill no active skill is named like", () => {
    const plan = buildPlan(input({ bundles: [bundle("alpha")], availability: "workspace_users" }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "create", name: "alpha", willUpload: true, availability: "workspace_users", live: null });
    expect(a.bundle).toEqual({ dir: "skills/alpha", skillMd: "skills/alpha/SKILL.md" });
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
    const plan = buildPlan(input({ bundles: [b], live: { active: [live("Alpha", { filePath: b.skillMd })], archived: [] } }));
    expect(plan.actions.find((a) => a.name === "alpha")?.kind).toBe("create");
  });
});

describe("managed skills", () => {
  it("is unchanged when everything Dust stores is equal", () => {
    const b = bundle("alpha");
    const plan = buildPlan(input({ bundles: [b], live: { active: [liveFrom(b)], archived: [] } }));
    expect(only(plan.actions)).toMatchObject({ kind: "unchanged", willUpload: false, changes: [] });
    expect(plan.hasChanges).toBe(false);
    expect(plan.uncomparable).toEqual([]);
  });

  it("names differing fields, diffs instructions, lists attachments added and removed", () => {
    const b = bundle("alpha", { description: "new", instructions: "one\ntwo\nthree\n", attachments: ["a.py", "b.md"] });
    const l = liveFrom(b, {
      agentFacingDescription: "old",
      userFacingDescription: "old",
      instructions: "one\nTWO\nthree\n",
      fileAttachments: [
        { fileId: "f1", fileName: "a.py" },
        { fileId: "f2", fileName: "gone.txt" },
      ],
    });
    const a = only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] } })).actions);
    expect(a.kind).toBe("update");
    expect(a.changes.map((c) => c.field)).toEqual(["description", "instructions", "attachments"]);
    expect(a.changes[0]).toMatchObject({ before: "old", after: "new", liveFields: ["agentFacingDescription", "userFacingDescription"] });
    expect(a.changes[1]?.diff).toContain("-TWO\n+two\n");
    expect(a.changes[1]).toMatchObject({ added: 1, removed: 1 });
    expect(a.changes[2]).toMatchObject({ added: ["b.md"], removed: ["gone.txt"] });
    expect(a.reasons.join()).toContain("description, instructions, attachments");
    expect(a.willUpload).toBe(true);
  });

  it("compares the description with both live description fields", () => {
    const b = bundle("alpha", { description: "same" });
    const l = liveFrom(b, { userFacingDescription: "edited for users" });
    const a = only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] } })).actions);
    expect(a.kind).toBe("update");
    expect(a.changes).toHaveLength(1);
    expect(a.changes[0]).toMatchObject({ field: "description", liveFields: ["userFacingDescription"], before: "edited for users" });
  });

  it("updates an equal skill with attachments whose files changed in git, and names what is not comparable", () => {
    const b = bundle("alpha", { attachments: ["data.csv"] });
    const plan = buildPlan(
      input({ bundles: [b], live: { active: [liveFrom(b)], archived: [] }, changedDirs: new Set([b.dir]), changedSince: "origin/main" }),
    );
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "update", changedInGit: true, willUpload: true, changes: [] });
    expect(a.reasons.join()).toContain("since origin/main; attachment contents cannot be compared");
    expect(plan.uncomparable.join()).toContain("origin/main");
  });

  it("keeps an equal skill without attachments unchanged even when git says its folder changed", () => {
    const b = bundle("alpha");
    const a = only(
      buildPlan(input({ bundles: [b], live: { active: [liveFrom(b)], archived: [] }, changedDirs: new Set([b.dir]) })).actions,
    );
    expect(a).toMatchObject({ kind: "unchanged", changedInGit: true, willUpload: false });
  });

  it("says once that attachment contents were not compared when --changed-since was not given", () => {
    const b1 = bundle("alpha", { attachments: ["x.txt"] });
    const b2 = bundle("beta", { attachments: ["y.txt"] });
    const plan = buildPlan(input({ bundles: [b1, b2], live: { active: [liveFrom(b1), liveFrom(b2)], archived: [] } }));
    expect(plan.actions.map((a) => a.kind)).toEqual(["unchanged", "unchanged"]);
    expect(plan.actions.every((a) => a.changedInGit === null)).toBe(true);
    expect(plan.uncomparable).toHaveLength(1);
    expect(plan.uncomparable[0]).toContain("2 unchanged bundle(s)");
    expect(plan.uncomparable[0]).toContain("--changed-since");
  });

  it("compares availability only when one is sent and the live one is known", () => {
    const b = bundle("alpha");
    const unpublished = liveFrom(b, { availability: "editors" });
    const sent = only(
      buildPlan(input({ bundles: [b], live: { active: [unpublished], archived: [] }, availability: "workspace_users" })).actions,
    );
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

describe("drift", () => {
  const b = bundle("alpha", { instructions: "repo text\n" });
  const lastCommitMs = new Map([[b.dir, 5_000]]);

  it("is drift when the live skill differs and was edited after the last commit", () => {
    const l = liveFrom(b, { instructions: "edited in Dust\n", updatedAt: 9_000 });
    const plan = buildPlan(input({ bundles: [b], live: { active: [l], archived: [] }, lastCommitMs }));
    const a = only(plan.actions);
    expect(a.kind).toBe("drifted");
    expect(a.willUpload).toBe(true);
    expect(a.reasons.join(" ")).toContain("overwrites the Dust edit");
    expect(plan.summary).toMatchObject({ drifted: 1, update: 0 });
    expect(plan.hasChanges).toBe(true);
  });

  it("is an ordinary update when the commit is newer than the Dust edit", () => {
    const l = liveFrom(b, { instructions: "old\n", updatedAt: 4_000 });
    expect(only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] }, lastCommitMs })).actions).kind).toBe("update");
  });

  it("is not drift when the live skill is equal, however recent", () => {
    const l = liveFrom(b, { updatedAt: 9_000 });
    expect(only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] }, lastCommitMs })).actions).kind).toBe("unchanged");
  });

  it("is not drift when the bundle has no commit yet", () => {
    const l = liveFrom(b, { instructions: "x\n", updatedAt: 9_000 });
    expect(only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] } })).actions).kind).toBe("update");
  });
});

describe("conflicts", () => {
  const b = bundle("alpha");
  const webApp = live("alpha", { source: "web_app", filePath: null, sId: "skl_web" });

  it("fails the plan under --on-conflict error, listing every conflict", () => {
    const b2 = bundle("beta");
    const otherRepo = live("beta", { filePath: "other/beta/SKILL.md", sId: "skl_other" });
    const plan = buildPlan(input({ bundles: [b, b2], live: { active: [webApp, otherRepo], archived: [] } }));
    expect(plan.actions.map((a) => [a.name, a.kind, a.willUpload, a.conflictPolicy])).toEqual([
      ["alpha", "conflict", false, "error"],
      ["beta", "conflict", false, "error"],
    ]);
    expect(plan.errors).toHaveLength(2);
    expect(plan.errors[0]).toContain('"alpha" (sId skl_web)');
    expect(plan.errors[0]).toContain('source "web_app"');
    expect(plan.errors[1]).toContain("another path (other/beta/SKILL.md)");
    expect(plan.errors[1]).toContain("override takes it over in place");
    expect(plan.summary.conflict).toBe(2);
  });

  it("treats an API skill with no recorded path, or no source, as not ours", () => {
    const noPath = live("alpha", { filePath: null });
    const noSource = live("alpha", { source: null });
    for (const l of [noPath, noSource]) {
      const a = only(buildPlan(input({ bundles: [b], live: { active: [l], archived: [] } })).actions);
      expect(a.kind).toBe("conflict");
    }
  });

  it("shows a skipped conflict and sends nothing under --on-conflict skip", () => {
    const plan = buildPlan(input({ bundles: [b], live: { active: [webApp], archived: [] }, onConflict: "skip" }));
    const a = only(plan.actions);
    expect(a).toMatchObject({ kind: "conflict", conflictPolicy: "skip", willUpload: false });
    expect(a.reasons.join()).toContain("nothing is sent");
    expect(plan.errors).toEqual([]);
    expect(plan.hasChanges).toBe(false);
  });

  it("takes over a skill another repository imported, naming the path it replaces", () => {
    const other = live("alpha", { filePath: "elsewhere/alpha/SKILL.md" });
    const takeover = only(buildPlan(input({ bundles: [b], live: { active: [other], archived: [] }, onConflict: "override" })).actions);
    expect(takeover).toMatchObject({ kind: "takeover", willUpload: true, live: { source: "api", filePath: "elsewhere/alpha/SKILL.md" } });
    const skipped = only(buildPlan(input({ bundles: [b], live: { active: [other], archived: [] }, onConflict: "skip" })).actions);
    expect(skipped.notes.join()).toContain("moved here from elsewhere/alpha/SKILL.md");
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
});

describe("orphans and prune", () => {
  const kept = bundle("alpha");
  const gone = live("old", { sId: "skl_gone", filePath: "skills/old/SKILL.md" });

  it("lists a managed skill whose bundle is gone as an orphan, left alone", () => {
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

  it("never counts skills from other sources, without a path, or outside the owned folders", () => {
    const others = [
      live("web", { source: "web_app" }),
      live("nopath", { filePath: null }),
      live("notskill", { filePath: "skills/x/README.md" }),
      live("elsewhere", { filePath: "vendor/x/SKILL.md" }),
    ];
    const plan = buildPlan(
      input({ bundles: [kept], live: { active: [liveFrom(kept), ...others], archived: [] }, prune: true, ownedPrefixes: ["skills/"] }),
    );
    expect(plan.actions.map((a) => a.kind)).toEqual(["unchanged"]);
  });

  it("accepts any SKILL.md spelling under the default prefix", () => {
    const lower = live("lower", { filePath: "a/b/skill.md" });
    const plan = buildPlan(input({ bundles: [kept], live: { active: [liveFrom(kept), lower], archived: [] } }));
    expect(plan.actions.find((a) => a.name === "lower")?.kind).toBe("orphan");
  });

  it("does not archive the live skill of a bundle that is present but invalid", () => {
    const broken = bundle("beta", { invalid: true });
    const itsLive = live("beta", { filePath: broken.skillMd });
    const plan = buildPlan(input({ bundles: [kept, broken], live: { active: [liveFrom(kept), itsLive], archived: [] }, prune: true }));
    expect(plan.summary.archive).toBe(0);
    const invalid = plan.actions.find((a) => a.kind === "invalid");
    expect(invalid).toMatchObject({ name: "beta", willUpload: false });
    expect(invalid?.notes.join()).toContain("left as it is");
  });
});

describe("rename in git", () => {
  // The server matches by name: the renamed bundle imports as a new skill, and the old one stays.
  const renamed = bundle("new-name", { dir: "tool" });
  const old = live("old-name", { sId: "skl_old", filePath: renamed.skillMd });

  it("creates the new name and leaves the old skill as an orphan, explaining both", () => {
    const plan = buildPlan(input({ bundles: [renamed], live: { active: [old], archived: [] } }));
    const create = plan.actions.find((a) => a.kind === "create");
    const orphan = plan.actions.find((a) => a.kind === "orphan");
    expect(create?.renamed).toEqual({ from: "old-name", to: "new-name" });
    expect(create?.changes).toEqual([expect.objectContaining({ field: "name", before: "old-name", after: "new-name" })]);
    expect(create?.notes.join()).toContain("Dust matches skills by name");
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
    const l = live("dup", { filePath: a.skillMd });
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
  const orphan = live("old", { filePath: "skills/old/SKILL.md" });

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
        live: { active: [liveFrom(b, { instructions: "old\n" }), live("old")], archived: [] },
      }),
    );
    const keys = plan.actions.map((x) => Object.keys(x).join(","));
    expect(new Set(keys).size).toBe(1);
    expect(Object.keys(plan)).toEqual(["version", "target", "actions", "excluded", "summary", "uncomparable", "notes", "hasChanges", "errors"]);
  });
});
