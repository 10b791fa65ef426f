import { describe, expect, it } from "vitest";
import { releaseMemory } from "../../src/lib/release-memory.js";

describe("releaseMemory", () => {
  it("collects what nothing references any more, at once", async () => {
    const ref = ((): WeakRef<number[]> => new WeakRef(new Array<number>(100_000).fill(1)))();
    // A WeakRef keeps its target through the job that made it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    releaseMemory();
    expect(ref.deref()).toBeUndefined();
  });

  it("can be called again and again", () => {
    for (let i = 0; i < 3; i++) releaseMemory();
  });
});
