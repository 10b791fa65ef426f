import { describe, expect, it } from "vitest";
import { joinReport } from "../../src/report/join.js";
import type { JoinInput } from "../../src/report/join.js";
import type { Report, SkillRow } from "../../src/model/report.js";
import { aggregateUsage } from "./fixtures.js";
import { resolveWindow } from "../../src/report/window.js";
import { bundle, live, smallSeed, usageRow, REPORT_REPO } from "./fixtures.js";

const window = resolveWindow({ from: "2025-03-01", to: "2025-03-04", timezone: "UTC" }, new Date());
const now = new Date("2025-03-05T08:00:00Z");

function build(over: Partial<JoinInput> = {}, rows = smallSeed().rows): Report {
  const seed = smallSeed();
  return joinReport({
    repository: REPORT_REPO,
    window,
    bundles: seed.bundles,
    live: { active: seed.active, archived: seed.archived, seesUnpublished: true },
    usage: aggregateUsage(rows, window),
    skillsTable: seed.skillsTable,
    now,
    ...over,
  });
}

function row(r: Report, name: string): SkillRow {
  const found = r.skills.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no row named ${name}: ${r.skills.map((s) => s.name).join(", ")}`);
  return found;
}

const keyOf = (r: Report, name: string): string => row(r, name).key;

describe("joinReport on the small seed", () => {
  const r = build();

  it("counts a managed, in-sync skill with gaps in its days", () => {
    const alpha = row(r, "alpha");
    expect(alpha).toMatchObject({ key: "skl_AAAAAAAAAA", inGit: true, inWorkspace: true, managed: true, state: "in-sync" });
    // 2 + 3 + 0 + 5 executions; 1 + 2 + 0 + 2 user-days; 3 days with use.
    expect(alpha.usage).toMatchObject({ executions: 10, userDays: 5, activeDays: 3, firstUsed: "2025-03-01", lastUsed: "2025-03-04" });
    expect(alpha.usage?.daily).toEqual([2, 3, 0, 5]);
    expect(alpha.usage?.dailyUsers).toEqual([1, 2, 0, 2]);
    // first half 2+3 = 5, second half 0+5 = 5: ratio 1.
    expect(alpha.usage?.trend).toEqual({ label: "steady", firstHalf: 5, secondHalf: 5, ratio: 1 });
  });

  it("matches a skill renamed in Dust to its bundle through the SKILL.md path, and counts usage under the new name", () => {
    const beta = row(r, "beta-new");
    expect(beta).toMatchObject({ key: "skl_BBBBBBBBBB", inGit: true, bundlePath: "skills/beta/SKILL.md", managed: true, state: "drifted" });
    expect(beta.stateDetail).toBe("name");
    expect(beta.notes.join(" ")).toContain('git names it "beta"');
    expect(beta.usage?.executions).toBe(4);
    expect(beta.usage?.trend.label).toBe("new");
    expect(r.skills.some((s) => s.name === "beta")).toBe(false);
  });

  it("undoes the formula guard: `'=x` is the skill =x", () => {
    const x = row(r, "=x");
    expect(x.key).toBe("skl_EEEEEEEEEE");
    expect(x.usage?.executions).toBe(1);
    expect(r.skills.some((s) => s.name === "'=x")).toBe(false);
  });

  it("attributes a name shared by an active and an archived skill to the active one, and says so", () => {
    const dup = row(r, "dup");
    expect(dup.key).toBe("skl_FFFFFFFFFF");
    expect(dup.usage?.executions).toBe(3);
    expect(dup.notes.join(" ")).toContain("skl_GGGGGGGGGG");
    expect(r.skills.some((s) => s.key === "skl_GGGGGGGGGG")).toBe(false);
  });

  it("merges an archived skill's usage under its name and under its raw sId", () => {
    const old = row(r, "old-archived");
    expect(old).toMatchObject({ key: "skl_HHHHHHHHHH", liveStatus: "archived", inWorkspace: false });
    expect(old.usage?.daily).toEqual([1, 0, 0, 2]);
  });

  it("names an unresolvable raw sId `unknown skill <id>`", () => {
    const unknown = row(r, "unknown skill skl_ZZZZZZZZZZ");
    expect(unknown).toMatchObject({ key: "id:skl_ZZZZZZZZZZ", origin: "unknown", sIds: ["skl_ZZZZZZZZZZ"], inWorkspace: false });
    expect(unknown.usage?.executions).toBe(7);
  });

  it("recognises a Dust built-in skill from the skills table and never offers to adopt it", () => {
    const deep = row(r, "Deep Dive");
    expect(deep).toMatchObject({ origin: "global", inWorkspace: false });
    expect(deep.usage?.executions).toBe(9);
    expect(r.sets.adoptCandidates).not.toContain(deep.key);
  });

  it("keeps a zero-execution row from counting as a day of use", () => {
    const gamma = row(r, "gamma");
    // 6 + 2 + 0; users 3 + 1 + 0; the 0 row on 03-03 is not a day of use.
    expect(gamma.usage).toMatchObject({ executions: 8, userDays: 4, activeDays: 2, lastUsed: "2025-03-02" });
    expect(gamma.usage?.trend.label).toBe("stopped");
  });

  it("builds the sets", () => {
    expect(r.sets.managedUsed).toEqual([keyOf(r, "alpha"), keyOf(r, "beta-new")]);
    expect(r.sets.retireCandidates).toEqual([keyOf(r, "delta")]);
    // sorted busiest first: gamma 8, dup 3, =x 1.
    expect(r.sets.adoptCandidates).toEqual([keyOf(r, "gamma"), keyOf(r, "dup"), keyOf(r, "=x")]);
    expect(r.sets.drifted).toEqual([keyOf(r, "beta-new")]);
    expect(r.sets.missingFromWorkspace).toEqual(["git:skills/epsilon/SKILL.md"]);
    expect(r.sets.unmanaged).toEqual([keyOf(r, "gamma"), keyOf(r, "dup"), keyOf(r, "=x")]);
  });

  it("adds up the totals, with the share of executions on skills under version control", () => {
    // alpha 10 + beta 4 + gamma 8 + =x 1 + dup 3 + archived 3 + unknown 7 + Deep Dive 9 = 45; managed 10 + 4 = 14.
    expect(r.totals).toMatchObject({
      executions: 45,
      managedExecutions: 14,
      userDays: 5 + 1 + 4 + 1 + 1 + 2 + 2 + 4,
      unresolvedExecutions: 7,
      inGit: 4,
      inWorkspace: 6,
      managed: 3,
      drifted: 1,
      missingFromWorkspace: 1,
      unmanaged: 3,
    });
    expect(r.totals.managedShare).toBeCloseTo(14 / 45, 10);
  });

  it("sorts rows busiest first and is deterministic", () => {
    expect(r.skills.slice(0, 3).map((s) => s.name)).toEqual(["alpha", "Deep Dive", "gamma"]);
    expect(JSON.stringify(build())).toBe(JSON.stringify(r));
  });
});

describe("joinReport edge cases", () => {
  it("an empty export: usage known, every count zero, every managed skill a retire candidate", () => {
    const r = build({}, []);
    expect(r.usageKnown).toBe(true);
    expect(r.totals.executions).toBe(0);
    expect(r.totals.managedShare).toBeNull();
    expect(r.sets.retireCandidates).toHaveLength(3);
    expect(r.sets.adoptCandidates).toEqual([]);
    expect(row(r, "alpha").usage).toMatchObject({ executions: 0, firstUsed: null, trend: { label: "idle" } });
  });

  it("usage unknown: the git × workspace part stands, usage sets are empty and the reason is kept", () => {
    const r = build({ usage: null, usageUnknownReason: "the analytics export needs an admin API key" });
    expect(r.usageKnown).toBe(false);
    expect(r.usageUnknownReason).toContain("admin");
    expect(r.skills.every((s) => s.usage === null)).toBe(true);
    expect(r.sets.retireCandidates).toEqual([]);
    expect(r.sets.drifted).toHaveLength(1);
    expect(r.sets.missingFromWorkspace).toHaveLength(1);
    expect(r.totals.executions).toBeNull();
  });

  it("without the skills table, an archived name still resolves through GET /skills and a note says so", () => {
    const r = build({ skillsTable: null });
    expect(row(r, "old-archived").usage?.executions).toBe(3);
    expect(r.notes.join(" ")).toContain("skills table was not available");
  });

  it("a managed skill created during the window is not a retire candidate", () => {
    const seed = smallSeed();
    const young = seed.active.map((s) => (s.name === "delta" ? { ...s, createdAt: Date.UTC(2025, 2, 3, 12) } : s));
    const r = build({ live: { active: young, archived: seed.archived, seesUnpublished: true } });
    expect(r.sets.retireCandidates).toEqual([]);
    expect(row(r, "delta").notes.join(" ")).toContain("too new");
  });

  it("a live skill with the bundle's name but another owner is in git, not managed, and unmanaged", () => {
    const r = joinReport({
    repository: REPORT_REPO,
      window,
      bundles: [bundle("alpha", "skills/alpha")],
      live: { active: [live("skl_AAAAAAAAAA", "alpha")], archived: [], seesUnpublished: false },
      usage: aggregateUsage([usageRow("2025-03-02", "alpha", 4, 2)], window),
      skillsTable: null,
      now,
    });
    const alpha = row(r, "alpha");
    expect(alpha).toMatchObject({ inGit: true, inWorkspace: true, managed: false, state: "in-sync" });
    expect(alpha.notes.join(" ")).toContain("source web_app");
    expect(r.sets.unmanaged).toEqual(["skl_AAAAAAAAAA"]);
    expect(r.sets.adoptCandidates).toEqual([]);
    expect(r.totals.managedShare).toBe(0);
    expect(r.notes.join(" ")).toContain("cannot list unpublished skills");
  });

  it("skips malformed rows and rows outside the window, and counts them in the notes", () => {
    const r = build({}, [
      usageRow("2025-03-01", "alpha", 1, 1),
      { date: "2025-03-02", skillName: "alpha", executions: "many", uniqueUsers: "1" },
      { date: "", skillName: "alpha", executions: "1", uniqueUsers: "1" },
      usageRow("2025-02-28", "alpha", 50, 1),
    ]);
    expect(row(r, "alpha").usage?.executions).toBe(1);
    expect(r.notes.join(" ")).toMatch(/2 skill_usage row\(s\) had a missing name, date or count/);
    expect(r.notes.join(" ")).toMatch(/1 skill_usage row\(s\) were dated outside the window/);
  });

  it("a name nothing knows becomes its own row, apart from the unresolved sIds", () => {
    const r = build({}, [usageRow("2025-03-01", "mystery", 2, 1)]);
    expect(row(r, "mystery")).toMatchObject({ key: "name:mystery", origin: "unknown", sIds: [] });
  });
});
