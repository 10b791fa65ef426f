import { encodeRecord } from "../../src/model/ownership-record.js";
import type { Bundle } from "../../src/model/bundle.js";
import type { LiveSkill } from "../../src/model/skill.js";
import type { PlanAction } from "../../src/model/plan.js";

export function liveSkill(over: Partial<LiveSkill> & { sId: string; name: string }): LiveSkill {
  return {
    agentFacingDescription: `About ${over.name}`,
    userFacingDescription: `About ${over.name}`,
    instructions: `# ${over.name}\n\nDo it well.\n`,
    status: "active",
    source: "web_app",
    sourceMetadata: null,
    fileAttachments: [],
    ...over,
  };
}

/** A live skill this repository manages from `dir`. */
/** The repository identity the pull tests run as. */
export const PULL_REPO = "github.com/acme/skills";

/** A skill a sync from PULL_REPO wrote for the bundle at `dir` (its ownership record). */
export function managedSkill(sId: string, name: string, dir: string, over: Partial<LiveSkill> = {}): LiveSkill {
  const filePath = encodeRecord({ repository: PULL_REPO, bundleDir: dir, skillMdName: "SKILL.md", fingerprint: "0".repeat(16), textHash: "0".repeat(16) });
  return liveSkill({ sId, name, source: "api", sourceMetadata: { filePath }, ...over });
}

export function bundle(root: string, dir: string, name: string | null, files: string[] = []): Bundle {
  const all = ["SKILL.md", ...files].sort().map((rel) => ({ rel, size: 1 }));
  return {
    root,
    dir,
    skillMd: `${dir}/SKILL.md`,
    files: all,
    attachments: all.filter((f) => f.rel !== "SKILL.md"),
    dropped: [],
    skill: name === null ? null : { name, description: `About ${name}`, instructions: "local\n" },
  };
}

export function planAction(kind: PlanAction["kind"], live: LiveSkill, dir: string, fields: string[] = ["instructions"]): PlanAction {
  return {
    kind,
    name: live.name,
    bundle: { dir, skillMd: `${dir}/SKILL.md`, filePath: null },
    live: { sId: live.sId, name: live.name, source: live.source, filePath: live.sourceMetadata?.filePath ?? null, availability: null, updatedAt: null, record: null },
    reasons: [],
    changes: fields.map((field) => ({
      field: field as PlanAction["changes"][number]["field"],
      liveFields: [field],
      before: null,
      after: null,
      diff: null,
      added: null,
      removed: null,
    })),
    changedInGit: null,
    notes: [],
    willUpload: true,
    willArchive: false,
    availability: null,
    conflictPolicy: null,
    renamed: null,
    recentUsage: null,
  };
}
