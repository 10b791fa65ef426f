import type { SkillSeed } from "../../src/emulator/index.js";

const DAY = 86_400_000;

/** A skill as an earlier sync of the bundle at `filePath` would have stored it, a month ago. */
export function synced(name: string, description: string, body: string, filePath: string, extra: Partial<SkillSeed> = {}): SkillSeed {
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

