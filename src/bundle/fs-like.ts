import * as nodeFsModule from "node:fs";

/**
 * The few filesystem calls bundle loading makes, so tests can run it on memfs. Synchronous on purpose:
 * a few thousand lstat calls cost several times less CPU than their promise versions, and nothing else
 * runs while bundles load. Paths are absolute, in the host's syntax.
 */
export interface StatsLike {
  size: number | bigint;
  mode: number | bigint;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}

export interface DirentLike {
  name: string | Uint8Array;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export interface FsLike {
  readFileSync(path: string): Uint8Array | string;
  readdirSync(path: string, options: { withFileTypes: true }): DirentLike[];
  lstatSync(path: string): StatsLike;
  statSync(path: string): StatsLike;
  realpathSync(path: string): string;
}

export const nodeFs: FsLike = nodeFsModule;

export function readBytes(fs: FsLike, path: string): Uint8Array {
  const data = fs.readFileSync(path);
  return typeof data === "string" ? Buffer.from(data, "utf-8") : data;
}

export const direntName = (d: DirentLike): string => (typeof d.name === "string" ? d.name : Buffer.from(d.name).toString("utf-8"));

/** The error code of a failed fs call (ENOENT, EACCES...), or the message when there is none. */
export function fsErrorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : err instanceof Error ? err.message : String(err);
}

/** The real path, or `p` itself when it cannot be resolved (the caller reports missing paths). */
export function realpathOr(fs: FsLike, p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
