import { describe, expect, it } from "vitest";
import { estimatedEntryPath, estimatedFolderBytes } from "../../src/bundle/pack/layout.js";

describe("estimatedFolderBytes", () => {
  // The size check of every bundle uses the shortcut; the ZIP estimate uses the full path: both must agree.
  it.each(["", "a", "skills/release-notes", "deep/er/still/deeper", "été/技能 spaced", "x".repeat(300)])("equals the bytes of the estimated folder path for %j", (dir) => {
    expect(estimatedFolderBytes(dir)).toBe(Buffer.byteLength(estimatedEntryPath(dir, "SKILL.md", "")));
    expect(Buffer.byteLength(estimatedEntryPath(dir, "SKILL.md", "a.md"))).toBe(estimatedFolderBytes(dir) + 4);
  });
});
