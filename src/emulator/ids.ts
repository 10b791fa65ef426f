/**
 * Deterministic hashing, ids and pseudo-random numbers. Everything the emulator invents (sIds, fileIds,
 * analytics values) comes from here, so the same seed and the same requests give the same bytes.
 */

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** 32-bit FNV-1a over the given parts, separated so ("ab","c") and ("a","bc") differ. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for fake analytics. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] drawn from `next`. */
export function intBetween(min: number, max: number, next: () => number): number {
  return min + Math.floor(next() * (max - min + 1));
}

/** Ten base-62 characters derived from a counter: looks random, is reproducible, never repeats per counter. */
export function idFromCounter(kind: string, counter: number): string {
  const next = prng(hash32(kind, counter));
  let out = "";
  for (let i = 0; i < 10; i++) out += BASE62[Math.floor(next() * 62)];
  return out;
}
