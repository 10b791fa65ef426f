import { fieldChange } from "./compare.js";
import { newAction, type Context } from "./context.js";
import { ourRecord } from "./ownership.js";
import { recordedSkillMd } from "../model/ownership-record.js";
import type { PlanAction } from "../model/plan.js";

/**
 * A rename in git is not an update: the server matches by name only (skill_resource fetchByNames), so importing
 * the new name creates a new skill and leaves the old one. The plan says so on both sides: "rename: creates
 * <new>, <old> becomes an orphan" (archived with --prune).
 */
export function noteRenames(ctx: Context, actions: PlanAction[], selectionActive: boolean): void {
  for (const action of actions) {
    if (action.kind !== "create" || action.bundle === null || action.name === null) continue;
    const old = (ctx.oursByPath.get(action.bundle.skillMd) ?? []).find((l) => l.name !== action.name);
    if (old === undefined) continue;
    action.renamed = { from: old.name, to: action.name };
    action.changes.push(fieldChange("name", ["name"], old.name, action.name));
    const fate = ctx.claimed.has(old.sId)
      ? "another bundle now uses that name, so it is not an orphan"
      : selectionActive
        ? "plan without a selection to see it as an orphan"
        : ctx.input.prune
          ? "--prune archives it"
          : "it stays unless --prune archives it";
    action.notes.push(
      `rename: creates "${action.name}", "${old.name}" (sId ${old.sId}) becomes an orphan: Dust matches skills by name, so the old skill is not renamed; ${fate}`,
    );
  }
}

/**
 * Orphans: active skills whose ownership record names this repository and that no bundle claims (its bundle is
 * gone, or renamed). Nothing else, whatever folder it came from: another repository's skills, legacy skills with
 * no record and web-app skills are never orphans, so prune never touches them.
 */
export function planOrphans(ctx: Context): PlanAction[] {
  const { input } = ctx;
  const orphans: PlanAction[] = [];
  for (const live of input.live.active) {
    const record = ourRecord(live, input.repository);
    if (record === null || ctx.claimed.has(live.sId)) continue;
    const action = newAction(input.prune ? "archive" : "orphan", live.name, null, live);
    const path = recordedSkillMd(record);
    const renamedTo = ctx.bundleBySkillMd.get(path);
    if (renamedTo?.skill) {
      action.renamed = { from: live.name, to: renamedTo.skill.name };
      action.reasons.push(
        `rename: its bundle ${renamedTo.skillMd} is now named "${renamedTo.skill.name}"; Dust cannot rename by import, so "${live.name}" becomes an orphan.`,
      );
    } else {
      action.reasons.push(`Its record names this repository (${path}), but no bundle has that path or its name any more.`);
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
