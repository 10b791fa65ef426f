/**
 * Dust's own GitHub Action (dust-tt/dust-github-action, src/methods/upsert-skills.js), reproduced step for
 * step so the benchmark compares against what users run today: zip the whole checkout minus `.git` and
 * `node_modules` (file entries only, deflated, as adm-zip does), refuse locally above 5 MB, then POST it as the
 * single `files` part with no other field (so the server's default onConflict=error, no availability).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { importBody } from "../../src/dust/multipart.js";
import JSZip from "jszip";
import { request } from "undici";

const MAX_ZIP_SIZE_MB = 5;

export interface ActionPush {
  zipBytes: number;
  entries: number;
  /** The Action's own refusal before sending (its MAX_ZIP_SIZE_MB check), or null when it sent. */
  refusedLocally: string | null;
  /** null when nothing was sent. */
  status: number | null;
  requests: number;
  bytesUploaded: number;
  imported: number;
  updated: number;
  /** `errored` is what the Action reads; current servers answer `skipped`. */
  errored: number;
  message: string | null;
  wallMs: number;
}

async function addDirectory(zip: JSZip, root: string, rel: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) count += await addDirectory(zip, root, path);
    else {
      zip.file(path, await readFile(join(root, path)), { binary: true, createFolders: false });
      count++;
    }
  }
  return count;
}

export async function zipRepository(root: string): Promise<{ data: Buffer; entries: number }> {
  const zip = new JSZip();
  const entries = await addDirectory(zip, root, "");
  const data = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", platform: "UNIX" });
  return { data, entries };
}

/** POST /skills with one ZIP, the Action's way; returns the status and the parsed JSON body. */
export async function postZip(baseUrl: string, workspaceId: string, apiKey: string, zip: Buffer): Promise<{ status: number; body: unknown }> {
  const { parts, headers } = importBody({ files: [{ fileName: "skills.zip", data: zip }] });
  const res = await request(`${baseUrl}/api/v1/w/${workspaceId}/skills`, {
    method: "POST",
    headers: { ...headers, authorization: `Bearer ${apiKey}` },
    body: Buffer.concat(parts),
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a non-JSON error body is shown as text
  }
  return { status: res.statusCode, body: parsed };
}

const count = (body: unknown, key: string): number => {
  const list = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? list.length : 0;
};

/**
 * One push as the Action handles it: zip, refuse locally above 5 MB, POST. `force` sends the ZIP even when
 * the Action would refuse it, to show what the server itself answers; `zip` reuses an archive already built.
 */
export async function actionPush(
  root: string,
  baseUrl: string,
  workspaceId: string,
  apiKey: string,
  opts: { force?: boolean; zip?: { data: Buffer; entries: number } } = {},
): Promise<ActionPush & { zip: { data: Buffer; entries: number } }> {
  const t = performance.now();
  const zip = opts.zip ?? (await zipRepository(root));
  const { data, entries } = zip;
  const tooBig = data.length > MAX_ZIP_SIZE_MB * 1024 * 1024;
  const refusedLocally = tooBig ? `ZIP is ${(data.length / 1024 / 1024).toFixed(1)} MB, exceeding the ${MAX_ZIP_SIZE_MB} MB limit.` : null;
  const base = { zip, zipBytes: data.length, entries, refusedLocally, imported: 0, updated: 0, errored: 0 };
  if (tooBig && !opts.force) {
    return { ...base, status: null, requests: 0, bytesUploaded: 0, message: refusedLocally, wallMs: performance.now() - t };
  }
  const res = await postZip(baseUrl, workspaceId, apiKey, data);
  const error = (res.body as { error?: { type?: string; message?: string } } | null)?.error;
  return {
    ...base,
    status: res.status,
    requests: 1,
    bytesUploaded: data.length,
    imported: count(res.body, "imported"),
    updated: count(res.body, "updated"),
    errored: count(res.body, "errored") + count(res.body, "skipped"),
    message: error ? `${error.type ?? "error"}: ${error.message ?? ""}` : null,
    wallMs: performance.now() - t,
  };
}
