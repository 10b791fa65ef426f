import type { Bundle } from "../../model/bundle.js";
import { limitsBroken, RequestBatcher, skillsPerRequest } from "./batches.js";
import type { RequestDraft, UnitSize } from "./batches.js";
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

/** One ZIP as planned: exact sizes and contents, no bytes. */
export interface ZipLayout {
  /** 1-based, in packing order, across requests. */
  index: number;
  /** The request (1-based) that carries this ZIP. */
  request: number;
  /** e.g. `skills-1.zip`. */
  fileName: string;
  /** Exact size of the ZIP file. */
  bytes: number;
  /** Bundle folders (repo-relative) held by this ZIP. */
  bundles: string[];
  /** Their skill names, in the same order: what to send as `names`. */
  names: string[];
  entries: number;
  uncompressedBytes: number;
  /** Every entry of the ZIP, in ZIP order. */
  files: PackedEntry[];
}

/** One ZIP with its bytes. */
export interface Upload extends ZipLayout {
  data: Buffer;
}

/** One POST /skills: several ZIPs, at most `requestBytes` in all. */
export interface RequestLayout {
  /** 1-based, in sending order. */
  index: number;
  zips: ZipLayout[];
  /** Sum of the ZIP sizes (what Dust's request limit counts). */
  bytes: number;
}

export interface PackResult {
  uploads: Upload[];
  /** The same ZIPs grouped into the requests that carry them. */
  requests: RequestLayout[];
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

export interface StreamOptions extends PackOptions {
  /** Numbers of the first request and the first ZIP (sync numbers across its groups). Default 1. */
  firstRequest?: number;
  firstZip?: number;
}

/** Everything packRequests learnt, except the bytes (each request's ZIPs are released once handled). */
export type PackLayout = Omit<PackResult, "uploads">;

/** Bundles that must share a ZIP, with their files read and compressed. */
interface Unit extends UnitSize {
  bundles: Bundle[];
  files: { bundleDir: string; entry: ZipEntry }[];
}

type Prepared = { unit: Unit } | { errors: PackResult["errors"] };

/**
 * Packs bundles into as few requests as Dust's limits allow, in a predictable way: bundles in folder order,
 * each ZIP filled to its entry and size limits, each request filled with ZIPs to its byte limit (see
 * RequestBatcher). Only what Dust keeps is shipped; a bundle is never split across ZIPs, and a bundle nested
 * in another always travels with it (Dust attaches the inner bundle's files to the outer skill only when both
 * are in the same ZIP). Every bundle's files sit under the folder of its own ownership record (layout.ts), which
 * is what Dust stores as the skill's `filePath`.
 *
 * Streaming: bundles are read one family at a time, and each request is handed to `onRequest` as soon as it
 * is full, with `build` to make its ZIP bytes. Only that request's compressed files are held; once
 * `onRequest` settles they are dropped, so memory stays flat whatever the repository's size.
 */
export async function packRequests(
  bundles: Bundle[],
  opts: StreamOptions,
  onRequest: (request: RequestLayout, build: () => Upload[]) => Promise<void> | void,
): Promise<PackLayout> {
  const limits = opts.limits ?? LIMITS;
  const readFile = opts.readFile ?? defaultReadFile;
  const layout: PackLayout = { requests: [], left: [], errors: [] };

  const shippable: Bundle[] = [];
  const leftPaths = new Set<string>();
  for (const bundle of [...bundles].sort((a, b) => compareText(a.dir, b.dir))) {
    for (const l of leftOut(bundle)) {
      // An outer bundle lists a nested bundle's files too: say each file once, under the outermost bundle.
      if (l.path !== undefined && leftPaths.has(l.path)) continue;
      if (l.path !== undefined) leftPaths.add(l.path);
      layout.left.push(l);
    }
    if (bundle.skill === null) continue;
    const why = unwrappableReason(bundle);
    if (why) layout.errors.push({ bundleDir: bundle.dir, message: why });
    else shippable.push(bundle);
  }
  const total = shippable.length;
  let done = 0;
  opts.onProgress?.(done, total);

  let nextRequest = opts.firstRequest ?? 1;
  let nextZip = opts.firstZip ?? 1;
  const emit = async (draft: RequestDraft<Unit> | null): Promise<void> => {
    if (!draft) return;
    const request = describe(draft, nextRequest++, nextZip);
    nextZip += draft.zips.length;
    layout.requests.push(request);
    await onRequest(request, () => draft.zips.map((zip, i) => build(zip.units, request.zips[i] as ZipLayout, limits)));
  };

  const batcher = new RequestBatcher<Unit>(limits);
  for (const family of families(shippable)) {
    const prepared = await prepare(family, opts.repository, readFile, limits);
    done += family.length;
    if ("errors" in prepared) {
      layout.errors.push(...prepared.errors);
    } else {
      await emit(batcher.add(prepared.unit));
    }
    opts.onProgress?.(done, total);
  }
  await emit(batcher.finish());
  layout.errors.sort((a, b) => compareText(a.bundleDir, b.bundleDir));
  return layout;
}

/** Every request at once, bytes included: for tests and small repositories (`pack` and `sync` stream). */
export async function packBundles(bundles: Bundle[], opts: PackOptions): Promise<PackResult> {
  const uploads: Upload[] = [];
  const layout = await packRequests(bundles, opts, (_request, build) => {
    uploads.push(...build());
  });
  return { uploads, ...layout };
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
  let uncompressedBytes = 0;
  let zipBytes = 0;
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
  for (const { entry } of files) {
    uncompressedBytes += entry.size;
    zipBytes += entryBytes(entry);
  }
  const unit = { bundles: family, files, entries: files.length, uncompressedBytes, zipBytes, skills: family.length };
  const tooBig = tooLarge(unit, limits);
  return tooBig.length > 0 ? { errors: tooBig } : { unit };
}

/** One error per bundle of a unit that no upload can hold, with its sizes against each limit; none if it fits. */
function tooLarge(unit: Unit, limits: Limits): PackResult["errors"] {
  const broken = limitsBroken(unit, limits);
  if (broken.length === 0) return [];
  const [first, ...nested] = unit.bundles.map((b) => b.dir);
  const who = nested.length === 0 ? `${first}` : `${first} (with nested ${nested.join(", ")})`;
  const over = (what: "entries" | "uncompressed" | "zipped" | "fields", limit: string): string =>
    broken.includes(what) ? ` (over the ${limit} limit)` : "";
  const zipped = unit.zipBytes + ZIP_END_BYTES;
  const parts = [
    `${thousands(unit.entries)} files${over("entries", thousands(limits.zipEntries))}`,
    `${formatBytes(unit.uncompressedBytes)} uncompressed${over("uncompressed", formatBytes(limits.zipUncompressedBytes))}`,
    `${formatBytes(zipped)} zipped${over("zipped", formatBytes(limits.requestBytes))}`,
  ];
  if (broken.includes("fields")) parts.push(`${thousands(unit.skills)} nested skills (over the ${thousands(skillsPerRequest(limits))} skills one request can name)`);
  const message = `${who} can never be uploaded: ${parts.join(", ")}`;
  return unit.bundles.map((b) => ({ bundleDir: b.dir, message }));
}

/** The request's layout: ZIP names, contents and exact sizes, numbered from `firstZip`. */
function describe(draft: RequestDraft<Unit>, index: number, firstZip: number): RequestLayout {
  const zips = draft.zips.map((zip, i): ZipLayout => {
    const bundles = zip.units.flatMap((u) => u.bundles);
    const files = zip.units.flatMap((u) => u.files).sort((a, b) => compareText(a.entry.path, b.entry.path));
    return {
      index: firstZip + i,
      request: index,
      fileName: `skills-${firstZip + i}.zip`,
      bytes: zip.bytes,
      bundles: bundles.map((b) => b.dir),
      // Shippable bundles always have a skill (checked in packRequests).
      names: bundles.map((b) => b.skill?.name ?? ""),
      entries: zip.entries,
      uncompressedBytes: zip.uncompressedBytes,
      files: files.map((f) => ({ bundleDir: f.bundleDir, path: f.entry.path, size: f.entry.size })),
    };
  });
  return { index, zips, bytes: draft.bytes };
}

function build(units: readonly Unit[], zip: ZipLayout, limits: Limits): Upload {
  const data = buildZip(units.flatMap((u) => u.files.map((f) => f.entry)));
  // Sizes are exact, so these only fail on a bug in the writer; never send a ZIP Dust would refuse.
  if (data.length !== zip.bytes) throw new Error(`${zip.fileName}: wrote ${data.length} bytes, planned ${zip.bytes}`);
  if (data.length > limits.requestBytes) throw new Error(`${zip.fileName}: ZIP of ${data.length} bytes is over the request limit`);
  return { ...zip, data };
}
