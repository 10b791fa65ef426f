import { compareText } from "../lib/compare-text.js";
import type { Bundle } from "../model/bundle.js";
import type { LiveSkill } from "../model/skill.js";
import { unguardFormula } from "../lib/formula-guard.js";
import { looksLikeSkillId } from "./cells.js";
import { isRecordedAt, ourRecord } from "../plan/ownership.js";
import { readFilePath, recordedSkillMd } from "../model/ownership-record.js";
import { compareWithPlanner } from "./compare.js";
import type { CompareFn } from "./compare.js";
import { DEFINITIONS, REPORT_VERSION } from "../model/report.js";
import type { Report, ReportWindow, SkillOrigin, SkillRow } from "../model/report.js";
import { summarize } from "./summarize.js";
import type { JoinedRow } from "./summarize.js";
import type { UsageAggregate } from "./usage.js";

/** A row of the analytics export's `skills` table (cells as exported; the formula guard is undone here). */
export interface SkillsTableRow {
  skillId: string;
  name: string;
  createdAt?: string;
  lastEdit?: string;
}

export interface LiveState {
  active: LiveSkill[];
  archived: LiveSkill[];
  /** The key could list unpublished (`editors`) skills; otherwise some "missing" skills may just be hidden. */
  seesUnpublished: boolean;
}

export interface JoinInput {
  window: ReportWindow;
  bundles: Bundle[];
  live: LiveState;
  /** null: usage unknown (the export was refused). */
  usage: UsageAggregate | null;
  usageUnknownReason?: string | null;
  /** null: the skills table was not available; names are matched against GET /skills alone. */
  skillsTable: SkillsTableRow[] | null;
  /** Defaults to the report's own field comparison; pass the planner's verdict to share its rules. */
  compare?: CompareFn;
  now: Date;
  workspaceId?: string | null;
  /** This repository's identity: a live skill is managed when its ownership record names it. null: none is. */
  repository?: string | null;
}

/** A row under construction: the usage arrays are summed into as names resolve to it. */
type Draft = JoinedRow;

/**
 * Joins git (bundles), the workspace (GET /skills) and the analytics export into one Report. Pure.
 * `skill_usage` knows a skill only by its current name (or its raw sId when the server could not resolve
 * it), so every exported name is resolved here to one row; see resolveName for the order.
 */
export function joinReport(input: JoinInput): Report {
  const j = new Joiner(input);
  j.addLive();
  j.addBundles();
  if (input.usage !== null) j.addUsage(input.usage);
  const rows = j.finish();
  return summarize(rows, {
    version: REPORT_VERSION,
    generatedAt: input.now.toISOString(),
    window: input.window,
    workspaceId: input.workspaceId ?? null,
    usageKnown: input.usage !== null,
    usageUnknownReason: input.usage === null ? (input.usageUnknownReason ?? "usage was not fetched") : null,
    usageRows: input.usage?.rows ?? null,
    notes: j.notes,
    definitions: DEFINITIONS,
  });
}

class Joiner {
  readonly notes: string[] = [];
  private readonly drafts = new Map<string, Draft>();
  private readonly activeByName = new Map<string, Draft[]>();
  private readonly gitOnlyByName = new Map<string, Draft>();
  private readonly archivedById = new Map<string, LiveSkill>();
  private readonly archivedByName = new Map<string, LiveSkill[]>();
  private readonly tableById = new Map<string, SkillsTableRow>();
  private readonly tableByName = new Map<string, SkillsTableRow[]>();
  private readonly repository: string | null;

  constructor(private readonly input: JoinInput) {
    this.repository = input.repository ?? null;
    for (const s of sortById(input.live.archived)) {
      this.archivedById.set(s.sId, s);
      push(this.archivedByName, s.name, s);
    }
    for (const raw of input.skillsTable ?? []) {
      const t = { ...raw, skillId: unguardFormula(raw.skillId), name: unguardFormula(raw.name) };
      this.tableById.set(t.skillId, t);
      push(this.tableByName, t.name, t);
    }
  }

  addLive(): void {
    for (const s of sortById(this.input.live.active)) {
      const d = this.draft(s.sId, s.name, "active", s);
      push(this.activeByName, s.name, d);
    }
    if (!this.input.live.seesUnpublished) {
      this.notes.push(
        "This API key cannot list unpublished skills: a skill shown as missing from the workspace may exist unpublished.",
      );
    }
  }

  addBundles(): void {
    const bundles = [...this.input.bundles].sort((a, b) => compareText(a.skillMd, b.skillMd));
    const dropped = bundles.filter((b) => b.skill === null);
    if (dropped.length > 0) {
      this.notes.push(
        `${dropped.length} SKILL.md file(s) in git that Dust would not import are left out (run \`dust-skills validate\`).`,
      );
    }
    const byName = new Map<string, Bundle>();
    const unmatched: Bundle[] = [];
    for (const b of bundles) {
      const name = b.skill?.name;
      if (name === undefined) continue;
      const first = byName.get(name);
      if (first !== undefined) {
        this.notes.push(`Two SKILL.md files in git are named "${name}": ${first.skillMd}, ${b.skillMd}; only the first is reported.`);
        continue;
      }
      byName.set(name, b);
      const candidates = (this.activeByName.get(name) ?? []).filter((d) => !d.row.inGit);
      const target = candidates.find((d) => d.live !== null && ourRecord(d.live, this.repository) !== null) ?? candidates[0];
      if (target === undefined) unmatched.push(b);
      else this.attachBundle(target, b);
    }
    for (const b of unmatched) {
      // Renamed in Dust: no live skill has the git name, but one was imported from this very SKILL.md.
      const renamed = [...this.drafts.values()].find(
        (d) => d.row.inWorkspace && !d.row.inGit && d.live !== null && isRecordedAt(d.live, this.repository, b.skillMd),
      );
      if (renamed !== undefined) {
        renamed.row.notes.push(`Renamed in Dust: git names it "${b.skill?.name ?? ""}", the workspace "${renamed.row.name}".`);
        this.attachBundle(renamed, b);
        continue;
      }
      const name = b.skill?.name ?? b.skillMd;
      const d = this.draft(`git:${b.skillMd}`, name, "absent", null);
      d.row.inGit = true;
      d.row.bundlePath = b.skillMd;
      d.row.origin = "custom";
      const archived = this.archivedByName.get(name);
      if (archived !== undefined) {
        d.row.notes.push(`An archived skill has this name (${archived.map((s) => s.sId).join(", ")}); a sync would create a new one.`);
      }
      this.gitOnlyByName.set(name, d);
    }
    for (const d of this.drafts.values()) {
      const fp = d.live?.sourceMetadata?.filePath;
      if (d.row.inWorkspace && !d.row.inGit && d.live?.source === "api" && fp) {
        const record = d.live.sourceMetadata === null ? null : readFilePath(fp);
        d.row.notes.push(
          record?.kind === "record"
            ? record.record.repository === this.repository
              ? `Its record names this repository (${recordedSkillMd(record.record)}), but no bundle has that name any more.`
              : `Owned by another repository (${record.record.repository}, ${recordedSkillMd(record.record)}).`
            : `Imported through the API from ${fp}, with no ownership record (an earlier dust-skills or another tool).`,
        );
      }
    }
  }

  private attachBundle(d: Draft, b: Bundle): void {
    const live = d.live;
    d.row.inGit = true;
    d.row.bundlePath = b.skillMd;
    if (live === null) return;
    d.row.managed = ourRecord(live, this.repository) !== null;
    const verdict = (this.input.compare ?? compareWithPlanner)(b, live);
    d.row.state = verdict.state;
    d.row.stateDetail = verdict.detail;
    if (!d.row.managed) {
      const from = live.source === "api" ? `imported from ${live.sourceMetadata?.filePath ?? "another path"}` : `source ${live.source ?? "unknown"}`;
      // A same-name skill of another repository, a legacy one or a web-app one: the plan calls it a conflict.
      d.row.notes.push(`In git, but the live skill is not this repo's (${from}): a sync reports a conflict.`);
    }
  }

  addUsage(usage: UsageAggregate): void {
    const names = [...usage.byName.keys()].sort(compareText);
    for (const raw of names) {
      const series = usage.byName.get(raw);
      if (series === undefined) continue;
      const unguarded = unguardFormula(raw);
      const d =
        this.resolveName(unguarded) ??
        (unguarded !== raw ? this.resolveName(raw) : undefined) ??
        this.unresolved(unguarded);
      addInto(d, series.executions, series.users);
    }
    if (usage.malformedRows > 0) {
      this.notes.push(`${usage.malformedRows} skill_usage row(s) had a missing name, date or count and were skipped.`);
    }
    if (usage.outsideWindowRows > 0) {
      this.notes.push(`${usage.outsideWindowRows} skill_usage row(s) were dated outside the window and were skipped.`);
    }
    if (this.input.skillsTable === null) {
      this.notes.push("The export's skills table was not available: usage names were matched against GET /skills only.");
    }
  }

  /**
   * Name → row, in this order: an active skill with that name (the export uses current names, so renames
   * land here); a skill the skills table knows by that name (archived or built-in); an archived skill with
   * that name; a raw sId the server could not name; a skill only in git. Ambiguities become notes.
   */
  private resolveName(name: string): Draft | undefined {
    const active = this.activeByName.get(name);
    if (active !== undefined && active.length > 0) {
      const d = active.find((x) => x.row.managed) ?? active.find((x) => x.row.inGit) ?? active[0]!;
      const others = new Set<string>();
      for (const x of active) if (x !== d) others.add(x.row.key);
      for (const s of this.archivedByName.get(name) ?? []) others.add(s.sId);
      for (const t of this.tableByName.get(name) ?? []) if (!d.row.sIds.includes(t.skillId) && !this.isActive(t.skillId)) others.add(t.skillId);
      if (others.size > 0) {
        d.row.notes.push(
          `Usage under the name "${name}" is counted here, but ${[...others].join(", ")} share${others.size === 1 ? "s" : ""} that name: the export keys usage by current name only.`,
        );
      }
      return d;
    }
    const table = this.tableByName.get(name);
    if (table !== undefined && table.length > 0) {
      const sorted = [...table].sort((a, b) => compareText(b.lastEdit ?? "", a.lastEdit ?? "") || compareText(a.skillId, b.skillId));
      const t = sorted[0]!;
      const d = this.byId(t.skillId) ?? this.fromTable(t);
      if (sorted.length > 1) {
        d.row.notes.push(
          `${sorted.length} skills are named "${name}" (${sorted.map((x) => x.skillId).join(", ")}); usage is counted on the most recently edited.`,
        );
      }
      return d;
    }
    const archived = this.archivedByName.get(name);
    if (archived !== undefined && archived.length > 0) {
      const latest = [...archived].sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0))[0]!;
      const d = this.archivedDraft(latest);
      if (archived.length > 1) {
        d.row.notes.push(`${archived.length} archived skills are named "${name}"; usage is counted on ${d.row.key}.`);
      }
      return d;
    }
    const byId = this.byId(name);
    if (byId !== undefined) return byId;
    const git = this.gitOnlyByName.get(name);
    if (git !== undefined) {
      git.row.notes.push("Has usage, yet no listed workspace skill has this name: it may be unpublished or just deleted.");
      return git;
    }
    return undefined;
  }

  private isActive(id: string): boolean {
    return this.drafts.get(id)?.row.liveStatus === "active";
  }

  /** A raw sId in the export: the server could not name it, but GET /skills or the skills table may. */
  private byId(id: string): Draft | undefined {
    const existing = this.drafts.get(id);
    if (existing !== undefined) return existing;
    const archived = this.archivedById.get(id);
    if (archived !== undefined) return this.archivedDraft(archived);
    const t = this.tableById.get(id);
    return t === undefined ? undefined : this.fromTable(t);
  }

  private archivedDraft(s: LiveSkill): Draft {
    const existing = this.drafts.get(s.sId);
    if (existing !== undefined) return existing;
    const d = this.draft(s.sId, s.name, "archived", s);
    d.row.inWorkspace = false;
    return d;
  }

  private fromTable(t: SkillsTableRow): Draft {
    const archived = this.archivedById.get(t.skillId);
    if (archived !== undefined) return this.archivedDraft(archived);
    const existing = this.drafts.get(t.skillId);
    if (existing !== undefined) return existing;
    // Dust leaves createdAt and lastEdit empty for its built-in (global) skills only.
    const global = !t.createdAt && !t.lastEdit;
    const d = this.draft(t.skillId, t.name, "absent", null);
    d.row.origin = global ? "global" : "custom";
    d.row.notes.push(
      global ? "A Dust built-in skill: not in GET /skills, nothing to manage." : "In the skills export but not in GET /skills (archived or hidden).",
    );
    return d;
  }

  private unresolved(name: string): Draft {
    const isId = looksLikeSkillId(name);
    const key = isId ? `id:${name}` : `name:${name}`;
    const existing = this.drafts.get(key);
    if (existing !== undefined) return existing;
    const d = this.draft(key, isId ? `unknown skill ${name}` : name, "absent", null);
    d.row.origin = "unknown";
    d.row.notes.push(
      isId
        ? "The export could not name this skill (deleted, or not visible to the server's lookup)."
        : "No skill in the workspace or in git has this name.",
    );
    return d;
  }

  private draft(key: string, name: string, liveStatus: SkillRow["liveStatus"], live: LiveSkill | null): Draft {
    const origin: SkillOrigin = live !== null ? "custom" : "unknown";
    const row: SkillRow = {
      key,
      name,
      sIds: live !== null ? [live.sId] : key.startsWith("git:") || key.startsWith("name:") ? [] : [key.replace(/^id:/, "")],
      origin,
      liveStatus,
      inGit: false,
      bundlePath: null,
      inWorkspace: liveStatus === "active",
      managed: false,
      source: live?.source ?? null,
      state: null,
      stateDetail: null,
      usage: null,
      notes: [],
    };
    const d: Draft = { row, live, executions: null, users: null };
    this.drafts.set(key, d);
    return d;
  }

  finish(): JoinedRow[] {
    return [...this.drafts.values()];
  }
}

function addInto(d: Draft, executions: Float64Array, users: Float64Array): void {
  if (d.executions === null || d.users === null) {
    d.executions = new Float64Array(executions.length);
    d.users = new Float64Array(users.length);
  }
  for (let i = 0; i < executions.length; i++) {
    d.executions[i] = (d.executions[i] ?? 0) + (executions[i] ?? 0);
    d.users[i] = (d.users[i] ?? 0) + (users[i] ?? 0);
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

function sortById(skills: LiveSkill[]): LiveSkill[] {
  return [...skills].sort((a, b) => compareText(a.sId, b.sId));
}

