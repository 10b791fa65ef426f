import { textHash } from "../../src/model/text-hash.js";
import { encodeRecord } from "../../src/model/ownership-record.js";
import type { Bundle } from "../../src/model/bundle.js";
import type { LiveSkill } from "../../src/model/skill.js";
import type { SkillsTableRow } from "../../src/report/join.js";
import type { ReportWindow } from "../../src/model/report.js";
import { UsageAggregator } from "../../src/report/usage.js";
import type { UsageAggregate } from "../../src/report/usage.js";

/** The aggregate the report builds from the export's stream, from rows in memory. */
export function aggregateUsage(
  rows: Iterable<Readonly<Record<string, string | number | undefined>>>,
  window: Pick<ReportWindow, "dates">,
): UsageAggregate {
  const agg = new UsageAggregator(window);
  for (const row of rows) agg.add(row);
  return agg.result();
}

/** A bundle as loadBundles would return it; content defaults derive from the name. */
export function bundle(name: string, dir: string, over: Partial<{ description: string; instructions: string }> = {}): Bundle {
  return {
    root: "/repo",
    dir,
    skillMd: `${dir}/SKILL.md`,
    files: [{ rel: "SKILL.md", size: 100 }],
    attachments: [],
    dropped: [],
    skill: { name, description: over.description ?? `${name} does things`, instructions: over.instructions ?? `# ${name}\n` },
  };
}

/** The repository the report tests run as. */
export const REPORT_REPO = "github.com/acme/skills";

/** A live skill; pass `from` to make it this repository's upload of that bundle folder (its ownership record). */
export function live(sId: string, name: string, over: Partial<LiveSkill> & { from?: string; content?: string } = {}): LiveSkill {
  const { from, content, ...rest } = over;
  const base = content ?? name;
  const text = { name, description: `${base} does things`, instructions: `# ${base}\n` };
  const filePath = from === undefined ? null : encodeRecord({ repository: REPORT_REPO, bundleDir: from, skillMdName: "SKILL.md", fingerprint: "0".repeat(16), textHash: textHash(text) });
  return {
    sId,
    name,
    agentFacingDescription: `${base} does things`,
    userFacingDescription: `${base} does things`,
    instructions: `# ${base}\n`,
    status: "active",
    source: from !== undefined ? "api" : "web_app",
    sourceMetadata: filePath !== null ? { filePath } : null,
    fileAttachments: [],
    createdAt: Date.UTC(2024, 0, 1),
    updatedAt: Date.UTC(2024, 0, 2),
    ...rest,
  };
}

export function tableRow(skillId: string, name: string, global = false): SkillsTableRow {
  return global ? { skillId, name, createdAt: "", lastEdit: "" } : { skillId, name, createdAt: "2024-01-01", lastEdit: "2024-01-02" };
}

export function usageRow(date: string, skillName: string, executions: number, uniqueUsers: number): Record<string, string> {
  return { date, skillName, executions: String(executions), uniqueUsers: String(uniqueUsers) };
}

/**
 * The small hand-checked seed used across the report tests (window 2025-03-01..04, UTC).
 * Expected numbers are worked out in join.test.ts next to each assertion.
 */
export function smallSeed() {
  const bundles = [
    bundle("alpha", "skills/alpha"),
    bundle("beta", "skills/beta", { description: "beta-new does things", instructions: "# beta-new\n" }),
    bundle("delta", "skills/delta"),
    bundle("epsilon", "skills/epsilon"),
  ];
  const active = [
    live("skl_AAAAAAAAAA", "alpha", { from: "skills/alpha" }),
    live("skl_BBBBBBBBBB", "beta-new", { from: "skills/beta" }),
    live("skl_CCCCCCCCCC", "gamma"),
    live("skl_DDDDDDDDDD", "delta", { from: "skills/delta" }),
    live("skl_EEEEEEEEEE", "=x"),
    live("skl_FFFFFFFFFF", "dup"),
  ];
  const archived = [
    live("skl_GGGGGGGGGG", "dup", { status: "archived" }),
    live("skl_HHHHHHHHHH", "old-archived", { status: "archived" }),
  ];
  const skillsTable: SkillsTableRow[] = [
    ...active.map((s) => tableRow(s.sId, s.name.startsWith("=") ? `'${s.name}` : s.name)),
    tableRow("skl_HHHHHHHHHH", "old-archived"),
    tableRow("deep_dive", "Deep Dive", true),
  ];
  const rows = [
    usageRow("2025-03-01", "alpha", 2, 1),
    usageRow("2025-03-02", "alpha", 3, 2),
    usageRow("2025-03-04", "alpha", 5, 2),
    usageRow("2025-03-03", "beta-new", 4, 1),
    usageRow("2025-03-01", "gamma", 6, 3),
    usageRow("2025-03-02", "gamma", 2, 1),
    usageRow("2025-03-03", "gamma", 0, 0),
    usageRow("2025-03-02", "'=x", 1, 1),
    usageRow("2025-03-01", "dup", 3, 1),
    usageRow("2025-03-01", "old-archived", 1, 1),
    usageRow("2025-03-04", "skl_HHHHHHHHHH", 2, 1),
    usageRow("2025-03-03", "skl_ZZZZZZZZZZ", 7, 2),
    usageRow("2025-03-02", "Deep Dive", 9, 4),
  ];
  return { bundles, active, archived, skillsTable, rows };
}
