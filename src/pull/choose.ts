import { join } from "node:path";
import type { Bundle } from "../model/bundle.js";
import type { LiveSkill } from "../model/skill.js";
import { isRecordedAt } from "../plan/ownership.js";
import type { PlanAction } from "../model/plan.js";
import { isRedacted, NOT_READABLE } from "../model/skill.js";
import { compareText } from "../lib/compare-text.js";
import { assignFolders, byNameThenSId } from "./slug.js";

/** Why a skill is pulled; a skill may be chosen by several flags at once. */
export type PullReason = "names" | "unmanaged" | "drifted";

export interface PullSelection {
  /** Exact names, as Dust compares them (case-sensitive, active skills). */
  names: string[];
  /** Active skills no bundle of this repository manages. */
  allUnmanaged: boolean;
  /** Managed skills the plan calls drifted: edited in Dust since their last upload (their text no longer hashes to the record). */
  drifted: boolean;
}

export interface ChooseInput {
  live: { active: LiveSkill[]; archived: LiveSkill[] };
  bundles: Bundle[];
  /** The plan's actions, for `--drifted`: only the plan knows which differences are Dust's edits. */
  planActions: readonly PlanAction[];
  /** This repository's identity: a skill whose record names it is managed. */
  repository: string;
  selection: PullSelection;
  /** Absolute folder new bundles go to (`--dir`). */
  dir: string;
  /** Names of the entries already in `dir`: a new folder never reuses one. */
  dirEntries: readonly string[];
}

export interface PullTarget {
  live: LiveSkill;
  reasons: PullReason[];
  /** Absolute bundle folder written to. */
  folder: string;
  /** The bundle already holding this skill (managed, or same name); null for a new folder. */
  bundle: Bundle | null;
  /** `--drifted` chose it: overwriting its SKILL.md with Dust's version is the point, no --force needed. */
  drifted: boolean;
}

export interface PullChoice {
  /** Sorted by skill name (code units), then sId. */
  targets: PullTarget[];
  /** Nothing may be written: a requested name is not an active skill. */
  errors: string[];
  /** Plain-words remarks for the user (skills left out and why). */
  notes: string[];
}

/**
 * Pure: decides which live skills to pull and into which folder. A skill that already has a bundle goes back
 * into it (so pulling twice is a no-op); any other gets a new folder named from its name under `dir`.
 */
export function choosePulls(input: ChooseInput): PullChoice {
  const { live, bundles, selection } = input;
  const errors: string[] = [];
  const notes: string[] = [];
  const reasons = new Map<string, Set<PullReason>>();
  const choose = (skill: LiveSkill, reason: PullReason) => {
    const set = reasons.get(skill.sId) ?? new Set<PullReason>();
    set.add(reason);
    reasons.set(skill.sId, set);
  };

  for (const name of selection.names) {
    const matches = live.active.filter((s) => s.name === name);
    if (matches.length > 0) {
      for (const s of matches) choose(s, "names");
    } else {
      errors.push(unknownName(name, live));
    }
  }

  if (selection.allUnmanaged) {
    for (const s of live.active) {
      if (!bundles.some((b) => isRecordedAt(s, input.repository, b.skillMd))) choose(s, "unmanaged");
    }
  }

  const drifted = new Set<string>();
  if (selection.drifted) {
    for (const action of input.planActions) {
      if (action.live === null) continue;
      const skill = live.active.find((s) => s.sId === action.live?.sId);
      if (skill === undefined) continue;
      if (action.kind === "drifted") {
        drifted.add(skill.sId);
        choose(skill, "drifted");
      } else if (action.kind === "update" && action.changes.some((c) => c.field !== "availability")) {
        notes.push(
          `"${skill.name}" differs from ${action.bundle?.skillMd ?? "its bundle"}, but not by an edit in Dust: the repository's version is newer and the next sync uploads it. To take Dust's version anyway: pull --names ${JSON.stringify(skill.name)} --force.`,
        );
      }
    }
    if (drifted.size === 0) notes.push("No skill has drifted: nothing was edited in Dust since its last upload.");
  }

  const chosen = withoutRedacted(
    live.active.filter((s) => reasons.has(s.sId)),
    notes,
  ).sort(byNameThenSId);
  const homes = new Map<string, Bundle>();
  for (const s of chosen) {
    const home = homeBundle(s, bundles, input.repository);
    if (home !== null) homes.set(s.sId, home);
  }
  const folders = assignFolders(
    chosen.filter((s) => !homes.has(s.sId)),
    input.dirEntries,
  );

  const targets = chosen.map((s): PullTarget => {
    const bundle = homes.get(s.sId) ?? null;
    const folder = bundle ? join(bundle.root, bundle.dir) : join(input.dir, folders.get(s.sId) as string);
    return { live: s, reasons: [...(reasons.get(s.sId) ?? [])], folder, bundle, drifted: drifted.has(s.sId) };
  });
  return { targets, errors, notes };
}

/** A redacted skill has no text to write: pulling it would write an empty SKILL.md over real work. */
function withoutRedacted(skills: LiveSkill[], notes: string[]): LiveSkill[] {
  return skills.filter((s) => {
    if (!isRedacted(s)) return true;
    notes.push(`"${s.name}" (sId ${s.sId}): ${NOT_READABLE}, so it is not pulled; use an API key whose groups can read its spaces.`);
    return false;
  });
}

/** The bundle that manages this skill, else one that has its name (a pull not yet synced); never a guess. */
function homeBundle(skill: LiveSkill, bundles: Bundle[], repository: string): Bundle | null {
  const managed = bundles.find((b) => isRecordedAt(skill, repository, b.skillMd));
  if (managed) return managed;
  const sameName = bundles
    .filter((b) => b.skill?.name === skill.name)
    .sort((a, b) => compareText(a.dir, b.dir));
  return sameName[0] ?? null;
}

function unknownName(name: string, live: ChooseInput["live"]): string {
  if (live.archived.some((s) => s.name === name)) {
    return `--names: "${name}" is archived; only active skills are pulled.`;
  }
  const folded = name.trim().toLowerCase();
  const near = live.active.find((s) => s.name.trim().toLowerCase() === folded);
  return near
    ? `--names: no active skill is named "${name}"; did you mean "${near.name}"? Names are compared exactly.`
    : `--names: no active skill is named "${name}".`;
}
