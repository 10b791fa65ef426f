import { isInsideRepoPath } from "../lib/paths.js";
import type { LiveSkill } from "../model/skill.js";

/**
 * Ownership (DESIGN.md "Identity and ownership"): Dust records no repository, only the SKILL.md path inside the
 * uploaded ZIP. A live skill belongs to a bundle iff it came through the API and that path is the bundle's.
 */
export function filePathOf(live: LiveSkill): string | null {
  return live.sourceMetadata?.filePath ?? null;
}

export function isManagedBy(live: LiveSkill, skillMd: string): boolean {
  return live.source === "api" && filePathOf(live) === skillMd;
}

/**
 * An API skill whose SKILL.md path lies under one of the folders this repository scans. The empty prefix
 * means "any path": only safe when a single repository syncs to the workspace.
 */
export function isUnderOwnedPrefix(live: LiveSkill, prefixes: readonly string[]): boolean {
  const path = filePathOf(live);
  if (live.source !== "api" || path === null) return false;
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base.toLowerCase() !== "skill.md") return false;
  return prefixes.some((p) => isInsideRepoPath(path, p.replace(/\/+$/, "")));
}

/** Why a same-name live skill is not this bundle's, in words a user can act on. */
export function foreignOwner(live: LiveSkill): string {
  const path = filePathOf(live);
  if (live.source === "api") {
    // The server updates any same-name API skill without checking filePath: only the client can refuse.
    return path === null
      ? `it was imported through the API with no recorded file path`
      : `it was imported through the API from another path (${path}): another repository or folder owns it, and Dust would overwrite it without asking`;
  }
  if (live.source === null) return "it has no recorded source";
  return `it was created from source "${live.source}"`;
}
