import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { evaluateFailOn, parseFailOn } from "../../src/report/fail-on.js";
import { joinReport } from "../../src/report/join.js";
import type { Report } from "../../src/model/report.js";
import { aggregateUsage } from "./fixtures.js";
import { resolveWindow } from "../../src/report/window.js";
import { bundle, live, smallSeed, REPORT_REPO } from "./fixtures.js";

const window = resolveWindow({ from: "2025-03-01", to: "2025-03-04" }, new Date());

function report(usage = true): Report {
  const s = smallSeed();
  return joinReport({
    repository: REPORT_REPO,
    window,
    bundles: s.bundles,
    live: { active: s.active, archived: s.archived, seesUnpublished: true },
    usage: usage ? aggregateUsage(s.rows, window) : null,
    usageUnknownReason: "the analytics export needs an admin API key",
    skillsTable: s.skillsTable,
    now: new Date("2025-03-05T00:00:00Z"),
  });
}

describe("parseFailOn", () => {
  it("accepts comma-separated and repeated values, once each", () => {
    expect(parseFailOn(["drift,unused", "drift", " unmanaged "])).toEqual(["drift", "unused", "unmanaged"]);
    expect(parseFailOn(undefined)).toEqual([]);
  });

  it("refuses an unknown check", () => {
    expect(() => parseFailOn(["drift,stale"])).toThrow(UserError);
    expect(() => parseFailOn(["drift,stale"])).toThrow(/unknown check "stale"/);
  });
});

describe("evaluateFailOn", () => {
  it("names what failed, per check", () => {
    const v = evaluateFailOn(report(), ["drift", "unmanaged", "unused"]);
    expect(v.failed).toBe(true);
    expect(v.lines).toEqual([
      "drift: 1 skill(s) differ from git: beta-new",
      "drift: 1 skill(s) in git are missing from the workspace: epsilon",
      "unmanaged: 3 workspace skill(s) are not managed from git: gamma, dup, =x",
      "unused: 1 managed skill(s) were not used in 2025-03-01..2025-03-04: delta",
    ]);
  });

  it("passes when nothing is found, and with no checks", () => {
    const clean = joinReport({
    repository: REPORT_REPO,
      window,
      bundles: [bundle("alpha", "skills/alpha")],
      live: { active: [live("skl_AAAAAAAAAA", "alpha", { from: "skills/alpha" })], archived: [], seesUnpublished: true },
      usage: aggregateUsage([{ date: "2025-03-02", skillName: "alpha", executions: "1", uniqueUsers: "1" }], window),
      skillsTable: [],
      now: new Date(),
    });
    expect(evaluateFailOn(clean, ["drift", "unmanaged", "unused"])).toEqual({ failed: false, lines: [] });
    expect(evaluateFailOn(report(), []).failed).toBe(false);
  });

  it("fails `unused` when usage is unknown instead of passing without looking", () => {
    const v = evaluateFailOn(report(false), ["unused"]);
    expect(v.failed).toBe(true);
    expect(v.lines[0]).toMatch(/^unused: cannot be checked, usage is unknown \(the analytics export needs an admin API key\)/);
  });
});
