/**
 * Tiny hand-written readers for untrusted JSON: each one checks a type and, when it is wrong, names the
 * field path (`skills[3].name: expected string, got number`). Unknown fields are never looked at.
 */

export class ShapeError extends Error {}

export type Json = Record<string, unknown>;

export function jsonTypeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function wrong(path: string, expected: string, v: unknown): ShapeError {
  return new ShapeError(`${path}: expected ${expected}, got ${v === undefined ? "nothing" : jsonTypeName(v)}`);
}

export function object(v: unknown, path: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw wrong(path, "object", v);
  return v as Json;
}

export function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw wrong(path, "array", v);
  return v;
}

export function string(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string") throw wrong(`${path}.${key}`, "string", v);
  return v;
}

interface Primitives {
  string: string;
  number: number;
  boolean: boolean;
}

/** A field that may be missing or null (undefined then), else must have the given type. */
function optional<K extends keyof Primitives>(o: Json, key: string, path: string, type: K): Primitives[K] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== type || (type === "number" && !Number.isFinite(v))) throw wrong(`${path}.${key}`, type, v);
  return v as Primitives[K];
}

export const optString = (o: Json, key: string, path: string): string | undefined => optional(o, key, path, "string");
export const optNumber = (o: Json, key: string, path: string): number | undefined => optional(o, key, path, "number");
export const optBoolean = (o: Json, key: string, path: string): boolean | undefined => optional(o, key, path, "boolean");

/** An array field that may be missing or null (an empty list then), each item read by `item`. */
export function optList<T>(o: Json, key: string, path: string, item: (v: unknown, path: string) => T): T[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  return array(v, `${path}.${key}`).map((x, i) => item(x, `${path}.${key}[${i}]`));
}

/** Parses a JSON body; a syntax error becomes a ShapeError. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // V8's message quotes the body, which could echo anything: keep it out.
    throw new ShapeError("the body is not valid JSON");
  }
}
