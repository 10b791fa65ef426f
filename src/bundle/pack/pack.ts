import { mapLimit } from "../map-limit.js";
import type { Bundle } from "../../model/bundle.js";
import { limitsBroken, takeBatch } from "./batches.js";
import type { UnitSize } from "./batches.js";
import { formatBytes, thousands } from "../../lib/format-size.js";
import { LIMITS } from "./limits.js";
import type { Limits } from "./limits.js";
import { defaultReadFile, readShipped, UnreadableFileError } from "./read.js";
import type { ReadFile } from "./read.js";
import { leftOut, unwrappableReason } from "./shipped.js";
import type { LeftOut } from "./shipped.js";
import { compareText } from "../../lib/compare-text.js";
import { bundleRecord, zipEntryPath } from "./layout.js";
import { buildZip, compressEntry, entryBytes, ZIP_END_BYTES } from "./zip.js";
import type { ZipEntry } from "./zip.js";

export interface PackedEntry {
  bundleDir: string;
  /** Path inside the ZIP. */
  path: string;
  /** Uncompressed size in bytes. */
  size: number;
}

/** One ZIP, sent alone in one POST /skills request. */
export interface Upload {
  /** 1-based, in packing order. */
  index: number;
  /** e.g. `skills-1.zip`. */
  fileName: string;
  data: Buffer;
  /** Bundle folders (repo-relative) held by this ZIP. */
  bundles: string[];
  /** Their skill names, in the same order: what to send as `names`. */
  names: string[];
  entries: number;
  uncompressedBytes: number;
  /** Every entry of the ZIP, in ZIP order. */
  files: PackedEntry[];
}

export interface PackResult {
  uploads: Upload[];
  /** Files and bundles that are deliberately not sent (Dust would drop them). */
  left: LeftOut[];
  /** Bundles that cannot be sent: unreadable, unwrappable, or too large for any upload. */
  errors: { bundleDir: string; message: string }[];
}

export interface PackOptions {
  /** The repository identity written into each bundle's ownership record. */
  repository: string;
  readFile?: ReadFile;
  limits?: Limits;
  /** Called as bundles are packed: `done` of `total` shippable bundles. */
  onProgress?: (done: number, total: number) => void;
}

/** Bundles that must share a ZIP, with their files read. */
interface Unit extends UnitSize {
  bundles: Bundle[];
  files: { bundleDir: string; entry: ZipEntry }[];
}

type Prepared = { unit: Unit } | { errors: PackResult["errors"] };

/** Families read at once with an asynchronous readFile: keeps the disk busy, far below any open-file limit. */
const READ_CONCURRENCY = 16;

/**
 * Packs bundles into as few uploads as Dust's limits allow, in a predictable way: bundles in folder
 * order, each ZIP filled until the next bundle would pass a limit. Only what Dust keeps is shipped;
 * a bundle is never split across uploads. Every bundle's files sit under the folder of its own ownership
 * record (layout.ts), which is what Dust stores as the skill's `filePath`.
 */
export async function packBundles(bundles: Bundle[], opts: PackOptions): Promise<PackResult> {
  const limits = opts.limits ?? LIMITS;
  const readFile = opts.readFile ?? defaultReadFile;
  const result: PackResult = { uploads: [], left: [], errors: [] };

  const shippable: Bundle[] = [];
  const leftPaths = new Set<string>();
  for (const bundle of [...bundles].sort((a, b) => compareText(a.dir, b.dir))) {
    for (const l of leftOut(bundle)) {
      // An outer bundle lists a nested bundle's files too: say each file once, under the outermost bundle.
      if (l.path !== undefined && leftPaths.has(l.path)) continue;
      if (l.path !== undefined) leftPaths.add(l.path);
      result.left.push(l);
    }
    if (bundle.skill === null) continue;
    const why = unwrappableReason(bundle);
    if (why) result.errors.push({ bundleDir: bundle.dir, message: why });
    else shippable.push(bundle);
  }
  const total = shippable.length;
  let done = 0;
  opts.onProgress?.(done, total);

  const units: Unit[] = [];
  for (const prepared of await mapLimit(families(shippable), READ_CONCURRENCY, (family) => prepare(family, opts.repository, readFile, limits))) {
    if ("unit" in prepared) {
      units.push(prepared.unit);
    } else {
      result.errors.push(...prepared.errors);
      done += prepared.errors.length;
    }
  }
  if (done > 0) opts.onProgress?.(done, total);

  for (let start = 0; start < units.length; ) {
    const end = takeBatch(units, start, limits);
    const batch = units.slice(start, end);
    result.uploads.push(toUpload(result.uploads.length + 1, batch, limits));
    for (const unit of batch) done += unit.bundles.length;
    opts.onProgress?.(done, total);
    start = end;
  }
  result.errors.sort((a, b) => compareText(a.bundleDir, b.bundleDir));
  return result;
}

/** Groups each bundle with the bundles nested in it; families in the order of their outermost folder. */
function families(sorted: readonly Bundle[]): Bundle[][] {
  const byDir = new Map<string, Bundle[]>();
  const out: Bundle[][] = [];
  for (const bundle of sorted) {
    // Sorted by folder, an ancestor always comes before its descendants; the outermost one wins.
    const parts = bundle.dir.split("/");
    let family: Bundle[] | undefined;
    for (let n = 1; n < parts.length && !family; n++) family = byDir.get(parts.slice(0, n).join("/"));
    if (family) {
      family.push(bundle);
    } else {
      family = [bundle];
      out.push(family);
    }
    byDir.set(bundle.dir, family);
  }
  return out;
}

/** Reads and compresses a family's files once; errors when unreadable or too large for any upload. */
async function prepare(family: Bundle[], repository: string, readFile: ReadFile, limits: Limits): Promise<Prepared> {
  const files: Unit["files"] = [];
  const failures: PackResult["errors"] = [];
  for (const bundle of family) {
    try {
      const contents = await readShipped(bundle, readFile);
      // Each bundle sits in the folder of its own record, so no two bundles share an entry.
      const record = bundleRecord(bundle, repository, contents);
      for (const file of contents) {
        files.push({ bundleDir: bundle.dir, entry: compressEntry({ path: zipEntryPath(record, file.rel), data: file.data }) });
      }
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      failures.push({ bundleDir: bundle.dir, message: `${bundle.dir}: ${err.message}` });
    }
  }
  if (failures.length > 0) {
    const failed = failures.map((f) => f.bundleDir);
    const others = family
      .filter((b) => !failed.includes(b.dir))
      .map((b) => ({ bundleDir: b.dir, message: `${b.dir}: not packed: it must travel with ${failed.join(", ")}, which could not be read` }));
    return { errors: [...failures, ...others] };
  }
  let uncompressedBytes = 0;
  let zipBytes = 0;
  for (const { entry } of files) {
    uncompressedBytes += entry.size;
    zipBytes += entryBytes(entry);
  }
  const unit = { bundles: family, files, entries: files.length, uncompressedBytes, zipBytes };
  const tooBig = tooLarge(unit, limits);
  return tooBig.length > 0 ? { errors: tooBig } : { unit };
}

/** One error per bundle of a unit that no upload can hold, with its sizes against each limit; none if it fits. */
function tooLarge(unit: Unit, limits: Limits): PackResult["errors"] {
  const broken = limitsBroken(unit, limits);
  if (broken.length === 0) return [];
  const [first, ...nested] = unit.bundles.map((b) => b.dir);
  const who = nested.length === 0 ? `${first}` : `${first} (with nested ${nested.join(", ")})`;
  const over = (what: "entries" | "uncompressed" | "zipped", limit: string): string =>
    broken.includes(what) ? ` (over the ${limit} limit)` : "";
  const zipped = unit.zipBytes + ZIP_END_BYTES;
  const parts = [
    `${thousands(unit.entries)} files${over("entries", thousands(limits.zipEntries))}`,
    `${formatBytes(unit.uncompressedBytes)} uncompressed${over("uncompressed", formatBytes(limits.zipUncompressedBytes))}`,
    `${formatBytes(zipped)} zipped${over("zipped", formatBytes(limits.requestBytes))}`,
  ];
  const message = `${who} can never be uploaded: ${parts.join(", ")}`;
  return unit.bundles.map((b) => ({ bundleDir: b.dir, message }));
}

function toUpload(index: number, batch: readonly Unit[], limits: Limits): Upload {
  const bundles = batch.flatMap((u) => u.bundles);
  const files = batch.flatMap((u) => u.files).sort((a, b) => compareText(a.entry.path, b.entry.path));
  const data = buildZip(files.map((f) => f.entry));
  // Sizes are exact, so this only fails on a bug in the writer; never send a ZIP Dust would refuse.
  if (data.length > limits.requestBytes) throw new Error(`${index}: ZIP of ${data.length} bytes is over the request limit`);
  return {
    index,
    fileName: `skills-${index}.zip`,
    data,
    bundles: bundles.map((b) => b.dir),
    // Shippable bundles always have a skill (checked in packBundles).
    names: bundles.map((b) => b.skill?.name ?? ""),
    entries: files.length,
    uncompressedBytes: files.reduce((sum, f) => sum + f.entry.size, 0),
    files: files.map((f) => ({ bundleDir: f.bundleDir, path: f.entry.path, size: f.entry.size })),
  };
}
