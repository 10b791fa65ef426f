import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/model/plan.js";
import { archiveCandidates, withArchiveUsage } from "../../src/plan/archive-usage.js";
import { newAction } from "../../src/plan/context.js";
import type { LiveSkill } from "../../src/model/skill.js";

const live = (name: string): LiveSkill =>
  ({ sId: `skl_${name}`, name, source: "api", sourceMetadata: null, status: "active", instructions: "x", fileAttachments: [] }) as unknown as LiveSkill;

function plan(): Plan {
  const archive = (name: string) => ({ ...newAction("archive", name, null, live(name)), willArchive: true });
  const keep = { ...newAction("orphan", "kept", null, live("kept")) };
  return {
    version: 1,
    target: null,
    actions: [archive("busy"), archive("idle"), keep],
    excluded: [],
    summary: { create: 0, update: 0, unchanged: 0, conflict: 0, takeover: 0, drifted: 0, archive: 2, orphan: 1, invalid: 0, excluded: 0 },
    uncomparable: [],
    notes: [],
    hasChanges: true,
    errors: [],
    requests: null,
  } as Plan;
}

const reading = { known: true as const, from: "2026-11-02", to: "2026-12-01", days: 30, executionsByName: new Map([["busy", 42], ["kept", 7]]) };

describe("recent usage of what --prune would archive", () => {
  it("names only the skills that would be archived", () => {
    expect([...archiveCandidates(plan())].sort()).toEqual(["busy", "idle"]);
  });

  it("puts each candidate's executions on its action, and says which are still used", () => {
    const out = withArchiveUsage(plan(), reading);
    const [busy, idle, kept] = out.actions;
    expect(busy?.recentUsage).toEqual({ executions: 42, from: "2026-11-02", to: "2026-12-01" });
    expect(busy?.notes.at(-1)).toBe("used 42 times in the last 30 days (2026-11-02 to 2026-12-01, analytics skill_usage): agents still use it");
    expect(idle?.recentUsage).toEqual({ executions: 0, from: "2026-11-02", to: "2026-12-01" });
    expect(idle?.notes.at(-1)).toMatch(/^not used in the last 30 days/);
    // Not archived: no usage attached, even though the export has some.
    expect(kept?.recentUsage).toBeNull();
    expect(kept?.notes).toEqual([]);
    expect(out.notes).toEqual([
      "1 of the skills --prune would archive was used in the last 30 days (2026-11-02 to 2026-12-01, analytics skill_usage): busy (42).",
    ]);
  });

  it("says once when usage is unknown, and changes nothing else", () => {
    const before = plan();
    const out = withArchiveUsage(before, { known: false, reason: "the analytics export needs an admin API key" });
    expect(out.notes).toEqual(["Recent usage of the skills --prune would archive is unknown: the analytics export needs an admin API key."]);
    expect(out.actions).toBe(before.actions);
    expect(out.errors).toEqual([]);
  });

  it("leaves a plan with nothing to archive as it is", () => {
    const p = { ...plan(), actions: [] };
    expect(withArchiveUsage(p, reading)).toBe(p);
  });
});
