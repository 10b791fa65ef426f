import { fieldChange } from "./compare.js";
import { newAction, type Context } from "./context.js";
import { filePathOf, isUnderOwnedPrefix } from "./ownership.js";
import type { PlanAction } from "../model/plan.js";

/**
 * A rename in git is not an update: the server matches by name only (skill_resource fetchByNames), so importing
 * the new name creates a new skill and leaves the old one. The plan says so on both sides: the create carries the
 * name change, and the old skill is an orphan (archived with --prune).
 */
export function noteRenames(ctx: Context, actions: PlanAction[], selectionActive: boolean): void {
  for (const action of actions) {
    if (action.kind !== "create" || action.bundle === null || action.name === null) continue;
    const old = (ctx.activeByPath.get(action.bundle.skillMd) ?? []).find((l) => l.name !== action.name);
    if (old === undefined) continue;
    action.renamed = { from: old.name, to: action.name };
    action.changes.push(fieldChange("name", ["name"], old.name, action.name));
    const fate = ctx.claimed.has(old.sId)
      ? "another bundle now uses that name"
      : selectionActive
        ? "it stays; plan without a selection to see it as an orphan"
        : ctx.input.prune
          ? "--prune archives it"
          : "it stays as an orphan unless --prune archives it";
    action.notes.push(
      `renamed in git from "${old.name}": Dust matches skills by name, so this creates a new skill (new sId) and the old one (sId ${old.sId}) is not renamed; ${fate}`,
    );
  }
}

export function planOrphans(ctx: Context): PlanAction[] {
  const { input } = ctx;
  const prefixes = input.ownedPrefixes ?? [""];
  const orphans: PlanAction[] = [];
  for (const live of input.live.active) {
    if (ctx.claimed.has(live.sId) || !isUnderOwnedPrefix(live, prefixes)) continue;
    const action = newAction(input.prune ? "archive" : "orphan", live.name, null, live);
    const path = filePathOf(live);
    const renamedTo = path === null ? undefined : ctx.bundleBySkillMd.get(path);
    if (renamedTo?.skill) {
      action.renamed = { from: live.name, to: renamedTo.skill.name };
      action.reasons.push(
        `Its bundle ${renamedTo.skillMd} is now named "${renamedTo.skill.name}"; Dust cannot rename by import, so the old skill is left behind.`,
      );
    } else {
      action.reasons.push(`Managed by this repository (${path}), but no bundle has that path any more.`);
    }
    if (input.prune) {
      action.willArchive = true;
      action.reasons.push("--prune archives it (DELETE); archived skills cannot be restored through the API.");
    } else {
      action.notes.push("left as it is; --prune would archive it");
    }
    orphans.push(action);
  }
  return orphans;
}

