import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan.js";
import { bundle, input, live, liveFrom } from "./factories.js";

describe("what a non-admin key cannot do, said in the plan (Dust PR 32947)", () => {
  const changed = bundle("alpha", { instructions: "New text.\n" });
  const same = bundle("beta");
  const fresh = bundle("gamma");
  const liveAlpha = liveFrom(bundle("alpha"));
  const liveBeta = liveFrom(same);

  it("counts the updates a non-admin key would be refused, before anything is sent", () => {
    const plan = buildPlan(input({ bundles: [changed, same, fresh], live: { active: [liveAlpha, liveBeta], archived: [] }, keyIsAdmin: false }));
    expect(plan.errors).toEqual([
      "1 update needs an admin key (alpha): this API key is not admin, and Dust lets non-admin keys create skills only.",
    ]);
    expect(plan.actions.find((a) => a.name === "alpha")?.notes).toContain("needs an admin API key: this key is not admin");
    // Creating is still allowed, and says nothing.
    expect(plan.actions.find((a) => a.name === "gamma")?.notes).toEqual([]);
  });

  it("says nothing for an admin key, or when the role is unknown", () => {
    for (const keyIsAdmin of [true, null, undefined]) {
      const plan = buildPlan(input({ bundles: [changed], live: { active: [liveAlpha], archived: [] }, keyIsAdmin }));
      expect(plan.errors, String(keyIsAdmin)).toEqual([]);
    }
  });

  it("refuses takeovers and --prune for a non-admin key", () => {
    const web = live("alpha", { source: "web_app", filePath: null });
    const takeover = buildPlan(input({ bundles: [changed], live: { active: [web], archived: [] }, onConflict: "override", keyIsAdmin: false }));
    expect(takeover.errors).toEqual([expect.stringMatching(/^1 takeover needs an admin key \(alpha\)/)]);

    const orphan = liveFrom(bundle("gone"));
    const pruned = buildPlan(input({ bundles: [same], live: { active: [liveBeta, orphan], archived: [] }, prune: true, keyIsAdmin: false }));
    expect(pruned.errors).toEqual(["--prune needs an admin key: only admin keys may archive skills, and this API key is not admin (1 planned archive)."]);
    // Even with nothing to archive, --prune itself is refused: it could never work with this key.
    const nothing = buildPlan(input({ bundles: [same], live: { active: [liveBeta], archived: [] }, prune: true, keyIsAdmin: false }));
    expect(nothing.errors).toEqual(["--prune needs an admin key: only admin keys may archive skills, and this API key is not admin."]);
  });
});

describe("redacted skills (canRead false, instructions null)", () => {
  const b = bundle("alpha", { instructions: "Repo text.\n", attachments: ["ref.md"] });
  const redacted = liveFrom(b, { instructions: null, canRead: false, fileAttachments: [] });

  it("never plans an update from the missing text: content not readable, nothing sent", () => {
    const plan = buildPlan(input({ bundles: [b], live: { active: [redacted], archived: [] } }));
    const a = plan.actions[0];
    expect(a).toMatchObject({ kind: "unchanged", willUpload: false, changes: [] });
    expect(a?.reasons.join(" ")).toContain("content not readable with this key");
    expect(plan.uncomparable).toContain("alpha: content not readable with this key (sId skl_alpha); not compared, nothing sent");
    expect(plan.hasChanges).toBe(false);
  });

  it("treats instructions null alone as redacted too", () => {
    const plan = buildPlan(input({ bundles: [b], live: { active: [{ ...redacted, canRead: undefined }], archived: [] } }));
    expect(plan.actions[0]?.kind).toBe("unchanged");
  });

  it("still reports a conflict with a foreign redacted skill, and shows no diff for a takeover of one", () => {
    const foreign = { ...redacted, source: "web_app", sourceMetadata: null };
    const conflict = buildPlan(input({ bundles: [b], live: { active: [foreign], archived: [] } }));
    expect(conflict.actions[0]?.kind).toBe("conflict");
    const takeover = buildPlan(input({ bundles: [b], live: { active: [foreign], archived: [] }, onConflict: "override" }));
    expect(takeover.actions[0]).toMatchObject({ kind: "takeover", changes: [] });
    expect(takeover.actions[0]?.notes.join(" ")).toContain("content not readable with this key");
  });
});
