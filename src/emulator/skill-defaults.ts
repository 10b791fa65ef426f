import { hash32 } from "./ids.js";
import type { SkillSeed, StoredSkill } from "./types.js";

/** Icons Dust's suggestion picks from; the emulator chooses one from the name so it is stable. */
const ICONS = [
  "ActionRobotIcon",
  "ActionBookOpenIcon",
  "ActionDocumentTextIcon",
  "ActionMagnifyingGlassIcon",
  "ActionLightbulbIcon",
  "ActionChartBarIcon",
  "ActionCodeBoxIcon",
  "ActionMegaphoneIcon",
];

export function suggestIcon(name: string): string {
  return ICONS[hash32("icon", name) % ICONS.length] ?? "ActionRobotIcon";
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A stand-in for Dust's Markdown → block HTML conversion: one `<p>` per paragraph. Only its presence and
 * type matter to clients; nobody should compare it byte for byte.
 */
export function instructionsToHtml(instructions: string): string {
  return instructions
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("");
}

/** Fills every field a seed or a test left out, the way the server would have stored it. */
export function completeSkill(seed: SkillSeed, sId: string, now: number): StoredSkill {
  const description = seed.agentFacingDescription ?? seed.userFacingDescription ?? "";
  const instructions = seed.instructions === undefined ? "" : seed.instructions;
  const createdAt = seed.createdAt ?? seed.updatedAt ?? now;
  return {
    sId: seed.sId ?? sId,
    name: seed.name,
    agentFacingDescription: description,
    userFacingDescription: seed.userFacingDescription ?? description,
    instructions,
    instructionsHtml: seed.instructionsHtml ?? (instructions === null ? null : instructionsToHtml(instructions)),
    icon: seed.icon === undefined ? suggestIcon(seed.name) : seed.icon,
    status: seed.status ?? "active",
    source: seed.source === undefined ? "web_app" : seed.source,
    sourceMetadata: seed.sourceMetadata ?? null,
    fileAttachments: seed.fileAttachments ? seed.fileAttachments.map((a) => ({ ...a })) : [],
    availability: seed.availability ?? "workspace_users",
    createdAt,
    updatedAt: seed.updatedAt ?? createdAt,
    editedBy: seed.editedBy ?? null,
    editedByEmail: seed.editedByEmail ?? null,
    editors: seed.editors ? [...seed.editors] : [],
    requestedSpaceIds: seed.requestedSpaceIds ? [...seed.requestedSpaceIds] : [],
    tools: seed.tools ? structuredClone(seed.tools) : [],
    reinforcement: seed.reinforcement ?? "auto",
    isDefault: seed.isDefault ?? false,
    extendedSkillId: seed.extendedSkillId ?? null,
    version: seed.version ?? 1,
  };
}
