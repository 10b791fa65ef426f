import type { Bundle } from "../model/bundle.js";
import { packRequests } from "../bundle/pack/index.js";
import type { PackOptions, Upload } from "../bundle/pack/index.js";
import { DustApiError } from "../dust/errors.js";
import { CONNECT_FAILURES } from "../dust/retry.js";
import type { Availability, LiveSkill, OnConflict } from "../model/skill.js";
import type { ImportResult } from "../dust/types.js";
import type { Plan, PlanAction } from "../model/plan.js";
import { SYNC_SCHEMA_VERSION } from "../model/sync.js";
import type { SkillResult, SkillResultStatus, SyncResult, UploadResult } from "../model/sync.js";
import { UserError } from "../errors.js";
import { groupBundles, uploadGroups } from "./groups.js";
import type { UploadGroup } from "./groups.js";
import { lostListingFilter, outcomeFromAnswer, outcomeFromListing } from "./verify.js";
import type { LostSkill, Outcome } from "./verify.js";

/** The part of DustClient that sync needs: tests pass a fake, the CLI the real client. */
export interface SyncClient {
  importSkills(req: {
    files: { fileName: string; data: Buffer }[];
    names?: string[];
    onConflict?: OnConflict;
    availability?: Availability;
  }): Promise<ImportResult>;
  archiveSkill(sId: string): Promise<void>;
  /** Only called when an import's answer was lost: the listing then decides what was written. */
  listActiveSkills(filter: { availability?: readonly Availability[] }): Promise<{ skills: LiveSkill[]; seesUnpublished: boolean }>;
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
  /** Whether the key lists unpublished skills (learnt while planning); decides what a result can promise. */
  seesUnpublished?: boolean;
  /** Asked before each request: a signal name stops the run there (nothing further is sent). */
  stopRequested?: () => string | null;
  /** Called once a request is answered and its bytes are no longer referenced (the CLI collects garbage there). */
  afterRequest?: () => void;
}

/** Thrown inside packing to stop reading bundles once the run is interrupted. */
class Interrupted extends Error {}

/**
 * Executes a plan. Only the bundles the plan uploads are packed, one request at a time: each request is
 * built, sent, checked against Dust's answer and released before the next is packed, so memory stays flat.
 * Ordinary uploads go with `onConflict=error`, so a skill someone created in Dust after the plan was made is
 * refused by the server instead of being overwritten; only planned takeovers go with `override`, restricted
 * to their names. A failed request does not stop the others: every skill gets its own result, and a re-run
 * plans again from what the workspace now holds, so it converges.
 */
export async function applyPlan(plan: Plan, bundles: Bundle[], client: SyncClient, opts: ApplyOptions): Promise<SyncResult> {
  if (plan.errors.length > 0) {
    throw new UserError(`The plan has ${plan.errors.length} error(s); nothing was sent.`, {
      hint: plan.errors.join(" "),
    });
  }
  const log = opts.log ?? (() => {});
  const stopRequested = opts.stopRequested ?? (() => null);
  const seesUnpublished = opts.seesUnpublished ?? true;
  const byDir = new Map(bundles.map((b) => [b.dir, b]));
  const results = new Map<PlanAction, SkillResult>();
  const set = (action: PlanAction, outcome: { status: SkillResultStatus; message: string | null; sId?: string | null }): void => {
    results.set(action, {
      name: action.name ?? action.bundle?.dir ?? "?",
      kind: action.kind,
      status: outcome.status,
      message: outcome.message,
      sId: outcome.sId ?? action.live?.sId ?? null,
    });
  };
  const uploads: UploadResult[] = [];
  const lost: LostSkill[] = [];
  let requests = 0;
  let interrupted: string | null = null;

  const createAvailability = opts.createAvailability === undefined ? DEFAULT_CREATE_AVAILABILITY : opts.createAvailability;
  for (const group of uploadGroups(plan.actions, createAvailability)) {
    if (interrupted) break;
    const { bundles: toPack, missing } = groupBundles(group, byDir);
    for (const a of missing) set(a, { status: "failed", message: "its bundle was not loaded; nothing was sent for it" });
    const actionOf = new Map(group.actions.map((a) => [a.name ?? "", a]));
    try {
      const layout = await packRequests(
        toPack,
        { ...opts.pack, repository: opts.repository, firstRequest: requests + 1, firstZip: uploads.length + 1 },
        async (_request, build) => {
          interrupted = stopRequested();
          if (interrupted) throw new Interrupted();
          requests++;
          await send(build(), group, actionOf);
          opts.afterRequest?.();
        },
      );
      for (const err of layout.errors) {
        const action = group.actions.find((a) => a.bundle?.dir === err.bundleDir);
        if (action) set(action, { status: "failed", message: err.message });
      }
    } catch (err) {
      if (!(err instanceof Interrupted)) throw err;
    }
  }

  async function send(zips: Upload[], group: UploadGroup, actionOf: Map<string, PlanAction>): Promise<void> {
    const names = zips.flatMap((z) => z.names);
    const bytes = zips.reduce((n, z) => n + z.bytes, 0);
    const records = zips.map(
      (z): UploadResult => ({
        fileName: z.fileName,
        request: z.request,
        bytes: z.bytes,
        names: z.names,
        onConflict: group.onConflict,
        availability: group.availability,
        status: "ok",
        message: null,
      }),
    );
    uploads.push(...records);
    const actions = names.map((n) => actionOf.get(n)).filter((a): a is PlanAction => a !== undefined);
    log(`request ${zips[0]?.request ?? "?"}: ${zips.length} ZIP(s), ${names.length} skill(s), ${bytes} bytes, onConflict=${group.onConflict}`);
    try {
      const answer = await client.importSkills({
        files: zips.map((z) => ({ fileName: z.fileName, data: z.data })),
        names,
        onConflict: group.onConflict,
        ...(group.availability ? { availability: group.availability } : {}),
      });
      for (const action of actions) set(action, outcomeFromAnswer(answer, action, byDir.get(action.bundle?.dir ?? ""), { seesUnpublished }));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      const said = err.hint ? `${err.message} ${err.hint}` : err.message;
      // A refused ZIP says nothing of which one it was: name the upload(s) and the bundles they carried.
      const which = zips.map((z) => `${z.fileName} (${z.names.join(", ")})`);
      const named = zips.length === 1 ? `Upload ${which[0]}` : `One of the uploads ${which.join(", ")}`;
      const text = /ADM-ZIP: |Failed to open ZIP/.test(said) ? `${named}: ${said}` : said;
      const wasLost = answerLost(err);
      for (const r of records) {
        r.status = wasLost ? "lost" : "failed";
        r.message = text;
      }
      for (const action of actions) {
        if (wasLost) lost.push({ action, bundle: byDir.get(action.bundle?.dir ?? ""), availability: group.availability });
        else set(action, { status: "failed", message: text });
      }
      log(`request ${zips[0]?.request ?? "?"} failed: ${err.message}${wasLost ? " (the listing will tell what was written)" : ""}`);
    }
  }

  if (!interrupted) {
    for (const action of plan.actions.filter((a) => a.willArchive && a.live)) {
      interrupted = stopRequested();
      if (interrupted) break;
      const live = action.live!;
      try {
        await client.archiveSkill(live.sId);
        set(action, { status: "ok", message: null, sId: live.sId });
        log(`archived ${live.name} (${live.sId})`);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        set(action, { status: "failed", message: err.message, sId: live.sId });
      }
    }
  }

  if (lost.length > 0) await decideLost(lost, client, log, (a, o) => set(a, o));
  for (const action of plan.actions) {
    if ((action.willUpload || action.willArchive) && !results.has(action)) {
      set(action, { status: "not-sent", message: `not sent: the run was interrupted (${interrupted ?? "stopped"}) before its request` });
    }
  }

  const ordered = plan.actions.map((a) => results.get(a)).filter((r): r is SkillResult => r !== undefined);
  return {
    version: SYNC_SCHEMA_VERSION,
    plan,
    results: ordered,
    uploads,
    requests,
    bytesUploaded: uploads.reduce((n, u) => n + u.bytes, 0),
    interrupted,
    ok: interrupted === null && ordered.every((r) => r.status === "ok" || r.status === "skipped"),
  };
}

/**
 * An import whose answer may have been lost after Dust started writing: the connection broke once the request
 * was sent, a gateway timed out, or the server failed midway (Dust writes skills one after another). Refusals
 * Dust makes before writing anything (4xx validation, 429, maintenance 503) and failures to connect are not.
 */
function answerLost(err: UserError): boolean {
  if (!(err instanceof DustApiError)) return false;
  if (err.status === undefined) return err.code !== undefined && !CONNECT_FAILURES.has(err.code);
  return err.status === 403 || (err.status >= 500 && err.status !== 503);
}

/** One listing, filtered to what the lost skills can be, decides each of them. */
async function decideLost(
  lost: LostSkill[],
  client: SyncClient,
  log: (line: string) => void,
  set: (action: PlanAction, outcome: Outcome) => void,
): Promise<void> {
  const availability = lostListingFilter(lost);
  let listing: Awaited<ReturnType<SyncClient["listActiveSkills"]>>;
  try {
    listing = await client.listActiveSkills(availability ? { availability } : {});
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    for (const l of lost) {
      set(l.action, {
        status: "unknown",
        sId: l.action.live?.sId ?? null,
        message: `may have been applied: Dust's answer was lost and the workspace could not be listed to check (${err.message}); run \`dust-skills plan\``,
      });
    }
    return;
  }
  log(`verify: ${lost.length} skill(s) whose answer was lost, checked against ${listing.skills.length} listed skill(s)`);
  for (const l of lost) set(l.action, outcomeFromListing(l, listing));
}
