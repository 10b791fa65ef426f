import { nameTooLong } from "../model/skill-name.js";
import type { Bundle, SkillContent } from "../model/bundle.js";
import type { Availability, LiveSkill, OnConflict } from "../model/skill.js";
import { compareSkill } from "./compare.js";
import { compareText } from "../lib/compare-text.js";
import { isRedacted, NOT_READABLE } from "../model/skill.js";
import { groupBy, iso, liveRef, newAction, type Context } from "./context.js";
import { keyCapabilityErrors } from "./key-capabilities.js";
import { planRedacted } from "./redacted.js";
import { noteRenames, planOrphans } from "./orphans.js";
import { filePathOf, foreignOwner, isManagedBy } from "./ownership.js";
import { selectBundles, type Selection } from "./selection.js";
import { PLAN_SCHEMA_VERSION } from "../model/plan.js";
import type { Plan, PlanAction, PlanSummary, PlanTarget } from "../model/plan.js";

export interface PlanInput {
  /** Desired state; a bundle whose `skill` is null is shown as invalid and never uploaded. */
  bundles: Bundle[];
  live: { active: LiveSkill[]; archived: LiveSkill[] };
  onConflict: OnConflict;
  /** Orphans become `archive` actions. */
  prune: boolean;
  /** Bundle folders with files changed in git since `--changed-since`; null when not asked. */
  changedDirs: Set<string> | null;
  /** The ref `changedDirs` was computed against, for messages. */
  changedSince?: string;
  /** Bundle folder → last commit time (epoch ms) touching it; a folder missing here is never drift. */
  lastCommitMs: Map<string, number>;
  selection?: Selection;
  /**
   * Folders (repo-relative) this repository syncs from: API skills whose SKILL.md lies under one of them and
   * that match no bundle are orphans. Default `[""]`: every API skill with a SKILL.md path matching no bundle,
   * which is right only when a single repository syncs to the workspace.
   */
  ownedPrefixes?: string[];
  /** Availability sent with every upload (and compared with the live one when listed); null/absent: not sent. */
  availability?: Availability | null;
  /** The listing could not include unpublished skills (non-admin key): a "create" may meet a hidden skill. */
  unpublishedHidden?: boolean;
  /** Whether the API key is admin, as the listing learnt it; null/absent: unknown, nothing is refused for it. */
  keyIsAdmin?: boolean | null;
  target?: PlanTarget;
}

export function buildPlan(input: PlanInput): Plan {
  const refLabel = input.changedSince ?? "the given ref";
  const selection = selectBundles(input.bundles, input.selection, input.changedDirs, refLabel);
  const ctx: Context = {
    input,
    activeByName: groupBy(input.live.active, (s) => s.name),
    archivedByName: groupBy(input.live.archived, (s) => s.name),
    activeByPath: groupBy(input.live.active, (s) => (s.source === "api" ? filePathOf(s) : null)),
    bundleBySkillMd: new Map(input.bundles.map((b) => [b.skillMd, b])),
    availability: input.availability ?? null,
    refLabel,
    errors: [],
    claimed: new Set(),
    uncomparable: [],
  };
  const notes: string[] = [];
  const uncomparable = ctx.uncomparable;

  for (const name of selection.unknownNames) ctx.errors.push(`--names: no bundle is named "${name}".`);
  for (const glob of selection.unmatchedGlobs) notes.push(`The path "${glob}" matches no bundle.`);

  const byName = new Map<string, Bundle[]>();
  for (const b of input.bundles) {
    if (b.skill === null) continue;
    const list = byName.get(b.skill.name);
    if (list) list.push(b);
    else byName.set(b.skill.name, [b]);
  }

  const actions: PlanAction[] = [];
  const reportedDuplicates = new Set<string>();
  // Bundles with attachments compared with a live skill: equal names there say nothing about equal bytes.
  let attachmentsUnverified = 0;
  let attachmentsCompared = 0;
  for (const bundle of selection.selected) {
    const skill = bundle.skill;
    if (skill === null) {
      actions.push(invalidBundle(ctx, bundle));
      continue;
    }
    const sameName = byName.get(skill.name) ?? [];
    if (sameName.length > 1) {
      actions.push(duplicateName(ctx, bundle, skill, sameName, reportedDuplicates));
      continue;
    }
    if (nameTooLong(skill.name)) {
      actions.push(nameOverLimit(ctx, bundle, skill));
      continue;
    }
    const action = planBundle(ctx, bundle, skill);
    if (bundle.attachments.length > 0 && action.live !== null) {
      attachmentsCompared++;
      if (action.kind === "unchanged" && action.changedInGit === null) attachmentsUnverified++;
    }
    actions.push(action);
  }
  noteRenames(ctx, actions, selection.active);

  if (attachmentsUnverified > 0) {
    uncomparable.push(
      `Attachment contents were not compared for ${attachmentsUnverified} unchanged bundle(s) with attachments: Dust does not return file contents. Pass --changed-since <ref> to upload bundles whose files changed in git.`,
    );
  } else if (input.changedDirs !== null && attachmentsCompared > 0) {
    uncomparable.push(
      `Attachment contents cannot be read back from Dust: bundles with attachments whose files changed in git since ${refLabel} are uploaded.`,
    );
  }
  if (input.unpublishedHidden) {
    uncomparable.push(
      "Unpublished skills are not listed for this API key (admin keys see them): a planned create may meet a hidden skill with the same name.",
    );
  }

  if (selection.active) {
    notes.push(
      input.prune
        ? "Orphans were not looked for and nothing is archived: --prune needs the whole repository, not a selection."
        : "Orphans were not looked for: a selection is active.",
    );
  } else {
    const orphans = planOrphans(ctx);
    actions.push(...orphans);
    const prefixes = input.ownedPrefixes ?? [""];
    if (input.prune && orphans.length > 0 && prefixes.every((p) => p.replace(/\/+$/, "") === "")) {
      notes.push(
        "Every skill imported through the API whose SKILL.md path matches no bundle counts as this repository's; if other repositories sync to this workspace, limit ownership to this repository's folders.",
      );
    }
  }

  ctx.errors.push(...keyCapabilityErrors(actions, { keyIsAdmin: input.keyIsAdmin ?? null, prune: input.prune }));

  actions.sort(
    (a, b) =>
      (a.name === null ? 1 : 0) - (b.name === null ? 1 : 0) ||
      compareText(a.name ?? "", b.name ?? "") ||
      compareText(a.bundle?.dir ?? a.live?.filePath ?? "", b.bundle?.dir ?? b.live?.filePath ?? ""),
  );
  const summary = summarize(actions, selection.excluded.length);
  return {
    version: PLAN_SCHEMA_VERSION,
    target: input.target ?? null,
    actions,
    excluded: selection.excluded,
    summary,
    uncomparable,
    notes,
    hasChanges: summary.create + summary.update + summary.drifted + summary.takeover + summary.archive > 0,
    errors: ctx.errors,
  };
}

function invalidBundle(ctx: Context, bundle: Bundle): PlanAction {
  const action = newAction("invalid", null, bundle, null);
  action.reasons.push(
    bundle.skillError
      ? `Never uploaded: ${bundle.skillError}.`.replace(/\.\.$/, ".")
      : "Dust would silently drop this SKILL.md (front matter, name, description or instructions).",
  );
  // Its live skill, if any, must not look like an orphan: the bundle is still there, just broken.
  for (const live of ctx.activeByPath.get(bundle.skillMd) ?? []) {
    ctx.claimed.add(live.sId);
    action.live = liveRef(live);
    action.name = live.name;
    action.notes.push(`the live skill "${live.name}" (sId ${live.sId}) is left as it is`);
  }
  ctx.errors.push(`Invalid bundle ${bundle.dir}: Dust would drop ${bundle.skillMd}. Run \`dust-skills validate ${bundle.dir}\`.`);
  return action;
}

function duplicateName(
  ctx: Context,
  bundle: Bundle,
  skill: SkillContent,
  sameName: Bundle[],
  reported: Set<string>,
): PlanAction {
  const action = newAction("invalid", skill.name, bundle, null);
  const others = sameName.filter((b) => b !== bundle).map((b) => b.skillMd);
  action.reasons.push(`Another bundle has the same name (${others.join(", ")}): Dust keys skills by name, so only one can exist.`);
  for (const live of ctx.activeByName.get(skill.name) ?? []) {
    ctx.claimed.add(live.sId);
    action.live = liveRef(live);
  }
  if (!reported.has(skill.name)) {
    reported.add(skill.name);
    ctx.errors.push(`Duplicate skill name "${skill.name}" in ${sameName.map((b) => b.skillMd).join(", ")}: rename all but one.`);
  }
  return action;
}

/** Dust writes the skills of an import one by one and fails with a 500 on such a name: never send it. */
function nameOverLimit(ctx: Context, bundle: Bundle, skill: SkillContent): PlanAction {
  const action = newAction("invalid", skill.name, bundle, null);
  action.reasons.push("Its name is over Dust's 256-character limit: Dust would fail the upload midway.");
  ctx.errors.push(`Skill name in ${bundle.skillMd} is over 256 characters: shorten it. Run \`dust-skills validate ${bundle.dir}\`.`);
  return action;
}

function planBundle(ctx: Context, bundle: Bundle, skill: SkillContent): PlanAction {
  const { input } = ctx;
  const changedInGit = input.changedDirs === null ? null : input.changedDirs.has(bundle.dir);
  const candidates = ctx.activeByName.get(skill.name) ?? [];
  const live = candidates[0];
  if (live === undefined) return planCreate(ctx, bundle, skill, changedInGit);
  for (const c of candidates) ctx.claimed.add(c.sId);

  let action: PlanAction;
  if (isManagedBy(live, bundle.skillMd)) {
    action = isRedacted(live) ? planRedacted(bundle, skill, live, ctx.uncomparable) : planManaged(ctx, bundle, skill, live, changedInGit);
  } else action = planConflict(ctx, bundle, skill, live);
  action.changedInGit = changedInGit;
  if (candidates.length > 1) {
    action.notes.push(
      `the workspace has ${candidates.length} active skills named "${skill.name}" (${candidates.map((c) => c.sId).join(", ")}); this plan compares with ${live.sId}`,
    );
  }
  return action;
}

function markUpload(ctx: Context, action: PlanAction): void {
  action.willUpload = true;
  action.availability = ctx.availability;
}

function planCreate(ctx: Context, bundle: Bundle, skill: SkillContent, changedInGit: boolean | null): PlanAction {
  const action = newAction("create", skill.name, bundle, null);
  action.changedInGit = changedInGit;
  action.reasons.push(`No active skill is named "${skill.name}".`);
  markUpload(ctx, action);
  const archived = ctx.archivedByName.get(skill.name) ?? [];
  if (archived.length > 0) {
    // Archived skills never match by name on the server, and there is no public restore.
    action.notes.push(
      `an archived skill with this name exists (sId ${archived.map((a) => a.sId).join(", ")}): a new skill with a new sId is created; the archived one is not restored`,
    );
  }
  return action;
}

function planManaged(
  ctx: Context,
  bundle: Bundle,
  skill: SkillContent,
  live: LiveSkill,
  changedInGit: boolean | null,
): PlanAction {
  const { changes, notes } = compareSkill(bundle, skill, live, ctx.availability);
  const action = newAction("unchanged", skill.name, bundle, live);
  action.changes = changes;
  action.notes.push(...notes);
  const hasAttachments = bundle.attachments.length > 0 || live.fileAttachments.length > 0;
  if (changes.length > 0) {
    const fields = [...new Set(changes.map((c) => c.field))].join(", ");
    const lastCommit = ctx.input.lastCommitMs.get(bundle.dir);
    const editedInDust = live.updatedAt !== undefined && lastCommit !== undefined && live.updatedAt > lastCommit;
    action.kind = editedInDust ? "drifted" : "update";
    action.reasons.push(`Differs from the live skill: ${fields}.`);
    if (editedInDust) {
      action.reasons.push(
        `Edited in Dust at ${iso(live.updatedAt as number)}, after the last commit touching ${bundle.dir} (${iso(lastCommit as number)}): syncing overwrites the Dust edit.`,
      );
    }
  } else if (changedInGit === true && hasAttachments) {
    // Name, descriptions and instructions are equal, so what changed can only be an attachment's bytes.
    action.kind = "update";
    action.reasons.push(`Files changed in git since ${ctx.refLabel}; attachment contents cannot be compared.`);
  } else {
    action.reasons.push("Matches the live skill.");
    if (changedInGit === true) action.notes.push(`files changed in git since ${ctx.refLabel}, but nothing Dust stores differs`);
  }
  if (action.kind !== "unchanged") markUpload(ctx, action);
  return action;
}

function planConflict(ctx: Context, bundle: Bundle, skill: SkillContent, live: LiveSkill): PlanAction {
  const policy = ctx.input.onConflict;
  const action = newAction(policy === "override" ? "takeover" : "conflict", skill.name, bundle, live);
  action.conflictPolicy = policy;
  action.reasons.push(
    `An active skill named "${skill.name}" (sId ${live.sId}) is not managed by this repository: ${foreignOwner(live)}.`,
  );
  const path = filePathOf(live);
  const moved =
    live.source === "api" && path !== null && !ctx.bundleBySkillMd.has(path)
      ? ` If the bundle moved here from ${path} in this repository, --on-conflict override takes it over in place.`
      : "";
  if (policy === "override") {
    if (isRedacted(live)) {
      action.notes.push(`${NOT_READABLE}: what the takeover replaces cannot be shown`);
    } else {
      const { changes, notes } = compareSkill(bundle, skill, live, ctx.availability);
      action.changes = changes;
      action.notes.push(...notes);
    }
    action.reasons.push(
      `--on-conflict override: the upload replaces it in place (same sId); its source becomes "api" and its file path ${bundle.skillMd}.`,
    );
    markUpload(ctx, action);
  } else if (policy === "skip") {
    action.reasons.push("--on-conflict skip: nothing is sent for this skill.");
    if (moved) action.notes.push(moved.trim());
  } else {
    ctx.errors.push(
      `Conflict: "${skill.name}" (sId ${live.sId}) exists in the workspace and is not managed by ${bundle.skillMd}: ${foreignOwner(live)}. Use --on-conflict skip to leave it, or --on-conflict override to take it over.${moved}`,
    );
  }
  return action;
}

function summarize(actions: PlanAction[], excluded: number): PlanSummary {
  const summary: PlanSummary = {
    create: 0,
    update: 0,
    unchanged: 0,
    conflict: 0,
    takeover: 0,
    drifted: 0,
    archive: 0,
    orphan: 0,
    invalid: 0,
    excluded,
  };
  for (const a of actions) summary[a.kind]++;
  return summary;
}
