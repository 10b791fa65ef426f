import { packRequests } from "../bundle/pack/index.js";
import type { PackOptions } from "../bundle/pack/index.js";
import type { Bundle } from "../model/bundle.js";
import type { Availability } from "../model/skill.js";
import type { Plan, PlanRequest } from "../model/plan.js";
import { groupBundles, uploadGroups } from "./groups.js";

export interface UploadLayout {
  requests: PlanRequest[];
  /** Bundles no request can carry (unreadable, or a family of nested bundles too large together). */
  errors: { bundleDir: string; message: string }[];
}

/**
 * The requests `sync` would send for this plan, worked out the way sync packs them (same groups, same order,
 * same batching), with their exact sizes; no bytes are kept. Reads and compresses only what the plan uploads.
 */
export async function layoutUploads(plan: Plan, bundles: readonly Bundle[], createAvailability: Availability | null, pack: PackOptions): Promise<UploadLayout> {
  const byDir = new Map(bundles.map((b) => [b.dir, b]));
  const out: UploadLayout = { requests: [], errors: [] };
  let zips = 0;
  for (const group of uploadGroups(plan.actions, createAvailability)) {
    const { bundles: toPack } = groupBundles(group, byDir);
    const layout = await packRequests(toPack, { ...pack, firstRequest: out.requests.length + 1, firstZip: zips + 1 }, () => {});
    for (const r of layout.requests) {
      zips += r.zips.length;
      out.requests.push({
        index: r.index,
        onConflict: group.onConflict,
        availability: group.availability,
        bytes: r.bytes,
        zips: r.zips.map((z) => ({ fileName: z.fileName, bytes: z.bytes, entries: z.entries, uncompressedBytes: z.uncompressedBytes, bundles: z.bundles })),
      });
    }
    out.errors.push(...layout.errors);
  }
  return out;
}
