import type { Bundle } from "../model/bundle.js";
import { packBundles } from "../bundle/pack/index.js";
import type { PackOptions } from "../bundle/pack/index.js";
import type { Availability, LiveSkill, OnConflict } from "../model/skill.js";
import type { ImportResult } from "../dust/types.js";
import type { Plan, PlanAction } from "../model/plan.js";
import { SYNC_SCHEMA_VERSION } from "../model/sync.js";
import type { SkillResult, SkillResultStatus, SyncResult, UploadResult } from "../model/sync.js";
import { UserError } from "../errors.js";
import { compareSkill } from "../plan/compare.js";

/** The part of DustClient that sync needs: tests pass a fake, the CLI the real client. */
export interface SyncClient {
  importSkills(req: {
    files: { fileName: string; data: Buffer }[];
    names?: string[];
    onConflict?: OnConflict;
    availability?: Availability;
  }): Promise<ImportResult>;
  archiveSkill(sId: string): Promise<void>;
  listAllSkills(): Promise<{ active: LiveSkill[]; archived: LiveSkill[]; seesUnpublished: boolean }>;
}

export const DEFAULT_CREATE_AVAILABILITY: Availability = "workspace_users";

export interface ApplyOptions {
  /** The repository identity recorded with every upload (the plan's). */
  repository: string;
  /** One line per step, for stderr. */
  log?: (line: string) => void;
  /** Availability sent for new skills when the plan sets none; null sends none (Dust's default, `editors`). */
  createAvailability?: Availability | null;
  pack?: Omit<PackOptions, "repository">;
}

/**
 * Executes a plan. Only the bundles the plan uploads are packed and sent; each upload names the skills it
 * carries. Ordinary uploads go with `onConflict=error`, so a skill someone created in Dust after the plan was
 * made is refused by the server instead of being overwritten; only planned takeovers go with `override`,
 * restricted to their names. A failed upload does not stop the others: every skill gets its own result, and a
 * re-run plans again from what the workspace now holds, so it converges.
 */
export async function applyPlan(plan: Plan, bundles: Bundle[], client: SyncClient, opts: ApplyOptions): Promise<SyncResult> {
  if (plan.errors.length > 0) {
    throw new UserError(`The plan has ${plan.errors.length} error(s); nothing was sent.`, {
      hint: plan.errors.join(" "),
    });
  }
  const log = opts.log ?? (() => {});
  const byDir = new Map(bundles.map((b) => [b.dir, b]));
  const results = new Map<string, SkillResult>();
  const uploads: UploadResult[] = [];

  const createAvailability = opts.createAvailability === undefined ? DEFAULT_CREATE_AVAILABILITY : opts.createAvailability;
  for (const group of uploadGroups(plan.actions, createAvailability)) {
    const groupBundles = group.actions.map((a) => byDir.get(a.bundle?.dir ?? ""));
    const missing = group.actions.filter((_, i) => groupBundles[i] === undefined);
    for (const a of missing) setResult(results, a, "failed", "its bundle was not loaded; nothing was sent for it");
    const packed = await packBundles(groupBundles.filter((b): b is Bundle => b !== undefined), { ...opts.pack, repository: opts.repository });
    for (const err of packed.errors) {
      const action = group.actions.find((a) => a.bundle?.dir === err.bundleDir);
      if (action) setResult(results, action, "failed", err.message);
    }
    for (const packedUpload of packed.uploads) {
      // Numbered across groups, so the log and the results never show two different uploads under one name.
      const upload = { ...packedUpload, fileName: `skills-${uploads.length + 1}.zip` };
      const names = upload.names;
      log(`upload ${upload.fileName}: ${names.length} skill(s), ${upload.data.length} bytes, onConflict=${group.onConflict}`);
      const record: UploadResult = {
        fileName: upload.fileName,
        bytes: upload.data.length,
        names,
        onConflict: group.onConflict,
        availability: group.availability,
        status: "ok",
        message: null,
      };
      uploads.push(record);
      try {
        const answer = await client.importSkills({
          files: [{ fileName: upload.fileName, data: upload.data }],
          names,
          onConflict: group.onConflict,
          ...(group.availability ? { availability: group.availability } : {}),
        });
        recordImport(answer, names, group.actions, results);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        const said = err.hint ? `${err.message} ${err.hint}` : err.message;
        // A refused ZIP says nothing of which one it was: name the upload and the bundles it carried.
        const text = /ADM-ZIP: |Failed to open ZIP/.test(said) ? `Upload ${upload.fileName} (${names.join(", ")}): ${said}` : said;
        record.status = "failed";
        record.message = text;
        for (const name of names) {
          const action = group.actions.find((a) => a.name === name);
          if (action) setResult(results, action, "failed", text);
        }
        log(`upload ${upload.fileName} failed: ${err.message}`);
      }
    }
  }

  for (const action of plan.actions.filter((a) => a.willArchive && a.live)) {
    const live = action.live!;
    try {
      await client.archiveSkill(live.sId);
      setResult(results, action, "ok", null, live.sId);
      log(`archived ${live.name} (${live.sId})`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      setResult(results, action, "failed", err.message, live.sId);
    }
  }

  if (results.size > 0) await verify(plan, byDir, client, results, log);

  const ordered = plan.actions
    .map((a) => results.get(keyOf(a)))
    .filter((r): r is SkillResult => r !== undefined);
  return {
    version: SYNC_SCHEMA_VERSION,
    plan,
    results: ordered,
    uploads,
    bytesUploaded: uploads.reduce((n, u) => n + u.bytes, 0),
    ok: ordered.every((r) => r.status === "ok" || r.status === "unverified" || r.status === "skipped"),
  };
}

interface UploadGroup {
  onConflict: OnConflict;
  availability: Availability | null;
  actions: PlanAction[];
}

/**
 * Uploads that need different form fields cannot share a request: takeovers need `override`, everything
 * else `error`; and `availability` is one value per request.
 */
function uploadGroups(actions: PlanAction[], createAvailability: Availability | null): UploadGroup[] {
  const groups = new Map<string, UploadGroup>();
  for (const action of actions) {
    if (!action.willUpload) continue;
    const onConflict: OnConflict = action.kind === "takeover" ? "override" : "error";
    // Dust makes a new skill unpublished (`editors`) unless told otherwise, which hides it from everyone but
    // admins; an update keeps the availability people chose in Dust unless --availability was given.
    const availability = action.availability ?? (action.kind === "create" ? createAvailability : null);
    const key = `${onConflict}\u0000${availability ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = { onConflict, availability, actions: [] };
      groups.set(key, group);
    }
    group.actions.push(action);
  }
  return [...groups.values()];
}

function recordImport(answer: ImportResult, names: string[], actions: PlanAction[], results: Map<string, SkillResult>): void {
  const written = new Map<string, LiveSkill>();
  for (const s of [...answer.imported, ...answer.updated]) written.set(s.name, s);
  const skipped = new Map(answer.skipped.map((s) => [s.name, s.message]));
  for (const name of names) {
    const action = actions.find((a) => a.name === name);
    if (!action) continue;
    const live = written.get(name);
    if (live) setResult(results, action, "ok", null, live.sId);
    else if (skipped.has(name)) setResult(results, action, "failed", `Dust skipped it: ${skipped.get(name)}`);
    else setResult(results, action, "failed", "Dust's answer does not mention it: the server did not import it");
  }
}

/**
 * Lists the workspace again and checks each written skill is as planned. A skill the key cannot see (new
 * skills are unpublished unless an availability is sent, and a non-admin key cannot list unpublished ones) is
 * explained once, never polled for.
 */
async function verify(plan: Plan, byDir: Map<string, Bundle>, client: SyncClient, results: Map<string, SkillResult>, log: (line: string) => void): Promise<void> {
  let listing: Awaited<ReturnType<SyncClient["listAllSkills"]>>;
  try {
    listing = await client.listAllSkills();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    for (const r of results.values()) {
      if (r.status === "ok") {
        r.status = "unverified";
        r.message = `written, but the workspace could not be listed again to check it: ${err.message}`;
      }
    }
    return;
  }
  log(`verify: listed ${listing.active.length} active skill(s)`);
  const activeByName = new Map<string, LiveSkill[]>();
  for (const s of listing.active) activeByName.set(s.name, [...(activeByName.get(s.name) ?? []), s]);
  for (const action of plan.actions) {
    const result = results.get(keyOf(action));
    if (!result || result.status !== "ok") continue;
    if (action.willArchive) {
      if (listing.active.some((s) => s.sId === action.live?.sId)) {
        result.status = "failed";
        result.message = "still active after the archive request";
      }
      continue;
    }
    const live = activeByName.get(action.name ?? "") ?? [];
    // The upload wrote the planned ownership record: the listing must show exactly that filePath.
    const mine = live.find((s) => s.source === "api" && s.sourceMetadata?.filePath === action.bundle?.filePath);
    const bundle = byDir.get(action.bundle?.dir ?? "");
    if (mine && bundle?.skill) {
      const differs = compareSkill(bundle, bundle.skill, mine, action.availability).changes.map((c) => c.field);
      if (differs.length > 0) {
        result.status = "failed";
        result.message = `written, but the workspace's copy differs from the bundle in: ${[...new Set(differs)].join(", ")}`;
      }
      continue;
    }
    if (live.length === 0) {
      result.status = "unverified";
      result.message = listing.seesUnpublished
        ? "written, but not in the active listing afterwards"
        : "written, but this API key cannot list unpublished skills; send --availability workspace_users (or use an admin key) to see it";
    } else {
      result.status = "failed";
      result.message = `after the upload, the active skill named "${action.name}" does not carry the ownership record written for ${action.bundle?.skillMd}`;
    }
  }
}

function keyOf(action: PlanAction): string {
  return `${action.kind}\u0000${action.name ?? ""}\u0000${action.bundle?.dir ?? ""}\u0000${action.live?.sId ?? ""}`;
}

function setResult(results: Map<string, SkillResult>, action: PlanAction, status: SkillResultStatus, message: string | null, sId: string | null = null): void {
  results.set(keyOf(action), { name: action.name ?? action.bundle?.dir ?? "?", kind: action.kind, status, message, sId: sId ?? action.live?.sId ?? null });
}
