import { relative, sep } from "node:path";
import { loadBundles } from "../bundle/load.js";
import type { LoadResult } from "../bundle/load.js";
import type { Bundle } from "../bundle/types.js";
import { changedPathsSince } from "../git/changes.js";
import { lastCommitTimes } from "../git/history.js";
import { buildPlan } from "../plan/plan.js";
import type { Selection } from "../plan/selection.js";
import type { Plan } from "../plan/types.js";
import type { Availability, LiveSkill, OnConflict } from "../dust/types.js";
import type { Target } from "../targets.js";

/** The listing calls planning needs; DustClient satisfies it. */
export interface ListingClient {
  listAllSkills(): Promise<{ active: LiveSkill[]; archived: LiveSkill[]; seesUnpublished: boolean }>;
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
}

export interface PreparedPlan {
  target: Target;
  load: LoadResult;
  plan: Plan;
  bundles: Bundle[];
  seesUnpublished: boolean;
}

/**
 * The I/O around the pure planner: read the bundles, ask git what changed and when, list the workspace,
 * then plan. Makes exactly two list requests (active and archived) and no mutating one.
 */
export async function prepareTargetPlan(target: Target, client: ListingClient, opts: PlanOptions): Promise<PreparedPlan> {
  // The listing does not depend on the bundles: start it now, and read the repository meanwhile.
  const listing = client.listAllSkills();
  listing.catch(() => {}); // awaited below; a failure to load bundles first must not leave it unhandled
  const load = await loadBundles({
    roots: target.paths,
    cwd: opts.cwd,
    ...(opts.includeUntracked ? { includeUntracked: true } : {}),
  });
  const dirs = load.bundles.map((b) => b.dir);
  let changedDirs: Set<string> | null = null;
  let lastCommitMs = new Map<string, number>();
  if (load.inGit) {
    const [committed, uncommitted, changed] = await Promise.all([
      lastCommitTimes(load.root, dirs),
      changedPathsSince(load.root, "HEAD").catch(() => new Set<string>()),
      opts.changedSince ? changedPathsSince(load.root, opts.changedSince) : Promise.resolve(null),
    ]);
    lastCommitMs = committed;
    // A bundle edited locally but not committed yet is newer than any Dust edit as far as the user is
    // concerned: without this, planning before `git commit` would call every local edit "drift".
    const now = (opts.now ?? Date.now)();
    for (const dir of dirsTouched(dirs, uncommitted)) lastCommitMs.set(dir, now);
    if (changed) changedDirs = new Set(dirsTouched(dirs, changed));
  }
  const live = await listing;
  const plan = buildPlan({
    bundles: load.bundles,
    live: { active: live.active, archived: live.archived },
    onConflict: opts.onConflict,
    prune: opts.prune,
    changedDirs,
    ...(opts.changedSince ? { changedSince: opts.changedSince } : {}),
    lastCommitMs,
    ...(opts.selection ? { selection: opts.selection } : {}),
    availability: opts.availability,
    unpublishedHidden: !live.seesUnpublished,
    // Only API skills whose SKILL.md lies under the folders read here can be this repo's orphans: another
    // repository syncing other folders into the same workspace is left alone.
    ownedPrefixes: target.paths.map((p) => toPosix(relative(load.root, p))).map((p) => (p === "." ? "" : p)),
    target: { workspaceId: target.connection.workspaceId, baseUrl: target.connection.baseUrl },
  });
  return { target, load, plan, bundles: load.bundles, seesUnpublished: live.seesUnpublished };
}

/**
 * Bundle folders holding at least one of the paths; a path in a nested bundle counts for the innermost.
 * Walks up each path's folders through a set, so it stays linear when every file of a large repo changed.
 */
function dirsTouched(dirs: string[], paths: Set<string>): string[] {
  const bundles = new Set(dirs);
  const hit = new Set<string>();
  for (const p of paths) {
    for (let folder = p; ; ) {
      const cut = folder.lastIndexOf("/");
      folder = cut < 0 ? "" : folder.slice(0, cut);
      if (bundles.has(folder)) {
        hit.add(folder);
        break;
      }
      if (folder === "") break;
    }
  }
  return dirs.filter((d) => hit.has(d));
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}
