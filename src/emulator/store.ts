import { idFromCounter } from "./ids.js";
import { completeSkill } from "./skill-defaults.js";
import type {
  ApiKeySeed,
  EmulatorSeed,
  EmulatorState,
  Role,
  SkillSeed,
  StoredSkill,
  WorkspaceSeed,
  WorkspaceState,
} from "./types.js";

export interface KeyOwner {
  workspaceId: string;
  role: Role;
  canPublish: boolean;
}

export class EmulatorNotFoundError extends Error {}

/**
 * The emulator's whole state, and the only place that changes it. Every write calls `onWrite` so the
 * server can persist it; tests and the demo use the same methods to set up situations the public API
 * cannot create (a skill from the web app, an edit made in Dust, an old `updatedAt`).
 */
export class EmulatorStore {
  private state: EmulatorState;
  private readonly now: () => number;
  private readonly onWrite: (state: EmulatorState) => void;
  /** Inside batch(): writes are saved once, when the outermost batch ends. */
  private batchDepth = 0;
  private unsaved = false;

  constructor(state: EmulatorState, options: { now: () => number; onWrite?: (state: EmulatorState) => void }) {
    this.state = state;
    this.now = options.now;
    this.onWrite = options.onWrite ?? (() => undefined);
  }

  static stateFromSeed(seed: EmulatorSeed, now: number): EmulatorState {
    const state: EmulatorState = { version: 1, idCounter: 0, workspaces: [] };
    const store = new EmulatorStore(state, { now: () => now });
    for (const ws of seed.workspaces) store.addWorkspace(ws);
    return store.state;
  }

  /** A deep copy, safe to serialize or inspect. */
  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }

  replace(state: EmulatorState): void {
    this.state = structuredClone(state);
    this.commit();
  }

  workspaces(): WorkspaceState[] {
    return this.state.workspaces;
  }

  workspace(wId: string): WorkspaceState | undefined {
    return this.state.workspaces.find((w) => w.id === wId);
  }

  findKey(secret: string): KeyOwner | undefined {
    for (const ws of this.state.workspaces) {
      const key = ws.keys.find((k) => k.key === secret);
      if (key) return { workspaceId: ws.id, role: key.role, canPublish: canPublish(key) };
    }
    return undefined;
  }

  addWorkspace(seed: WorkspaceSeed): WorkspaceState {
    if (this.workspace(seed.id)) throw new Error(`workspace ${seed.id} already exists`);
    const ws: WorkspaceState = {
      id: seed.id,
      region: seed.region ?? "us",
      keys: seed.keys.map((k) => ({ ...k })),
      members: seed.members ? [...seed.members] : null,
      restrictedSpaceIds: [...(seed.restrictedSpaceIds ?? [])],
      skills: [],
      analytics: structuredClone(seed.analytics ?? {}),
    };
    this.state.workspaces.push(ws);
    for (const skill of seed.skills ?? []) this.insertSkill(ws, skill);
    this.commit();
    return ws;
  }

  nextId(kind: "skl" | "fil"): string {
    this.state.idCounter += 1;
    return `${kind}_${idFromCounter(kind, this.state.idCounter)}`;
  }

  addSkill(wId: string, seed: SkillSeed): StoredSkill {
    const skill = this.insertSkill(this.requireWorkspace(wId), seed);
    this.commit();
    return structuredClone(skill);
  }

  /**
   * Changes a skill the way an edit in Dust would: `updatedAt` moves to now and the version goes up,
   * unless the patch sets them itself.
   */
  editSkill(wId: string, sId: string, patch: Partial<Omit<StoredSkill, "sId">>): StoredSkill {
    const skill = this.requireSkill(wId, sId);
    Object.assign(skill, structuredClone(patch));
    if (patch.updatedAt === undefined) skill.updatedAt = this.now();
    if (patch.version === undefined) skill.version += 1;
    this.commit();
    return structuredClone(skill);
  }

  /**
   * SkillResource.archive: an older archived skill of the same name (the first one found, as the server's
   * findOne does) is renamed `<name> (archived on <date>, <sId>)` first, because (workspace, name, status)
   * is unique; then this one becomes archived.
   */
  archive(wId: string, sId: string): StoredSkill {
    const skill = this.requireSkill(wId, sId);
    const namesake = this.requireWorkspace(wId).skills.find((s) => s.status === "archived" && s.name === skill.name);
    if (namesake) {
      namesake.name = archivedName(namesake.name, namesake.updatedAt, namesake.sId);
      namesake.updatedAt = this.now();
    }
    return this.editSkill(wId, sId, { status: "archived" });
  }

  /** Every skill of the workspace, any status, in storage order (copies). */
  getSkills(wId: string): StoredSkill[] {
    return structuredClone(this.requireWorkspace(wId).skills);
  }

  getSkill(wId: string, sId: string): StoredSkill | undefined {
    const skill = this.workspace(wId)?.skills.find((s) => s.sId === sId);
    return skill ? structuredClone(skill) : undefined;
  }

  /** Live objects for the request handlers, which must call `commit()` after changing them. */
  liveSkills(wId: string): StoredSkill[] {
    return this.requireWorkspace(wId).skills;
  }

  commit(): void {
    if (this.batchDepth > 0) this.unsaved = true;
    else this.onWrite(this.state);
  }

  /**
   * Runs `fn` with its commits saved once at the end, even when it throws (what it wrote stays written, as
   * on Dust). An import of thousands of skills would otherwise save the whole state once per skill.
   */
  batch<T>(fn: () => T): T {
    this.batchDepth += 1;
    try {
      return fn();
    } finally {
      this.batchDepth -= 1;
      if (this.batchDepth === 0 && this.unsaved) {
        this.unsaved = false;
        this.onWrite(this.state);
      }
    }
  }

  private insertSkill(ws: WorkspaceState, seed: SkillSeed): StoredSkill {
    const skill = completeSkill(seed, seed.sId ?? this.nextId("skl"), this.now());
    if (ws.skills.some((s) => s.sId === skill.sId)) throw new Error(`skill ${skill.sId} already exists in ${ws.id}`);
    ws.skills.push(skill);
    return skill;
  }

  private requireWorkspace(wId: string): WorkspaceState {
    const ws = this.workspace(wId);
    if (!ws) throw new EmulatorNotFoundError(`no workspace ${wId} in the emulator`);
    return ws;
  }

  private requireSkill(wId: string, sId: string): StoredSkill {
    const skill = this.requireWorkspace(wId).skills.find((s) => s.sId === sId);
    if (!skill) throw new EmulatorNotFoundError(`no skill ${sId} in workspace ${wId}`);
    return skill;
  }
}

const SKILL_NAME_MAX_LENGTH = 256;

/** formatTimestampToFriendlyDate(ms, "long") on a server running in UTC, e.g. "June 15, 2025 at 12:00:00 PM". */
function archivedName(name: string, updatedAt: number, sId: string): string {
  const when = new Date(updatedAt).toLocaleDateString("en-US", {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const suffix = ` (archived on ${when}, ${sId})`;
  return `${name.slice(0, SKILL_NAME_MAX_LENGTH - suffix.length)}${suffix}`;
}

function canPublish(key: ApiKeySeed): boolean {
  return key.canPublish ?? key.role !== "user";
}
