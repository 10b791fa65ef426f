import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSkillMd } from "../../src/bundle/skill-md.js";
import { mergeSkillMd } from "../../src/pull/merge-skill-md.js";
import { pull } from "../../src/pull/pull.js";
import { bundle, managedSkill, planAction, PULL_REPO } from "./fixtures.js";

const ORIGINAL = [
  "---",
  "# Owned by the data team",
  "name: sql-review",
  "description: >",
  "  Reviews SQL for",
  "  correctness.",
  "",
  "license: Apache-2.0 # see LICENSE",
  "compatibility: Requires psql 15+",
  "metadata:",
  "  author: data-team",
  '  version: "1.2"',
  "allowed-tools: Bash(psql:*)",
  "---",
  "",
  "Old instructions.",
  "",
].join("\n");

const dust = { name: "sql-review", description: "Reviews SQL: correctness & cost", instructions: "New instructions from Dust.\n" };

describe("mergeSkillMd", () => {
  it("changes only name, description and body; keeps every other key, its place and the comments", () => {
    const out = mergeSkillMd(ORIGINAL, dust);
    expect(out).toBe(
      [
        "---",
        "# Owned by the data team",
        'name: "sql-review"',
        'description: "Reviews SQL: correctness & cost"',
        "",
        "license: Apache-2.0 # see LICENSE",
        "compatibility: Requires psql 15+",
        "metadata:",
        "  author: data-team",
        '  version: "1.2"',
        "allowed-tools: Bash(psql:*)",
        "---",
        "",
        "New instructions from Dust.",
        "",
      ].join("\n"),
    );
    const parsed = parseSkillMd(out as string);
    expect(parsed.skill).toEqual({ name: "sql-review", description: "Reviews SQL: correctness & cost", instructions: "New instructions from Dust.\n" });
  });

  it("adds a key the file lacks, and keeps YAML that would read differently out of it", () => {
    const out = mergeSkillMd("---\nname: a\nlicense: MIT\n---\nbody\n", { name: "a", description: "yes", instructions: "b\n" });
    expect(out).toBe('---\ndescription: "yes"\nname: "a"\nlicense: MIT\n---\n\nb\n');
  });

  it("gives up (null) when the edit would not read back: no front matter, or a flow mapping", () => {
    expect(mergeSkillMd("no front matter\n", dust)).toBeNull();
    expect(mergeSkillMd("---\n{name: a, description: b, license: MIT}\n---\nx\n", dust)).toBeNull();
  });
});

describe("pull --drifted", () => {
  it("keeps license, compatibility and metadata of the bundle's SKILL.md", async () => {
    const root = await mkdtemp(join(tmpdir(), "dust-skills-merge-"));
    try {
      const live = managedSkill("a1", "sql-review", "skills/sql-review", {
        agentFacingDescription: dust.description,
        instructions: dust.instructions,
      });
      const path = join(root, "skills/sql-review/SKILL.md");
      await mkdir(join(root, "skills/sql-review"), { recursive: true });
      await writeFile(path, ORIGINAL);
      const result = await pull({
        live: { active: [live], archived: [] },
        bundles: [bundle(root, "skills/sql-review", "sql-review")],
        planActions: [planAction("drifted", live, "skills/sql-review")],
        repository: PULL_REPO,
        selection: { names: [], allUnmanaged: false, drifted: true },
        dir: join(root, "skills"),
        force: false,
        dryRun: false,
        uncommitted: async () => new Set(),
      });
      expect(result.skills[0]?.skillMd.status).toBe("overwrite");
      const written = await readFile(path, "utf8");
      expect(written).toContain("license: Apache-2.0 # see LICENSE\ncompatibility: Requires psql 15+\nmetadata:\n  author: data-team\n");
      expect(written).toContain("# Owned by the data team\n");
      expect(written).toContain("\nNew instructions from Dust.\n");
      expect(written).not.toContain("Old instructions");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
