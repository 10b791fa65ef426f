import type { Bundle } from "../../src/model/bundle.js";
import type { LiveSkill } from "../../src/model/skill.js";
import { createHash } from "node:crypto";
import type { PlanInput } from "../../src/plan/plan.js";
import { textHash } from "../../src/model/text-hash.js";
import { encodeRecord } from "../../src/model/ownership-record.js";

/** The repository the planner tests plan for. */
export const REPO = "github.com/acme/skills";

/** A stand-in fingerprint: any change to the bundle's text or attachment list changes it. */
export function fingerprintOf(b: Bundle): string {
  return createHash("sha256").update(JSON.stringify([b.dir, b.skill, b.attachments])).digest("hex").slice(0, 16);
}

/** The filePath an upload of `b` from `repository` writes (its ownership record). */
export function recordPath(b: Bundle, over: { repository?: string; fingerprint?: string; textHash?: string; dir?: string } = {}): string {
  if (!b.skill) throw new Error("recordPath needs a valid bundle");
  return encodeRecord({
    repository: over.repository ?? REPO,
    bundleDir: over.dir ?? b.dir,
    skillMdName: "SKILL.md",
    fingerprint: over.fingerprint ?? fingerprintOf(b),
    textHash: over.textHash ?? textHash(b.skill),
  });
}

/** A valid bundle at `skills/<dir>` named `name`; attachments are file names relative to the bundle. */
export function bundle(
  name: string,
  over: { dir?: string; description?: string; instructions?: string; attachments?: string[]; invalid?: boolean } = {},
): Bundle {
  const dir = `skills/${over.dir ?? name}`;
  const attachments = (over.attachments ?? []).map((rel) => ({ rel, size: 10 }));
  return {
    root: "/repo",
    dir,
    skillMd: `${dir}/SKILL.md`,
    files: [{ rel: "SKILL.md", size: 100 }, ...attachments].sort((a, b) => (a.rel < b.rel ? -1 : 1)),
    attachments,
    dropped: [],
    skill: over.invalid
      ? null
      : {
          name,
          description: over.description ?? `${name} description`,
          instructions: over.instructions ?? `Do ${name}.\n`,
        },
  };
}

/**
 * The live skill a sync of `b` from REPO would have produced (its record, equal content), with overrides.
 * Pass `filePath: null` for no sourceMetadata.
 */
export function liveFrom(b: Bundle, over: Partial<LiveSkill> & { filePath?: string | null } = {}): LiveSkill {
  if (!b.skill) throw new Error("liveFrom needs a valid bundle");
  return live(b.skill.name, {
    agentFacingDescription: b.skill.description,
    userFacingDescription: b.skill.description,
    instructions: b.skill.instructions,
    fileAttachments: b.attachments.map((a, i) => ({ fileId: `fil_${i}`, fileName: a.rel })),
    filePath: recordPath(b),
    ...over,
  });
}

export function live(name: string, over: Partial<LiveSkill> & { filePath?: string | null } = {}): LiveSkill {
  const { filePath, ...rest } = over;
  const path = filePath === undefined ? `skills/${name}/SKILL.md` : filePath;
  return {
    // Derived from the name so that two plans built from the same inputs are identical.
    sId: `skl_${name}`,
    name,
    agentFacingDescription: `${name} description`,
    userFacingDescription: `${name} description`,
    instructions: `Do ${name}.\n`,
    status: "active",
    source: "api",
    sourceMetadata: path === null ? null : { filePath: path },
    fileAttachments: [],
    availability: "workspace_users",
    updatedAt: 1_000,
    ...rest,
  };
}

/** Planner input for REPO; a valid bundle with no fingerprint gets fingerprintOf it. */
export function input(over: Partial<PlanInput> = {}): PlanInput {
  const bundles = (over.bundles ?? []).map((b) => (b.skill !== null && b.fingerprint === undefined ? { ...b, fingerprint: fingerprintOf(b) } : b));
  return {
    live: { active: [], archived: [] },
    onConflict: "error",
    prune: false,
    changedDirs: null,
    repository: REPO,
    ...over,
    bundles,
  };
}
