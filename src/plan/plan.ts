import { nameTooLong } from "../model/skill-name.js";
import type { Bundle, SkillContent } from "../model/bundle.js";
import type { Availability, LiveSkill, OnConflict } from "../model/skill.js";
import { compareSkill } from "./compare.js";
import { compareText } from "../lib/compare-text.js";
import { isRedacted, NOT_READABLE } from "../model/skill.js";
import { groupBy, liveRef, newAction, type Context } from "./context.js";
import { keyCapabilityErrors } from "./key-capabilities.js";
import { planRedacted } from "./redacted.js";
import { noteRenames, planOrphans } from "./orphans.js";
import { liveTextHash, textHash } from "../model/text-hash.js";
import { encodeRecord, recordedSkillMd, skillMdNameOf } from "../model/ownership-record.js";
import type { OwnershipRecord } from "../model/ownership-record.js";
import { foreignOwner, ourRecord, ownerOf } from "./ownership.js";
import { pruneRefusal } from "./prune-guard.js";
import type { Owner } from "./ownership.js";
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
  /**
   * Bundle folders with files changed in git since `--changed-since`; null when not asked. Only a selection
   * filter and a decoration: what changed is decided by fingerprints, never by git.
   */
  changedDirs: Set<string> | null;
  /** The ref `changedDirs` was computed against, for messages. */
  changedSince?: string;
  /** This repository's identity (src/identity/normalise.ts); null when unknown: then nothing is ours. */
  repository: string | null;
  /** `adopt: legacy`: a skill with no record at a bundle's own path is taken over by the next sync. */
  adoptLegacy?: boolean;
  /** --force: let prune archive more than 30% (and more than 3) of the managed skills. */
  force?: boolean;
  selection?: Selection;
  /** Availability sent with every upload (and compared with the live one when listed); null/absent: not sent. */
  availability?: Availability | null;
  /** The listing could not include unpublished skills (non-admin key): a "create" may meet a hidden skill. */
  unpublishedHidden?: boolean;
  /** Whether the API key is admin, as the listing learnt it; null/absent: unknown, nothing is refused for it. */
  keyIsAdmin?: boolean | null;
  target?: PlanTarget;
  /** Bundle folder → why no upload can ever carry it (over Dust's file, size or zipped-size limit). */
  unshippable?: ReadonlyMap<string, string>;
}

export function buildPlan(input: PlanInput): Plan {
  const refLabel = input.changedSince ?? "the given ref";
  const selection = selectBundles(input.bundles, input.selection, input.changedDirs, refLabel);
  const ctx: Context = {
    input,
    activeByName: groupBy(input.live.active, (s) => s.name),
    archivedByName: groupBy(input.live.archived, (s) => s.name),
    oursByPath: groupBy(input.live.active, (s) => {
      const record = ourRecord(s, input.repository);
      return record === null ? null : recordedSkillMd(record);
    }),
    bundleBySkillMd: new Map(input.bundles.map((b) => [b.skillMd, b])),
    availability: input.availability ?? null,
    refLabel,
    errors: [],
    claimed: new Set(),
    uncomparable: [],
  };
  const notes: string[] = [];
  const uncomparable = ctx.uncomparable;

  if (input.repository === null) {
    // A read-only plan still runs; sync refuses before planning (src/gather/plan-inputs.ts).
    notes.push(
      "No repository identity: nothing in the workspace counts as this repository's, and sync refuses to write. Pass --repository host/owner/name, set `repository:` in dust-skills.yml, or add a git origin remote.",
    );
  }
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
  for (const bundle of selection.selected) {
    const skill = bundle.skill;
    if (skill === null) {
      actions.push(invalidBundle(ctx, bundle));
      continue;
    }
    const tooLarge = input.unshippable?.get(bundle.dir);
    if (tooLarge !== undefined) {
      actions.push(unshippableBundle(ctx, bundle, skill, tooLarge));
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
    actions.push(planBundle(ctx, bundle, skill));
  }
  noteRenames(ctx, actions, selection.active);

  const redacted = actions.filter((a) => a.notes.some((n) => n.startsWith(REDACTED_NOTE))).length;
  if (redacted > 0) {
    uncomparable.push(
      `${redacted} skill(s) are redacted for this API key (on a space it cannot read): their text cannot be compared, so they were compared by their ownership record alone and never updated from missing text.`,
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
    actions.push(...planOrphans(ctx));
    if (input.prune) {
      const refusal = pruneRefusal(actions, input.bundles.length, input.force === true);
      if (refusal !== null) ctx.errors.push(`${refusal.message} ${refusal.hint}`);
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
    requests: null,
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
  for (const live of ctx.oursByPath.get(bundle.skillMd) ?? []) {
    ctx.claimed.add(live.sId);
    action.live = liveRef(live);
    action.name = live.name;
    action.notes.push(`the live skill "${live.name}" (sId ${live.sId}) is left as it is`);
  }
  ctx.errors.push(`Invalid bundle ${bundle.dir}: Dust would drop ${bundle.skillMd}. Run \`dust-skills validate ${bundle.dir}\`.`);
  return action;
}

function unshippableBundle(ctx: Context, bundle: Bundle, skill: SkillContent, why: string): PlanAction {
  const action = newAction("invalid", skill.name, bundle, null);
  action.reasons.push(`No upload can carry this bundle: ${why}.`);
  // Its live skill stays as it is; it must not look like an orphan either.
  for (const live of ctx.activeByName.get(skill.name) ?? []) {
    ctx.claimed.add(live.sId);
    action.live = liveRef(live);
  }
  ctx.errors.push(`Bundle ${bundle.dir} can never be uploaded: ${why}. Split it or remove files, then run \`dust-skills validate ${bundle.dir}\`.`);
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
  // Several active skills with one name only come from the web app; compare with ours when there is one.
  const live = candidates.find((c) => ourRecord(c, input.repository) !== null) ?? candidates[0];
  if (live === undefined) return planCreate(ctx, bundle, skill, changedInGit);
  for (const c of candidates) ctx.claimed.add(c.sId);

  const owner = ownerOf(live, input.repository);
  let action: PlanAction;
  if (owner.kind === "ours") {
    // A redacted skill is compared by its record alone: unchanged while the fingerprint is the recorded one.
    const asRecorded = bundle.fingerprint === owner.record.fingerprint && recordedSkillMd(owner.record) === bundle.skillMd;
    action = isRedacted(live) && asRecorded ? planRedacted(bundle, skill, live, ctx.uncomparable) : planManaged(ctx, bundle, skill, live, owner.record);
  } else if (owner.kind === "legacy" && input.adoptLegacy === true && owner.path === bundle.skillMd) action = planAdoptLegacy(ctx, bundle, skill, live);
  else action = planConflict(ctx, bundle, skill, live, owner);
  action.changedInGit = changedInGit;
  if (candidates.length > 1) {
    action.notes.push(
      `the workspace has ${candidates.length} active skills named "${skill.name}" (${candidates.map((c) => c.sId).join(", ")}); this plan compares with ${live.sId}`,
    );
  }
  return action;
}

/**
 * Marks an upload and the record it writes. A bundle whose files could not be read has no fingerprint: it cannot
 * be uploaded (a plan error). Without a repository identity the record is unknown (filePath null).
 */
function markUpload(ctx: Context, action: PlanAction, bundle: Bundle, skill: SkillContent): void {
  const fingerprint = bundle.fingerprint;
  if (fingerprint === undefined) {
    ctx.errors.push(`${bundle.dir}: its files could not be read, so it cannot be fingerprinted or uploaded.`);
    return;
  }
  action.willUpload = true;
  action.availability = ctx.availability;
  const { repository } = ctx.input;
  if (action.bundle && repository !== null) {
    const record = { repository, bundleDir: bundle.dir, skillMdName: skillMdNameOf(bundle.skillMd), fingerprint, textHash: textHash(skill) };
    action.bundle.filePath = encodeRecord(record);
  }
}

function planCreate(ctx: Context, bundle: Bundle, skill: SkillContent, changedInGit: boolean | null): PlanAction {
  const action = newAction("create", skill.name, bundle, null);
  action.changedInGit = changedInGit;
  action.reasons.push(`No active skill is named "${skill.name}".`);
  markUpload(ctx, action, bundle, skill);
  const archived = ctx.archivedByName.get(skill.name) ?? [];
  if (archived.length > 0) {
    // Archived skills never match by name on the server, and there is no public restore.
    action.notes.push(
      `an archived skill with this name exists (sId ${archived.map((a) => a.sId).join(", ")}): a new skill with a new sId is created; the archived one is not restored`,
    );
  }
  return action;
}

export const REDACTED_NOTE = "redacted for this API key";

/**
 * A skill this repository owns. Everything is decided from its record: changed = the local fingerprint differs
 * from the recorded one (attachments included, no git range needed); drifted = the live text no longer hashes
 * to the recorded text hash (edited in Dust since the last upload); moved = the record names another path.
 */
/** The live skill holds the bundle's text, as an import writes it: its text hash is then the bundle's. */
function isBundleText(live: LiveSkill, skill: SkillContent): boolean {
  return (
    live.instructions === skill.instructions &&
    live.name === skill.name &&
    live.agentFacingDescription === skill.description &&
    live.userFacingDescription === skill.description
  );
}

function planManaged(ctx: Context, bundle: Bundle, skill: SkillContent, live: LiveSkill, record: OwnershipRecord): PlanAction {
  const action = newAction("unchanged", skill.name, bundle, live);
  // Most live skills hold exactly the bundle's text: equal text is an equal hash, so neither is computed
  // (at 20,000 skills, hashing every live skill's instructions was a fifth of the planner's time).
  let skillHash: string | undefined;
  const bundleHash = (): string => (skillHash ??= textHash(skill));
  const sameText = isBundleText(live, skill);
  const liveHash = sameText ? null : liveTextHash(live);
  const redacted = liveHash === "redacted";
  if (!redacted) {
    const { changes, notes } = compareSkill(bundle, skill, live, ctx.availability);
    action.changes = changes;
    action.notes.push(...notes);
  } else {
    action.notes.push(`${REDACTED_NOTE} (a space it cannot read): its text cannot be compared; the ownership record says whether the bundle changed`);
  }
  const contentChanged = bundle.fingerprint !== record.fingerprint;
  const from = recordedSkillMd(record);
  const moved = from !== bundle.skillMd;
  // A Dust edit already taken into the repository (pull --drifted) is no longer drift: only the record is stale.
  const editedInDust = liveHash !== null && !redacted && liveHash !== record.textHash && liveHash !== bundleHash();
  const availabilityChanged = action.changes.some((c) => c.field === "availability");

  if (editedInDust) {
    action.kind = "drifted";
    action.reasons.push(
      liveHash === "split"
        ? "Edited in Dust since the last upload: its two descriptions were edited apart (an upload always writes one into both); syncing overwrites the Dust edit."
        : "Edited in Dust since the last upload: its name, description or instructions no longer match the text hash recorded at upload; syncing overwrites the Dust edit.",
    );
    if (contentChanged) action.notes.push("the bundle also changed in the repository since the last upload");
  } else if (contentChanged || moved) {
    action.kind = "update";
    if (moved) action.reasons.push(`Moved in the repository from ${from} to ${bundle.skillMd}: updated in place (same sId), its record names the new path.`);
    if (contentChanged) {
      const fields = [...new Set(action.changes.map((c) => c.field).filter((f) => f !== "availability"))];
      const takenBack = (liveHash ?? bundleHash()) !== record.textHash && (liveHash === null || liveHash === bundleHash());
      action.reasons.push(
        fields.length > 0
          ? `Changed since the last upload: ${fields.join(", ")}.`
          : takenBack
            ? "The repository already holds the text edited in Dust (taken back with pull --drifted): the upload records it, so the record matches again."
            : "Changed since the last upload: the fingerprint differs while the text Dust shows is equal, so an attachment's contents changed.",
      );
    }
  } else if (availabilityChanged) {
    action.kind = "update";
    action.reasons.push(`Availability differs: ${live.availability ?? "?"} → ${ctx.availability ?? "?"}.`);
  } else {
    action.reasons.push("Same fingerprint and text hash as recorded at the last upload.");
  }
  if (action.kind !== "unchanged") markUpload(ctx, action, bundle, skill);
  return action;
}

/** `adopt: legacy`: a skill an earlier dust-skills wrote at this bundle's own path, with no record yet. */
function planAdoptLegacy(ctx: Context, bundle: Bundle, skill: SkillContent, live: LiveSkill): PlanAction {
  const action = newAction("update", skill.name, bundle, live);
  const { changes, notes } = compareSkill(bundle, skill, live, ctx.availability);
  action.changes = changes;
  action.notes.push(...notes);
  action.reasons.push(
    `Legacy: written at ${bundle.skillMd} by an earlier dust-skills, with no ownership record; adopted (adopt: legacy): the upload writes this repository's record.`,
  );
  markUpload(ctx, action, bundle, skill);
  return action;
}

function planConflict(ctx: Context, bundle: Bundle, skill: SkillContent, live: LiveSkill, owner: Owner): PlanAction {
  const policy = ctx.input.onConflict;
  const action = newAction(policy === "override" ? "takeover" : "conflict", skill.name, bundle, live);
  action.conflictPolicy = policy;
  const why = foreignOwner(owner);
  action.reasons.push(`An active skill named "${skill.name}" (sId ${live.sId}) is not managed by this repository: ${why}.`);
  const adopt =
    owner.kind === "legacy" && owner.path === bundle.skillMd
      ? " It sits at this bundle's path: `adopt: legacy` in dust-skills.yml adopts such skills."
      : "";
  if (policy === "override") {
    if (isRedacted(live)) {
      action.notes.push(`${NOT_READABLE}: what the takeover replaces cannot be shown`);
    } else {
      const { changes, notes } = compareSkill(bundle, skill, live, ctx.availability);
      action.changes = changes;
      action.notes.push(...notes);
    }
    action.reasons.push(`--on-conflict override: the upload replaces it in place (same sId); its source becomes "api" and it gets this repository's record.`);
    markUpload(ctx, action, bundle, skill);
  } else if (policy === "skip") {
    action.reasons.push("--on-conflict skip: nothing is sent for this skill.");
    if (adopt) action.notes.push(adopt.trim());
  } else {
    ctx.errors.push(
      `Conflict: "${skill.name}" (sId ${live.sId}) exists in the workspace and is not managed by this repository: ${why}. Use --on-conflict skip to leave it, or --on-conflict override to take it over.${adopt}`,
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
