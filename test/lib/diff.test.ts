import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/lib/diff.js";

/** Applies a unified diff (no header, no "no newline" marks) to newline-ended lines; throws on a context mismatch. */
function applyPatch(before: string[], patch: string): string[] {
  const out: string[] = [];
  let pos = 0;
  for (const l of patch.split("\n")) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(l);
    if (header) {
      const start = Number(header[1]) - (header[2] === "0" ? 0 : 1);
      while (pos < start) out.push(before[pos++] as string);
    } else if (l.startsWith(" ") || l.startsWith("-")) {
      if (before[pos] !== l.slice(1)) throw new Error(`context mismatch at line ${pos + 1}`);
      pos++;
      if (l.startsWith(" ")) out.push(l.slice(1));
    } else if (l.startsWith("+")) {
      out.push(l.slice(1));
    }
  }
  while (pos < before.length) out.push(before[pos++] as string);
  return out;
}

function lcsLength(a: string[], b: string[]): number {
  const dp: number[] = new Array(b.length + 1).fill(0);
  for (const x of a) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] as number;
      dp[j] = x === b[j - 1] ? prev + 1 : Math.max(dp[j] as number, dp[j - 1] as number);
      prev = tmp;
    }
  }
  return dp[b.length] as number;
}

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n")).toEqual({ text: "", added: 0, removed: 0, tooLarge: false });
  });

  it("writes hunks with 3 lines of context and merges close changes, like diff -u", () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join("\n") + "\n";
    const after = before.replace("l2\n", "L2\n").replace("l9\n", "L9\n").replace("l18\n", "L18\n");
    // Expected output taken from GNU diff -u.
    expect(unifiedDiff(before, after).text).toBe(
      [
        "@@ -1,12 +1,12 @@",
        " l1", "-l2", "+L2", " l3", " l4", " l5", " l6", " l7", " l8", "-l9", "+L9", " l10", " l11", " l12",
        "@@ -15,6 +15,6 @@",
        " l15", " l16", " l17", "-l18", "+L18", " l19", " l20",
        "",
      ].join("\n"),
    );
  });

  it("shows a missing final newline", () => {
    expect(unifiedDiff("a\nb", "a\nb\n").text).toBe("@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  });

  it("writes an empty range as the line before it", () => {
    expect(unifiedDiff("", "a\nb\n").text).toBe("@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(unifiedDiff("a\n", "").text).toBe("@@ -1 +0,0 @@\n-a\n");
  });

  it("adds a header when labels are given and counts lines", () => {
    const d = unifiedDiff("x\n", "y\nz\n", { fromLabel: "old", toLabel: "new" });
    expect(d.text.startsWith("--- old\n+++ new\n@@ -1 +1,2 @@\n")).toBe(true);
    expect(d).toMatchObject({ added: 2, removed: 1 });
  });

  it("gives a minimal, applicable diff on random inputs", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const text = () => {
      const lines = Array.from({ length: rnd(14) }, () => "abcd"[rnd(4)] as string);
      return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
    };
    for (let t = 0; t < 300; t++) {
      const a = text();
      const b = text();
      const d = unifiedDiff(a, b);
      const la = a === "" ? [] : a.slice(0, -1).split("\n");
      const lb = b === "" ? [] : b.slice(0, -1).split("\n");
      expect(applyPatch(la, d.text)).toEqual(lb);
      const common = lcsLength(la, lb);
      expect(d.removed).toBe(la.length - common);
      expect(d.added).toBe(lb.length - common);
    }
  });

  it("gives up on huge rewrites instead of using unbounded memory", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
    expect(unifiedDiff(a, b, { maxEdits: 100 })).toEqual({ text: "", added: 0, removed: 0, tooLarge: true });
    // A small edit in a long text is still diffed: the common prefix and suffix cost nothing.
    const long = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join("\n");
    const edited = long.replace("line 10000\n", "changed\n");
    expect(unifiedDiff(long, edited, { maxEdits: 100 })).toMatchObject({ added: 1, removed: 1, tooLarge: false });
  });
});
