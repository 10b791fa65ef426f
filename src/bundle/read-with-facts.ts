import type * as NodeFs from "node:fs";

/** What one open of a readable regular file gave: its size and, unless it is over the limit, its bytes. */
export interface FileRead {
  size: number;
  data?: Uint8Array;
}

/** The calls `readWithFacts` makes, passed in: the read-ahead worker runs the function's own source text. */
export type ReadFs = Pick<typeof NodeFs, "openSync" | "fstatSync" | "readSync" | "closeSync" | "constants">;

/**
 * A regular file's size and bytes from one open (into `scratch` when given and large enough: the bytes are then a
 * view of it, good until the next read into it): O_NOFOLLOW fails on a symlink and O_NONBLOCK never waits on
 * a FIFO, so nothing is followed or blocks before fstat says what the path is. Anything but a readable regular
 * file (or any error) gives null: the caller then decides with lstat, exactly as if nothing had been read.
 *
 * Self-contained on purpose (every name it uses is a parameter, a local or a global): read-ahead.ts starts a
 * worker from this function's text, so the main thread and the worker read a file the same way.
 */
export function readWithFacts(fs: ReadFs, abs: string, limit: number, scratch?: Uint8Array): FileRead | null {
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || (st.mode & 0o444) === 0) return null;
    if (st.size > limit) return { size: st.size };
    // Bytes only hashed (the worker's attachments) go into `scratch`: one buffer for all, not one each.
    const data = scratch !== undefined && st.size <= scratch.length ? scratch.subarray(0, st.size) : Buffer.allocUnsafeSlow(st.size);
    let filled = 0;
    while (filled < st.size) {
      const n = fs.readSync(fd, data, filled, st.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    // A file that shrank while read: its size says what was there when looked at, the bytes what was read.
    return { size: st.size, data: filled === st.size ? data : data.subarray(0, filled) };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
