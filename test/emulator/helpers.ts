import JSZip from "jszip";
import { request } from "undici";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator, EmulatorOptions, EmulatorSeed, SkillSeed } from "../../src/emulator/index.js";

export const ADMIN = "sk-t-admin";
export const BUILDER = "sk-t-builder";
export const NOPUB = "sk-t-nopub";
export const USER = "sk-t-user";
export const OTHER = "sk-t-other";
export const WS = "w_t";
export const T0 = Date.parse("2025-06-15T12:00:00Z");

export function seed(skills: SkillSeed[] = [], extra: Partial<EmulatorSeed["workspaces"][number]> = {}): EmulatorSeed {
  return {
    workspaces: [
      {
        id: WS,
        keys: [
          { key: ADMIN, role: "admin" },
          { key: BUILDER, role: "builder" },
          { key: NOPUB, role: "builder", canPublish: false },
          { key: USER, role: "user" },
        ],
        skills,
        ...extra,
      },
      { id: "w_other", region: "eu", keys: [{ key: OTHER, role: "admin" }] },
    ],
  };
}

export type TestEmulator = Emulator & { clock: { now: number } };

/** An emulator on 127.0.0.1:0 with a fixed clock (advance it through `clock.now`). */
export async function start(s: EmulatorSeed = seed(), opts: Omit<EmulatorOptions, "seed"> = {}): Promise<TestEmulator> {
  const clock = { now: T0 };
  const emu = await startEmulator({ seed: s, now: () => clock.now, ...opts });
  return Object.assign(emu, { clock });
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

export async function call(
  emu: Emulator,
  method: "GET" | "POST" | "DELETE" | "PUT" | "PATCH",
  path: string,
  opts: { key?: string | null; authorization?: string; body?: Buffer | string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.authorization !== undefined) headers["authorization"] = opts.authorization;
  else if (opts.key !== null) headers["authorization"] = `Bearer ${opts.key ?? ADMIN}`;
  const res = await request(`${emu.url}${path}`, { method, headers, body: opts.body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

export function errorOf(reply: Reply): { type: string; message: string } {
  return (reply.json() as { error: { type: string; message: string } }).error;
}

export type Part = { name: string; value: string } | { name: string; filename: string; data: Buffer; contentType?: string };

/** A multipart/form-data body built byte by byte, so the emulator's parser is tested on real bytes. */
export function multipart(parts: Part[], boundary = "----emuTestBoundary7MA4YWxkTrZu0gW"): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ("filename" in p) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename.replace(/"/g, '\\"')}"\r\n` +
            `Content-Type: ${p.contentType ?? "application/zip"}\r\n\r\n`,
        ),
        p.data,
        Buffer.from("\r\n"),
      );
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function zipOf(files: Record<string, string | Buffer>, opts: { store?: boolean } = {}): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith("/")) zip.folder(name.slice(0, -1));
    else zip.file(name, content, { createFolders: false });
  }
  return zip.generateAsync({ type: "nodebuffer", compression: opts.store ? "STORE" : "DEFLATE" });
}

export function skillMd(name: string, description = `About ${name}`, body = `Instructions for ${name}.\n`): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\n\n${body}`;
}

export interface ImportReply extends Reply {
  body: () => {
    imported: Record<string, unknown>[];
    updated: Record<string, unknown>[];
    skipped: { name: string; message: string }[];
  };
}

/** POST /skills with the given ZIPs (as `files`) and fields. */
export async function importZips(
  emu: Emulator,
  zips: Buffer[],
  fields: Record<string, string | string[]> = {},
  key = BUILDER,
): Promise<ImportReply> {
  const parts: Part[] = zips.map((data, i) => ({ name: "files", filename: `upload-${i}.zip`, data }));
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push({ name, value: v });
  }
  const { body, contentType } = multipart(parts);
  const reply = await call(emu, "POST", `/api/v1/w/${WS}/skills`, { key, body, headers: { "content-type": contentType } });
  return Object.assign(reply, { body: () => reply.json() as ReturnType<ImportReply["body"]> });
}

export async function listNames(emu: Emulator, query = "bypassEditorVisibility=true", key = ADMIN): Promise<string[]> {
  const reply = await call(emu, "GET", `/api/v1/w/${WS}/skills?${query}`, { key });
  return (reply.json() as { skills: { name: string }[] }).skills.map((s) => s.name).sort();
}

export interface RawZipEntry {
  name: string;
  /** The bytes stored in the archive (already deflated when method is 8). */
  stored: Buffer;
  method: 0 | 8;
  /** Uncompressed size written in both headers: any number, to build a ZIP that lies about itself. */
  declaredSize: number;
  crc?: number;
}

/** A ZIP written header by header, for archives no honest writer produces (sizes that lie, bombs). */
export function rawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc ?? 0, 14);
    local.writeUInt32LE(e.stored.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc ?? 0, 16);
    central.writeUInt32LE(e.stored.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.stored);
    centrals.push(central, name);
    offset += local.length + name.length + e.stored.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
