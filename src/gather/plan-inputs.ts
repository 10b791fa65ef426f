import { relative } from "node:path";
import { toPosix } from "../lib/paths.js";
import type { LoadResult } from "../bundle/load.js";
import type { Bundle } from "../model/bundle.js";
import { buildPlan } from "../plan/plan.js";
import type { Selection } from "../plan/selection.js";
import type { Plan } from "../model/plan.js";
import type { Availability, LiveSkill, OnConflict } from "../model/skill.js";
import type { Target } from "../targets.js";
import { readRepository } from "./repository.js";

/** The listing calls planning needs; DustClient satisfies it. */
export interface ListingClient {
  listAllSkills(): Promise<WorkspaceListing>;
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
  /** The current time, for bundles with uncommitted changes (see below). */
  now?: () => number;
  /** Progress as each bundle is read. */
  onBundle?: (done: number, total: number, dir: string) => void;
}

export interface PreparedPlan {
  target: Target;
  load: LoadResult;
  plan: Plan;
  bundles: Bundle[];
  /** The workspace as listed for this plan. */
  live: WorkspaceListing;
  seesUnpublished: boolean;
}

/**
 * The I/O around the pure planner, for every command that plans (plan, sync, pull): read the bundles, ask git
 * what changed and when, list the workspace, then plan. Makes exactly two list requests (active and archived)
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
    now: opts.now ?? Date.now,
    ...(opts.onBundle ? { onBundle: opts.onBundle } : {}),
  });
  const { load } = repo;
  const live = await listing;
  const plan = buildPlan({
    bundles: load.bundles,
    live: { active: live.active, archived: live.archived },
    onConflict: opts.onConflict,
    prune: opts.prune,
    changedDirs: repo.changedDirs,
    ...(opts.changedSince ? { changedSince: opts.changedSince } : {}),
    lastCommitMs: repo.lastCommitMs,
    ...(opts.selection ? { selection: opts.selection } : {}),
    availability: opts.availability,
    unpublishedHidden: !live.seesUnpublished,
    // The listing already asked with bypassEditorVisibility, which only an admin key may: no second probe.
    keyIsAdmin: live.seesUnpublished,
    // Only API skills whose SKILL.md lies under the folders read here can be this repo's orphans: another
    // repository syncing other folders into the same workspace is left alone.
    ownedPrefixes: target.paths.map((p) => toPosix(relative(load.root, p))).map((p) => (p === "." ? "" : p)),
    target: { workspaceId: target.connection.workspaceId, baseUrl: target.connection.baseUrl },
  });
  return { target, load, plan, bundles: load.bundles, live, seesUnpublished: live.seesUnpublished };
}
