import type { MessagePort } from "node:worker_threads";
import { Worker } from "node:worker_threads";
import { sep } from "node:path";
import { readWithFacts } from "./read-with-facts.js";
import type { FileRead, ReadFs } from "./read-with-facts.js";
import { fingerprintHasher } from "./pack/fingerprint-hasher.js";

/**
 * A plan reads every file it ships, and where each system call is costly (a sandbox, a network disk) the
 * open/fstat/read/close calls were most of the main thread's time. A worker thread makes those calls ahead of
 * the loader, in the order it will ask, fingerprints each bundle's files as they go by (see AheadGroup) and
 * hands the bytes the loader parses over in batches, one ArrayBuffer each; the main thread meanwhile parses
 * SKILL.md and takes in the workspace listing.
 *
 * It is a cache, never the source of truth: the loader waits for each bundle's files, and a path it has not
 * read (the worker could not start, died, or was given too few paths) is read on the main thread by the same
 * function; anything it cannot read as a regular file goes to the lstat path, exactly as without it.
 */
export interface ReadAhead {
  /**
   * The loader is about to read the paths from index `from` to `to`: resolves once the worker has read them
   * (or has stopped). Those before `from` are done with: what was not taken is dropped.
   */
  ready(from: number, to: number): Promise<void>;
  /** What the worker read of `path`, handed over once: null when it is no readable regular file, undefined when not read ahead. */
  take(path: string): FileRead | null | undefined;
  /**
   * The fingerprint the worker made of a group (see AheadGroup), by its first path (its SKILL.md), handed over once: null when
   * one of its files could not be read whole, undefined when not made (yet).
   */
  takeFingerprint(first: string): string | null | undefined;
  /** Ends the worker; whatever it has not read is read by the caller. */
  stop(): void;
  /** How many paths were handed over by `take` (NODE_DEBUG=dust-skills prints it). */
  readonly taken: number;
}

/**
 * The paths of one bundle, `start` to `end` in the read order: its SKILL.md first (the path at `start`), then
 * the others in `rel` order. The worker fingerprints them as if all were shipped (pack/fingerprint-hasher.ts),
 * and hands over the bytes of the SKILL.md only: the loader uses that fingerprint when exactly these files are
 * shipped, and otherwise reads and hashes the shipped ones itself.
 */
export interface AheadGroup {
  start: number;
  end: number;
  /** Where `rel` starts in each path: the bundle folder's length plus its slash (0 at the root). */
  relFrom: number;
}

/** A worker started before the paths are known: starting one takes about as long as listing the repository's files. */
export interface ReadAheadWorker {
  /** Reads `paths` (relative to `root`, in the order they will be asked for); null, and the worker ended, when there are too few to gain from it. */
  read(root: string, paths: readonly string[], limit: number, groups?: readonly AheadGroup[]): ReadAhead | null;
  stop(): void;
}

/** Fewer paths than this are read on the main thread: handing them over costs more than reading them. */
export const READ_AHEAD_MIN_PATHS = 256;
/** Paths in the first batch: few, so that the loader waits little for it. */
const FIRST_BATCH_FILES = 64;
/** Paths in each later batch: each message costs both threads a little, whatever its size. */
const BATCH_FILES = 256;
const BATCH_BYTES = 1 << 20;
/** How far ahead of the loader the worker reads, at most: bounds the bytes held. */
export const LEAD_PATHS = 2048;
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 };

/**
 * One message from the worker, every list in a typed array (copied or moved whole, never walked item by item
 * as a structured clone of an array is): at 20,000 bundles there are hundreds of them.
 */
interface Batch {
  start: number;
  count: number;
  /** Per path: the file's size, or -1 when it is no readable regular file. */
  sizes: Float64Array;
  /** Per path: how many of `buffer`'s bytes are its, or -1 when none are handed over (over the limit, or hashed in a group). */
  lengths: Int32Array;
  buffer: Uint8Array;
  /** The groups that ended in this batch: their index in `groups`, and their fingerprint or null. */
  groupsDone: Int32Array;
  fingerprints: (string | null)[];
}

/** What the worker is given, packed for one cheap copy: every path in one string, every group in one array. */
interface Order {
  root: string;
  sep: string;
  limit: number;
  /** The paths joined by NUL, which no path holds. */
  paths: string;
  /** `start`, `end` and `relFrom` of each group (AheadGroup), in `paths` order, never overlapping. */
  groups: Int32Array;
  /** One Int32: the loader's index in `paths`, written by the main thread. */
  position: SharedArrayBuffer;
}

/**
 * The worker's whole program. Self-contained like readWithFacts (its text is what the worker runs). It reads
 * the paths in order, a batch at a time with each batch's bytes in one transferred buffer, fingerprints each
 * group as its files go by, and waits while it is `lead` paths ahead of the loader.
 */
function readAheadWorker(
  fs: ReadFs,
  port: MessagePort,
  read: typeof readWithFacts,
  hasherFor: typeof fingerprintHasher,
  createHash: Parameters<typeof fingerprintHasher>[0],
  firstFiles: number,
  maxFiles: number,
  maxBytes: number,
  lead: number,
): void {
  port.once("message", (order: Order) => {
    const { root, sep, limit, groups } = order;
    const paths = order.paths.split("\0");
    const groupCount = groups.length / 3;
    const loader = new Int32Array(order.position);
    let next = 0;
    // The group being read, if any: its index, its hasher, and whether every file so far was read whole.
    let g = 0;
    let hasher: ReturnType<typeof fingerprintHasher> | null = null;
    let whole = false;
    let batchFiles = firstFiles;
    // Where the files only hashed are read, one after the other; one over 1 MiB gets a buffer of its own.
    const scratch = new Uint8Array(1 << 20);
    while (next < paths.length) {
      let at = Atomics.load(loader, 0);
      while (next - at >= lead) {
        Atomics.wait(loader, 0, at, 20);
        at = Atomics.load(loader, 0);
      }
      const start = next;
      const sizes = new Float64Array(batchFiles);
      const lengths = new Int32Array(batchFiles);
      const parts: Uint8Array[] = [];
      const done: number[] = [];
      const fingerprints: (string | null)[] = [];
      let bytes = 0;
      while (next < paths.length && next - start < batchFiles && bytes < maxBytes) {
        const path = paths[next] as string;
        const inGroup = g < groupCount && next >= (groups[g * 3] as number);
        const groupStart = inGroup ? (groups[g * 3] as number) : -1;
        // A group's files after its SKILL.md are only hashed: read into the scratch buffer, hashed before the next read.
        const got = read(fs, root + sep + path, limit, inGroup && next !== groupStart ? scratch : undefined);
        if (next === groupStart) {
          // The group's first path is its SKILL.md, labelled with its repository path.
          hasher = hasherFor(createHash, path);
          whole = true;
        }
        if (inGroup && whole) {
          if (got?.data === undefined) whole = false;
          else hasher?.add(path.slice(groups[g * 3 + 2] as number), got.data);
        }
        // A group's other files were hashed here: only its SKILL.md is parsed, so only its bytes go over.
        const handOver = got?.data !== undefined && (!inGroup || next === groupStart);
        const i = next - start;
        sizes[i] = got === null ? -1 : got.size;
        lengths[i] = handOver && got?.data !== undefined ? got.data.length : -1;
        if (handOver && got?.data !== undefined) {
          parts.push(got.data);
          bytes += got.data.length;
        }
        if (inGroup && next === (groups[g * 3 + 1] as number) - 1) {
          done.push(g);
          fingerprints.push(whole && hasher !== null ? hasher.digest() : null);
          hasher = null;
          g++;
        }
        next++;
      }
      const buffer = new Uint8Array(bytes);
      let offset = 0;
      for (const part of parts) {
        buffer.set(part, offset);
        offset += part.length;
      }
      const groupsDone = Int32Array.from(done);
      const batch: Batch = { start, count: next - start, sizes, lengths, buffer, groupsDone, fingerprints };
      port.postMessage(batch, [buffer.buffer, sizes.buffer, lengths.buffer, groupsDone.buffer]);
      batchFiles = maxFiles;
    }
  });
}

const WORKER_SOURCE = `(${readAheadWorker.toString()})(require("node:fs"), require("node:worker_threads").parentPort, ${readWithFacts.toString()}, ${fingerprintHasher.toString()}, require("node:crypto").createHash, ${FIRST_BATCH_FILES}, ${BATCH_FILES}, ${BATCH_BYTES}, ${LEAD_PATHS});`;

/** Starts a read-ahead worker; null when none can start (the loader then reads every file itself). */
export function prepareReadAhead(): ReadAheadWorker | null {
  let worker: Worker;
  try {
    // Small heaps: it holds the paths and a batch or two. Default limits cost a first sync of 20,000 bundles
    // ~45 MB of peak RSS; a worker over these dies, and the loader reads the rest itself.
    worker = new Worker(WORKER_SOURCE, { eval: true, stdout: true, stderr: true, resourceLimits: WORKER_LIMITS });
  } catch {
    return null;
  }
  worker.unref(); // until it is given paths: an unused worker must not keep the process alive
  const stop = (): void => void worker.terminate();
  return { read: (root, paths, limit, groups = []) => readWith(worker, root, paths, limit, groups), stop };
}

function readWith(worker: Worker, root: string, paths: readonly string[], limit: number, groups: readonly AheadGroup[]): ReadAhead | null {
  if (paths.length < READ_AHEAD_MIN_PATHS) {
    void worker.terminate();
    return null;
  }
  const position = new SharedArrayBuffer(4);
  const loaderAt = new Int32Array(position);
  const results = new Map<string, FileRead | null>();
  const fingerprints = new Map<string, string | null>();
  const batches: { start: number; end: number }[] = [];
  let received = 0;
  let stopped = false;
  let taken = 0;
  let waiter: { to: number; wake: () => void } | null = null;
  const wake = (): void => {
    if (waiter !== null && (stopped || received >= waiter.to)) {
      waiter.wake();
      waiter = null;
    }
  };
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    void worker.terminate();
    wake();
  };
  worker.on("message", (batch: Batch) => {
    let offset = 0;
    for (let i = 0; i < batch.count; i++) {
      const size = batch.sizes[i] as number;
      const length = batch.lengths[i] as number;
      const path = paths[batch.start + i] as string;
      if (size < 0) {
        results.set(path, null);
        continue;
      }
      const got: FileRead = { size };
      if (length >= 0) {
        got.data = Buffer.from(batch.buffer.buffer, batch.buffer.byteOffset + offset, length);
        offset += length;
      }
      results.set(path, got);
    }
    for (const [i, g] of batch.groupsDone.entries()) fingerprints.set(paths[(groups[g] as AheadGroup).start] as string, batch.fingerprints[i] ?? null);
    received = batch.start + batch.count;
    batches.push({ start: batch.start, end: received });
    if (received >= paths.length) stop();
    wake();
  });
  // A worker that fails or exits early only means the loader reads the rest itself.
  worker.on("error", stop);
  worker.on("exit", stop);
  worker.ref();
  const packedGroups = new Int32Array(groups.length * 3);
  for (const [i, g] of groups.entries()) packedGroups.set([g.start, g.end, g.relFrom], i * 3);
  worker.postMessage({ root, sep, limit, paths: paths.join("\0"), groups: packedGroups, position } satisfies Order, [packedGroups.buffer]);

  return {
    ready(from, to) {
      Atomics.store(loaderAt, 0, from);
      while (batches.length > 0 && (batches[0] as { end: number }).end <= from) {
        const done = batches.shift() as { start: number; end: number };
        for (let i = done.start; i < done.end; i++) results.delete(paths[i] as string);
      }
      if (stopped || received >= to) return Promise.resolve();
      return new Promise((resolve) => {
        waiter = { to, wake: resolve };
      });
    },
    take(path) {
      const got = results.get(path);
      if (got === undefined) return undefined;
      results.delete(path);
      taken++;
      return got;
    },
    takeFingerprint(first) {
      const fingerprint = fingerprints.get(first);
      fingerprints.delete(first);
      return fingerprint;
    },
    stop,
    get taken() {
      return taken;
    },
  };
}
