import type { EmulatorSeed, SkillSeed } from "../../src/emulator/index.js";
import { encodeRecord } from "../../src/model/ownership-record.js";
import { textHash } from "../../src/model/text-hash.js";

const DAY = 86_400_000;

/** The repository the sync tests' clones have as origin. */
export const REPOSITORY = "github.com/acme/skills";

/**
 * A skill as an earlier sync of the bundle at `dir` by `repository` would have stored it, a month ago: its
 * ownership record carries the text hash of that text and `fingerprint` (by default one no bundle has: the
 * bundle changed since).
 */
export function synced(
  name: string,
  description: string,
  body: string,
  dir: string,
  extra: Partial<SkillSeed> = {},
  repository = REPOSITORY,
  fingerprint = "0".repeat(16),
): SkillSeed {
  const filePath = encodeRecord({ repository, bundleDir: dir, skillMdName: "SKILL.md", fingerprint, textHash: textHash({ name, description, instructions: body }) });
  return {
    name,
    agentFacingDescription: description,
    userFacingDescription: description,
    instructions: body,
    source: "api",
    sourceMetadata: { filePath },
    availability: "workspace_users",
    createdAt: Date.now() - 30 * DAY,
    updatedAt: Date.now() - 30 * DAY,
    ...extra,
  };
}

/** One workspace with an admin key and a builder key, and whatever else the test seeds in it. */
export function adminAndBuilderSeed(id: string, keys: { admin: string; builder: string }, extra: Omit<EmulatorSeed["workspaces"][number], "id" | "keys">): EmulatorSeed {
  return {
    workspaces: [
      {
        id,
        keys: [
          { key: keys.admin, role: "admin" },
          { key: keys.builder, role: "builder" },
        ],
        ...extra,
      },
    ],
  };
}
