import { describe, expect, it } from "vitest";
import { compareText } from "../../src/lib/compare-text.js";
import { guardFormula, unguardFormula } from "../../src/lib/formula-guard.js";

describe("compareText", () => {
  it("orders by code unit, not by locale: capitals first, accents last", () => {
    expect(["b", "a", "B", "é", "e"].sort(compareText)).toEqual(["B", "a", "b", "e", "é"]);
    expect(compareText("a", "a")).toBe(0);
    expect(compareText("a", "b")).toBe(-1);
    expect(compareText("b", "a")).toBe(1);
  });
});

describe("guardFormula", () => {
  it("prefixes text a spreadsheet would run, and unguardFormula gives it back", () => {
    for (const cell of ["=SUM(A1)", "+1", "-x", "@me"]) {
      expect(guardFormula(cell)).toBe(`'${cell}`);
      expect(unguardFormula(guardFormula(cell))).toBe(cell);
    }
    for (const cell of ["plain", "", "'quoted", "a=b"]) expect(guardFormula(cell)).toBe(cell);
  });
});
