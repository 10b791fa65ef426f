import { compareText } from "../lib/compare-text.js";
import type { Bundle } from "../model/bundle.js";
import type { Availability, LiveSkill } from "../model/skill.js";
import { filePathOf, recordReading } from "./ownership.js";
import type { PlanInput } from "./plan.js";
import type { ActionKind, PlanAction, PlanLiveRef } from "../model/plan.js";

/** What the planning steps share while one plan is built. */
export interface Context {
  input: PlanInput;
  activeByName: Map<string, LiveSkill[]>;
  archivedByName: Map<string, LiveSkill[]>;
  /** Active skills whose ownership record names this repository, by the SKILL.md path the record names. */
  oursByPath: Map<string, LiveSkill[]>;
  /** Every bundle (selected or not) by its SKILL.md path. */
  bundleBySkillMd: Map<string, Bundle>;
  availability: Availability | null;
  refLabel: string;
  errors: string[];
  /** Live skills an action already speaks for: never orphans. */
  claimed: Set<string>;
  /** What could not be compared (becomes Plan.uncomparable). */
  uncomparable: string[];
}

/** Groups by a key (skipping null keys), each group sorted by sId so that every run picks the same one. */
export function groupBy(skills: LiveSkill[], key: (s: LiveSkill) => string | null): Map<string, LiveSkill[]> {
  const map = new Map<string, LiveSkill[]>();
  for (const s of skills) {
    const k = key(s);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(s);
    else map.set(k, [s]);
  }
  // Almost every group holds one skill: sorting the few others beats sorting 20,000 skills by sId.
  for (const list of map.values()) if (list.length > 1) list.sort((a, b) => compareText(a.sId, b.sId));
  return map;
}

export function liveRef(live: LiveSkill): PlanLiveRef {
  const reading = recordReading(live);
  return {
    sId: live.sId,
    name: live.name,
    source: live.source,
    filePath: filePathOf(live),
    availability: live.availability ?? null,
    updatedAt: live.updatedAt ?? null,
    record: live.source === "api" && reading.kind === "record" ? reading.record : null,
  };
}

/** An action with every key present, in schema order (the JSON output relies on it). */
export function newAction(kind: ActionKind, name: string | null, bundle: Bundle | null, live: LiveSkill | null): PlanAction {
  return {
    kind,
    name,
    bundle: bundle ? { dir: bundle.dir, skillMd: bundle.skillMd, filePath: null } : null,
    live: live ? liveRef(live) : null,
    reasons: [],
    changes: [],
    changedInGit: null,
    notes: [],
    willUpload: false,
    willArchive: false,
    availability: null,
    conflictPolicy: null,
    renamed: null,
    recentUsage: null,
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();

