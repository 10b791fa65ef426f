import * as zlib from "node:zlib";
import { compareText } from "../../lib/compare-text.js";

/**
 * A deterministic ZIP writer. It writes the bytes itself instead of going through jszip: jszip sets up a
 * fresh pako deflater and a stream pipeline per entry, which cost about 1.4 s of CPU for 3,000 small files
 * (bench/pack.ts, the 1,000-bundle target), against 0.3 s for Node's zlib plus this writer. Writing
 * the headers also makes every size exact before a byte is produced, so batches never need re-zipping.
 *
 * Only the paths and bytes given decide the output: entries in code-unit order of their path, no folder
 * entries, the DOS date 1980-01-01 00:00 written as constants (no Date, so no time zone can move it),
 * UNIX permissions 0644, no extra fields, no comments, no data descriptors.
 */

export interface ZipInput {
  /** Path inside the ZIP, POSIX separators, no leading slash. */
  path: string;
  data: Buffer;
}

/** One file, compressed once, ready to be written into any ZIP. */
export interface ZipEntry {
  path: string;
  name: Buffer;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  size: number;
  body: Buffer;
}

/**
 * One fixed level, so the same files give the same bytes. Node's bundled zlib (Chromium's fork) picks its
 * match hashing by CPU, so two machines may still deflate differently: the same commit gives the same
 * ZIP with the same Node build on the same kind of CPU (official Node on x86-64 with SSE4.2 and on arm64 both
 * use CRC32C hashing). The fingerprint never depends on this: it hashes contents, not ZIP bytes.
 */
export const DEFLATE_LEVEL = 6;

/** MS-DOS date of 1980-01-01 (years since 1980 << 9 | month << 5 | day) and time 00:00:00. */
export const DOS_DATE = (0 << 9) | (1 << 5) | 1;
export const DOS_TIME = 0;

/** A regular file (S_IFREG) readable by all, writable by its owner, whoever packed it. */
export const FILE_MODE = 0o100644;

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
/** End-of-central-directory record, once per ZIP (no comment). */
export const ZIP_END_BYTES = 22;
/** Made by UNIX (3), spec version 2.0: the permissions in the external attributes are UNIX ones. */
const MADE_BY = (3 << 8) | 20;
/** General purpose flag bit 11: the name is UTF-8. Set only when it matters, as Go and jszip do. */
const UTF8_FLAG = 0x800;

/**
 * zlib's output chunk for a file: Node allocates one chunk per call and returns a slice of it, so with the
 * default 16 KiB chunk every compressed skill file (typically under 1 KiB) pinned 16 KiB off the V8 heap,
 * about 1.3 GB at 20,000 bundles. A small chunk comes from Buffer's shared pool and is also faster to set up;
 * larger files get a larger chunk. The chunk size never changes the compressed bytes.
 */
function chunkSizeFor(length: number): number {
  return length < 16 * 1024 ? 1024 : 64 * 1024;
}

export function compressEntry({ path, data }: ZipInput): ZipEntry {
  const deflated = data.length === 0 ? data : zlib.deflateRawSync(data, { level: DEFLATE_LEVEL, chunkSize: chunkSizeFor(data.length) });
  // Stored when deflate does not help (empty, tiny or already compressed files): smaller, still deterministic.
  const stored = deflated.length >= data.length;
  return { path, name: Buffer.from(path, "utf8"), method: stored ? 0 : 8, crc: crc32(data), size: data.length, body: stored ? data : deflated };
}

/** Exact bytes an entry adds to a ZIP: local header, data, central directory header. */
export function entryBytes(entry: ZipEntry): number {
  return LOCAL_HEADER + entry.name.length + entry.body.length + CENTRAL_HEADER + entry.name.length;
}

/** Exact size of the ZIP buildZip writes for these entries. */
export function zipBytes(entries: readonly ZipEntry[]): number {
  return entries.reduce((n, e) => n + entryBytes(e), ZIP_END_BYTES);
}

export function buildZip(unsorted: readonly ZipEntry[]): Buffer {
  const entries = [...unsorted].sort((a, b) => compareText(a.path, b.path));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]?.path === entries[i - 1]?.path) throw new Error(`duplicate ZIP entry ${entries[i]?.path}`);
  }
  const out = Buffer.alloc(zipBytes(entries));
  if (entries.length > 0xffff || out.length > 0xffffffff) throw new Error("ZIP64 is not supported: Dust's limits are far below it");
  let at = 0;
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(at);
    at = out.writeUInt32LE(0x04034b50, at);
    at = writeCommon(out, at, e);
    at += e.name.copy(out, at);
    at += e.body.copy(out, at);
  }
  const centralStart = at;
  entries.forEach((e, i) => {
    at = out.writeUInt32LE(0x02014b50, at);
    at = out.writeUInt16LE(MADE_BY, at);
    at = writeCommon(out, at, e);
    at = out.writeUInt16LE(0, at); // comment length
    at = out.writeUInt16LE(0, at); // disk number
    at = out.writeUInt16LE(0, at); // internal attributes
    at = out.writeUInt32LE((FILE_MODE << 16) >>> 0, at);
    at = out.writeUInt32LE(offsets[i] as number, at);
    at += e.name.copy(out, at);
  });
  const centralSize = at - centralStart;
  at = out.writeUInt32LE(0x06054b50, at);
  at = out.writeUInt16LE(0, at); // this disk
  at = out.writeUInt16LE(0, at); // disk with the central directory
  at = out.writeUInt16LE(entries.length, at);
  at = out.writeUInt16LE(entries.length, at);
  at = out.writeUInt32LE(centralSize, at);
  at = out.writeUInt32LE(centralStart, at);
  at = out.writeUInt16LE(0, at); // comment length
  if (at !== out.length) throw new Error(`ZIP size mismatch: wrote ${at} of ${out.length} bytes`);
  return out;
}

/** The fields local and central headers share, from "version needed" to "extra field length". */
function writeCommon(out: Buffer, at: number, e: ZipEntry): number {
  const ascii = e.name.length === e.path.length;
  at = out.writeUInt16LE(e.method === 8 ? 20 : 10, at); // version needed: 2.0 for deflate
  at = out.writeUInt16LE(ascii ? 0 : UTF8_FLAG, at);
  at = out.writeUInt16LE(e.method, at);
  at = out.writeUInt16LE(DOS_TIME, at);
  at = out.writeUInt16LE(DOS_DATE, at);
  at = out.writeUInt32LE(e.crc, at);
  at = out.writeUInt32LE(e.body.length, at);
  at = out.writeUInt32LE(e.size, at);
  at = out.writeUInt16LE(e.name.length, at);
  return out.writeUInt16LE(0, at); // extra field length
}

/** zlib.crc32 exists from Node 20.15 and 22.2; engines allow 22.0, so keep a table-driven fallback. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export function crc32(data: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(data) : crc32Js(data);
}

let table: Uint32Array | undefined;

export function crc32Js(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
