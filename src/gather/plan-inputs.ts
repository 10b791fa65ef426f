import type { LoadResult } from "../bundle/load.js";
import type { Bundle } from "../model/bundle.js";
import { archiveCandidates, withArchiveUsage } from "../plan/archive-usage.js";
import { buildPlan } from "../plan/plan.js";
import type { ExportSource } from "../report/collect.js";
import type { Selection } from "../plan/selection.js";
import type { Plan } from "../model/plan.js";
import type { Availability, LiveSkill, OnConflict } from "../model/skill.js";
import { missingRepositoryError } from "../identity/resolve.js";
import type { Target } from "../targets.js";
import { readArchiveUsage } from "./archive-usage.js";
import { readRepository } from "./repository.js";
import type { PackOptions } from "../bundle/pack/index.js";
import { UPLOAD_LIMIT_RULES } from "../bundle/rules-limits.js";
import { layoutUploads } from "../sync/layout.js";

/** The listing calls planning needs; DustClient satisfies it. */
export interface ListingClient {
  listAllSkills(): Promise<WorkspaceListing>;
  /** The analytics export, for the recent usage of what --prune would archive (admin keys); optional for test doubles. */
  exportCsv?: ExportSource["exportCsv"];
}

/** Both listings, and whether unpublished skills could be seen (admin keys only). */
export interface WorkspaceListing {
  active: LiveSkill[];
  archived: LiveSkill[];
  seesUnpublished: boolean;
}

export interface PlanOptions {
  onConflict: OnConflict;
  prune: boolean;
  availability: Availability | null;
  changedSince?: string;
  selection?: Selection;
  includeUntracked?: boolean;
  cwd: string;
  /** Progress as each bundle is read. */
  onBundle?: (done: number, total: number, dir: string) => void;
  /** --repository. */
  repository?: string;
  /** For the identity in GitHub Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY). */
  env: NodeJS.ProcessEnv;
  /** --force: let --prune archive more than 30% of the managed skills. */
  force?: boolean;
  /** The current time, for the recent-usage window of what --prune would archive. */
  now?: () => Date;
  /** The plan is for writing (sync, pull): no repository identity is then an error, before the plan is made. */
  requireRepository?: boolean;
  /**
   * Work out the requests sync would send (plan.requests), packing what the plan uploads without keeping
   * the bytes; with the availability sync sends for new skills. Absent, or no repository
   * identity (the records are part of the ZIPs): plan.requests stays null.
   */
  layout?: { createAvailability: Availability | null; pack?: Omit<PackOptions, "repository"> };
}

export interface PreparedPlan {
  target: Target;
  load: LoadResult;
  plan: Plan;
  bundles: Bundle[];
  /** The workspace as listed for this plan. */
  live: WorkspaceListing;
  seesUnpublished: boolean;
  /** The repository identity the plan was made for, and that uploads record; null when none was found (read-only plans). */
  repository: string | null;
}

/**
 * The I/O around the pure planner, for every command that plans (plan, sync, pull): read and fingerprint the
 * bundles, resolve the repository identity, list the workspace, then plan. Without an identity a plan owns
 * nothing (it says so); a plan made to write refuses (`requireRepository`). Makes exactly two list requests (active and archived)
 * and no mutating one.
 */
export async function prepareTargetPlan(target: Target, client: ListingClient, opts: PlanOptions): Promise<PreparedPlan> {
  // The listing does not depend on the bundles: start it now, and read the repository meanwhile.
  const listing = client.listAllSkills();
  listing.catch(() => {}); // awaited below; a failure to load bundles first must not leave it unhandled
  const repo = await readRepository({
    roots: target.paths,
    cwd: opts.cwd,
    ...(opts.includeUntracked ? { includeUntracked: true } : {}),
    ...(opts.changedSince ? { changedSince: opts.changedSince } : {}),
    ...(opts.onBundle ? { onBundle: opts.onBundle } : {}),
    identity: { flag: opts.repository, config: target.repository, env: opts.env },
  });
  const { load } = repo;
  if (repo.repository === null && opts.requireRepository === true) throw missingRepositoryError();
  const repository = repo.repository?.id ?? null;
  const live = await listing;
  const unshippable = new Map<string, string>();
  for (const d of load.diagnostics) {
    if (d.bundle === undefined || d.severity !== "error" || !UPLOAD_LIMIT_RULES.includes(d.rule)) continue;
    const before = unshippable.get(d.bundle);
    unshippable.set(d.bundle, before === undefined ? d.message : `${before}; ${d.message}`);
  }
  const planned = buildPlan({
    bundles: load.bundles,
    live: { active: live.active, archived: live.archived },
    onConflict: opts.onConflict,
    prune: opts.prune,
    changedDirs: repo.changedDirs,
    ...(opts.changedSince ? { changedSince: opts.changedSince } : {}),
    repository,
    adoptLegacy: target.adoptLegacy,
    ...(opts.force ? { force: true } : {}),
    ...(opts.selection ? { selection: opts.selection } : {}),
    availability: opts.availability,
    unpublishedHidden: !live.seesUnpublished,
    // The listing already asked with bypassEditorVisibility, which only an admin key may: no second probe.
    keyIsAdmin: live.seesUnpublished,
    target: { workspaceId: target.connection.workspaceId, baseUrl: target.connection.baseUrl },
    unshippable,
  });
  // Only when something would be archived, and only admin keys may export (the listing told which key this is):
  // one export request, so nobody archives a skill agents still use without seeing it.
  const candidates = archiveCandidates(planned);
  const plan =
    candidates.size > 0 && live.seesUnpublished && client.exportCsv
      ? withArchiveUsage(planned, await readArchiveUsage({ exportCsv: client.exportCsv.bind(client) }, candidates, (opts.now ?? (() => new Date()))()))
      : planned;
  if (opts.layout && plan.errors.length === 0 && repository !== null) {
    const layout = await layoutUploads(plan, load.bundles, opts.layout.createAvailability, { ...opts.layout.pack, repository });
    plan.requests = layout.requests;
    // A family of nested bundles that fits no upload together, or a file that cannot be read: sync would fail on it.
    for (const e of layout.errors) plan.errors.push(e.message);
  }
  return { target, load, plan, bundles: load.bundles, live, seesUnpublished: live.seesUnpublished, repository };
}
