import type { Bundle } from "../model/bundle.js";
import type { Availability, OnConflict } from "../model/skill.js";
import type { PlanAction } from "../model/plan.js";

export interface UploadGroup {
  onConflict: OnConflict;
  availability: Availability | null;
  actions: PlanAction[];
}

/**
 * Uploads that need different form fields cannot share a request: takeovers need `override`, everything
 * else `error`; and `availability` is one value per request. The plan's request layout and sync both group
 * this way, so they split at the same places.
 */
export function uploadGroups(actions: readonly PlanAction[], createAvailability: Availability | null): UploadGroup[] {
  const groups = new Map<string, UploadGroup>();
  for (const action of actions) {
    if (!action.willUpload) continue;
    const onConflict: OnConflict = action.kind === "takeover" ? "override" : "error";
    // Dust makes a new skill unpublished (`editors`) unless told otherwise, which hides it from everyone but
    // admins; an update keeps the availability people chose in Dust unless --availability was given. An
    // update whose skill already has the availability sent with new skills can travel with them: sending
    // the value it has changes nothing, and one request instead of two fills better.
    const keeps = (action.kind === "update" || action.kind === "drifted") && action.live?.availability === createAvailability && createAvailability !== null;
    const availability = action.availability ?? (action.kind === "create" || keeps ? createAvailability : null);
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

/** The bundles a group uploads, and the actions whose bundle was not loaded. */
export function groupBundles(group: UploadGroup, byDir: ReadonlyMap<string, Bundle>): { bundles: Bundle[]; missing: PlanAction[] } {
  const bundles: Bundle[] = [];
  const missing: PlanAction[] = [];
  for (const action of group.actions) {
    const bundle = byDir.get(action.bundle?.dir ?? "");
    if (bundle) bundles.push(bundle);
    else missing.push(action);
  }
  return { bundles, missing };
}
