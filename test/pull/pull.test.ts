import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ATTACHMENTS_NOTE } from "../../src/pull/files.js";
import { pull, PullError } from "../../src/pull/pull.js";
import type { PullInput } from "../../src/pull/pull.js";
import { renderPull } from "../../src/render/pull-text.js";
import { renderSkillMd } from "../../src/pull/skill-md.js";
import { bundle, liveSkill, managedSkill, planAction, PULL_REPO } from "./fixtures.js";

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "dust-skills-pull-"));
  dir = join(root, "skills");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const web = liveSkill({ sId: "w1", name: "Release Notes", instructions: "# Release notes\r\nWrite them.\n\n" });
const attached = liveSkill({
  sId: "w2",
  name: "Data: analysis",
  fileAttachments: [
    { fileId: "f2", fileName: "scripts/run.py" },
    { fileId: "f1", fileName: "references/guide.md" },
  ],
});

function run(over: Partial<PullInput>): ReturnType<typeof pull> {
  return pull({
    live: { active: [web, attached], archived: [] },
    bundles: [],
    planActions: [],
    repository: PULL_REPO,
    selection: { names: [], allUnmanaged: true, drifted: false },
    dir,
    force: false,
    dryRun: false,
    ...over,
  });
}

const text = (path: string) => readFile(path, "utf8");

describe("pull", () => {
  it("writes each skill as <dir>/<slug>/SKILL.md, byte-exact, and lists attachments it could not bring", async () => {
    const result = await run({});
    expect(result.skills.map((s) => [s.skillMd.path, s.skillMd.status])).toEqual([
      [join(dir, "data-analysis", "SKILL.md"), "create"],
      [join(dir, "release-notes", "SKILL.md"), "create"],
    ]);
    expect(await text(join(dir, "release-notes", "SKILL.md"))).toBe(
      renderSkillMd({ name: web.name, description: web.agentFacingDescription, instructions: web.instructions ?? "" }),
    );
    expect(result.skills[0]?.missingAttachments).toEqual(["references/guide.md", "scripts/run.py"]);
    const note = await text(join(dir, "data-analysis", ATTACHMENTS_NOTE));
    expect(note).toContain("  references/guide.md\n  scripts/run.py\n");
    expect(note).toContain('"Data: analysis" (sId w2)');
    await expect(readdir(join(dir, "release-notes"))).resolves.toEqual(["SKILL.md"]);
  });

  it("finds nothing to do the second time", async () => {
    await run({});
    const again = await run({ bundles: [bundle(root, "skills/data-analysis", "Data: analysis"), bundle(root, "skills/release-notes", "Release Notes")] });
    expect(again.skills.map((s) => [s.skillMd.status, s.note?.status ?? null])).toEqual([
      ["unchanged", "unchanged"],
      ["unchanged", null],
    ]);
  });

  it("never overwrites a local file that differs without --force", async () => {
    const path = join(dir, "release-notes", "SKILL.md");
    await mkdir(join(dir, "release-notes"), { recursive: true });
    await writeFile(path, "local edit\n");
    const local = bundle(root, "skills/release-notes", "Release Notes");

    const refused = await run({ bundles: [local], selection: { names: ["Release Notes"], allUnmanaged: false, drifted: false } });
    expect(refused.skills[0]?.skillMd.status).toBe("refused");
    expect(refused.skills[0]?.skillMd.refusal).toMatch(/--force/);
    expect(await text(path)).toBe("local edit\n");

    const forced = await run({ bundles: [local], force: true, selection: { names: ["Release Notes"], allUnmanaged: false, drifted: false } });
    expect(forced.skills[0]?.skillMd.status).toBe("overwrite");
    expect(await text(path)).toContain("Write them.");
  });

  it("leaves a refused bundle's attachments note alone too", async () => {
    await mkdir(join(dir, "data-analysis"), { recursive: true });
    await writeFile(join(dir, "data-analysis", "SKILL.md"), "mine\n");
    const result = await run({ bundles: [bundle(root, "skills/data-analysis", "Data: analysis")] });
    expect(result.skills[0]?.note?.status).toBe("refused");
    await expect(readdir(join(dir, "data-analysis"))).resolves.toEqual(["SKILL.md"]);
  });

  it("--dry-run writes nothing and shows the diff it would write", async () => {
    const result = await run({ dryRun: true });
    await expect(readdir(root)).resolves.toEqual([]);
    expect(result.skills.map((s) => s.skillMd.status)).toEqual(["create", "create"]);
    const out = renderPull(result, root);
    expect(out).toContain("would write     skills/release-notes/SKILL.md  \"Release Notes\"\n--- /dev/null\n+++ skills/release-notes/SKILL.md (Dust)\n");
    expect(out).toContain('+name: "Release Notes"\n');
    expect(out).toContain("Dry run, nothing written: 2 would be written, 0 unchanged, 0 would be refused.");
  });

  it("--drifted overwrites a committed SKILL.md with Dust's version, but not one with uncommitted edits", async () => {
    const live = managedSkill("a1", "sql-review", "skills/sql-review", { instructions: "Edited in Dust.\n" });
    const path = join(dir, "sql-review", "SKILL.md");
    await mkdir(join(dir, "sql-review"), { recursive: true });
    await writeFile(path, "old\n");
    const input: Partial<PullInput> = {
      live: { active: [live], archived: [] },
      bundles: [bundle(root, "skills/sql-review", "sql-review")],
      planActions: [planAction("drifted", live, "skills/sql-review")],
      selection: { names: [], allUnmanaged: false, drifted: true },
    };
    const asked: string[][] = [];
    const dirty = await run({ ...input, uncommitted: async (paths) => (asked.push(paths), new Set(paths)) });
    expect(asked).toEqual([[path]]);
    expect(dirty.skills[0]?.skillMd.refusal).toMatch(/uncommitted/);
    expect(await text(path)).toBe("old\n");

    const clean = await run({ ...input, uncommitted: async () => new Set() });
    expect(clean.skills[0]?.skillMd.status).toBe("overwrite");
    expect(await text(path)).toMatch(/\n\nEdited in Dust\.\n$/);
  });

  it("refuses to start without a selection, and on unknown names writes nothing", async () => {
    await expect(run({ selection: { names: [], allUnmanaged: false, drifted: false } })).rejects.toThrow(PullError);
    await expect(run({ selection: { names: ["Release Notes", "nope"], allUnmanaged: false, drifted: false } })).rejects.toThrow(
      /no active skill is named "nope"/,
    );
    await expect(readdir(root)).resolves.toEqual([]);
  });
});

describe("renderPull", () => {
  it("prints one line per skill, what was left behind, and what to do next", async () => {
    const differs = liveSkill({ sId: "w3", name: "Mixed", userFacingDescription: "For people" });
    const result = await run({ live: { active: [web, attached, differs], archived: [] } });
    const out = renderPull(result, root);
    expect(out.split("\n").slice(0, 6)).toEqual([
      'written         skills/data-analysis/SKILL.md  "Data: analysis"',
      "  not brought in (the API gives only their names): references/guide.md, scripts/run.py",
      `  written         skills/data-analysis/${ATTACHMENTS_NOTE}  (not uploaded: Dust drops files without an extension)`,
      'written         skills/mixed/SKILL.md  "Mixed"',
      "  note: its user-facing description differs from the agent-facing one; SKILL.md holds one description, so a sync sets both to the agent-facing text",
      'written         skills/release-notes/SKILL.md  "Release Notes"',
    ]);
    expect(out).toContain("3 written, 0 overwritten, 0 unchanged, 0 refused.");
    expect(out).toContain('info: 3 skill name(s) differ from their folder names (e.g. "Data: analysis" in skills/data-analysis/)');
    expect(out).toContain("`dust-skills sync --on-conflict override` replaces each in place");
  });

  it("warns when Dust would not read the file back as the live skill", async () => {
    const padded = liveSkill({ sId: "w4", name: "Padded", instructions: "\n  indented start\n" });
    const out = renderPull(await run({ live: { active: [padded], archived: [] } }), root);
    expect(out).toContain("  warning: the instructions start with whitespace, which Dust removes on import;");
  });
});
