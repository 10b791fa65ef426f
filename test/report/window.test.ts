import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { trendOf } from "../../src/report/trend.js";
import { resolveWindow } from "../../src/report/window.js";

// 23:30 UTC on March 10th is already March 11th in Paris and still March 10th in New York.
const now = new Date("2025-03-10T23:30:00Z");

describe("resolveWindow", () => {
  it("defaults to 30 days ending today in UTC", () => {
    const w = resolveWindow({}, now);
    expect(w).toMatchObject({ from: "2025-02-09", to: "2025-03-10", timezone: "UTC", days: 30 });
    expect(w.dates).toHaveLength(30);
    expect(w.dates[0]).toBe("2025-02-09");
    expect(w.dates[29]).toBe("2025-03-10");
  });

  it("ends today in the given timezone", () => {
    expect(resolveWindow({ days: 1, timezone: "Europe/Paris" }, now)).toMatchObject({ from: "2025-03-11", to: "2025-03-11" });
    expect(resolveWindow({ days: 7, timezone: "America/New_York" }, now)).toMatchObject({ from: "2025-03-04", to: "2025-03-10" });
  });

  it("takes --from/--to inclusive, across a leap day", () => {
    const w = resolveWindow({ from: "2024-02-27", to: "2024-03-01" }, now);
    expect(w.dates).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(w.days).toBe(4);
  });

  it("--from with --days counts forward; --to with --days counts back", () => {
    expect(resolveWindow({ from: "2025-01-30", days: 3 }, now)).toMatchObject({ from: "2025-01-30", to: "2025-02-01" });
    expect(resolveWindow({ to: "2025-01-02", days: 3 }, now)).toMatchObject({ from: "2024-12-31", to: "2025-01-02" });
  });

  it("refuses a reversed range with a user error that names both dates", () => {
    const run = (): unknown => resolveWindow({ from: "2025-03-05", to: "2025-03-01" }, now);
    expect(run).toThrow(UserError);
    expect(run).toThrow(/reversed.*2025-03-05.*2025-03-01/);
  });

  it("refuses an unknown timezone", () => {
    expect(() => resolveWindow({ timezone: "Mars/Olympus_Mons" }, now)).toThrow(/Unknown timezone "Mars\/Olympus_Mons"/);
  });

  it("refuses dates that are not calendar days, and bad --days", () => {
    expect(() => resolveWindow({ from: "2025-02-30", to: "2025-03-01" }, now)).toThrow(/--from must be a calendar date/);
    expect(() => resolveWindow({ to: "03/01/2025" }, now)).toThrow(/--to must be a calendar date/);
    expect(() => resolveWindow({ days: 0 }, now)).toThrow(/--days must be a whole number/);
    expect(() => resolveWindow({ days: 2.5 }, now)).toThrow(/--days must be a whole number/);
    expect(() => resolveWindow({ from: "2020-01-01", to: "2025-01-01" }, now)).toThrow(/spans .* days; the limit is 366/);
    expect(() => resolveWindow({ from: "2025-01-01", to: "2025-01-02", days: 2 }, now)).toThrow(/either --days or both/);
  });
});

describe("trendOf", () => {
  it("compares the second half with the first, leaving out the middle day of an odd window", () => {
    // first half [1, 1] = 2, middle 100 ignored, second half [2, 3] = 5: ratio 2.5.
    expect(trendOf([1, 1, 100, 2, 3])).toEqual({ label: "rising", firstHalf: 2, secondHalf: 5, ratio: 2.5 });
    expect(trendOf([10, 0, 4, 4])).toEqual({ label: "falling", firstHalf: 10, secondHalf: 8, ratio: 0.8 });
    expect(trendOf([4, 0, 0, 4.5]).label).toBe("steady");
    expect(trendOf([0, 0, 1, 0]).label).toBe("new");
    expect(trendOf([1, 0, 0, 0]).label).toBe("stopped");
    expect(trendOf([0, 0]).label).toBe("idle");
    expect(trendOf([7])).toEqual({ label: "n/a", firstHalf: 0, secondHalf: 0, ratio: null });
  });
});
