import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { choosePulls } from "../../src/pull/choose.js";
import type { ChooseInput } from "../../src/pull/choose.js";
import { bundle, liveSkill, managedSkill, planAction, PULL_REPO } from "./fixtures.js";

const ROOT = "/repo";
const DIR = join(ROOT, "skills");

function input(over: Partial<ChooseInput>): ChooseInput {
  return {
    live: { active: [], archived: [] },
    bundles: [],
    planActions: [],
    repository: PULL_REPO,
    selection: { names: [], allUnmanaged: false, drifted: false },
    dir: DIR,
    dirEntries: [],
    ...over,
  };
}

describe("choosePulls", () => {
  const web = liveSkill({ sId: "w1", name: "Release Notes" });
  const managed = managedSkill("a1", "sql-review", "skills/sql-review");
  const foreign = managedSkill("a2", "Other repo", "elsewhere/other");
  const local = bundle(ROOT, "skills/sql-review", "sql-review");

  it("--names picks exact names and writes a new folder named from the name", () => {
    const choice = choosePulls(input({ live: { active: [web, managed], archived: [] }, selection: { names: ["Release Notes"], allUnmanaged: false, drifted: false } }));
    expect(choice.errors).toEqual([]);
    expect(choice.targets.map((t) => [t.live.sId, t.folder, t.bundle, t.reasons])).toEqual([["w1", join(DIR, "release-notes"), null, ["names"]]]);
  });

  it("--names refuses unknown names all at once, saying which are archived or spelled differently", () => {
    const archived = liveSkill({ sId: "old", name: "Old", status: "archived" });
    const choice = choosePulls(
      input({ live: { active: [web], archived: [archived] }, selection: { names: ["Old", "release notes", "Nope"], allUnmanaged: false, drifted: false } }),
    );
    expect(choice.errors).toEqual([
      '--names: "Old" is archived; only active skills are pulled.',
      '--names: no active skill is named "release notes"; did you mean "Release Notes"? Names are compared exactly.',
      '--names: no active skill is named "Nope".',
    ]);
  });

  it("--all-unmanaged takes every active skill no bundle manages, including API skills of other paths", () => {
    const choice = choosePulls(
      input({ live: { active: [web, managed, foreign], archived: [] }, bundles: [local], selection: { names: [], allUnmanaged: true, drifted: false } }),
    );
    expect(choice.targets.map((t) => t.live.sId)).toEqual(["a2", "w1"]);
  });

  it("sends a skill back to the bundle that already has its name, so a second pull is a no-op", () => {
    const pulledBefore = bundle(ROOT, "skills/release-notes", "Release Notes");
    const choice = choosePulls(
      input({
        live: { active: [web], archived: [] },
        bundles: [pulledBefore],
        dirEntries: ["release-notes"],
        selection: { names: [], allUnmanaged: true, drifted: false },
      }),
    );
    expect(choice.targets[0]?.bundle).toBe(pulledBefore);
    expect(choice.targets[0]?.folder).toBe(join(ROOT, "skills/release-notes"));
  });

  it("never reuses an existing folder for a new skill", () => {
    const choice = choosePulls(
      input({ live: { active: [web], archived: [] }, dirEntries: ["release-notes"], selection: { names: ["Release Notes"], allUnmanaged: false, drifted: false } }),
    );
    expect(choice.targets[0]?.folder).toBe(join(DIR, "release-notes-2"));
  });

  it("--drifted takes the plan's drifted skills, and explains repo-newer differences instead of pulling them", () => {
    const ahead = managedSkill("a3", "ahead", "skills/ahead");
    const choice = choosePulls(
      input({
        live: { active: [managed, ahead], archived: [] },
        bundles: [local, bundle(ROOT, "skills/ahead", "ahead")],
        planActions: [planAction("drifted", managed, "skills/sql-review"), planAction("update", ahead, "skills/ahead")],
        selection: { names: [], allUnmanaged: false, drifted: true },
      }),
    );
    expect(choice.targets.map((t) => [t.live.sId, t.drifted, t.bundle?.dir])).toEqual([["a1", true, "skills/sql-review"]]);
    expect(choice.notes).toHaveLength(1);
    expect(choice.notes[0]).toContain('"ahead" differs from skills/ahead/SKILL.md, but not by an edit in Dust');
  });

  it("--drifted says so when nothing drifted", () => {
    const choice = choosePulls(input({ live: { active: [managed], archived: [] }, bundles: [local], selection: { names: [], allUnmanaged: false, drifted: true } }));
    expect(choice.targets).toEqual([]);
    expect(choice.notes[0]).toMatch(/No skill has drifted/);
  });

  it("merges the reasons of a skill chosen twice and sorts by name", () => {
    const b = liveSkill({ sId: "b", name: "B" });
    const a = liveSkill({ sId: "a", name: "A" });
    const choice = choosePulls(input({ live: { active: [b, a], archived: [] }, selection: { names: ["B"], allUnmanaged: true, drifted: false } }));
    expect(choice.targets.map((t) => [t.live.name, t.reasons])).toEqual([
      ["A", ["unmanaged"]],
      ["B", ["names", "unmanaged"]],
    ]);
  });
});
