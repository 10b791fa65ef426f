import FormData from "form-data";
import type { Availability, OnConflict } from "../model/skill.js";

export interface ImportRequest {
  /** Each file is a ZIP (Dust reads every upload as one). */
  files: { fileName: string; data: Buffer }[];
  /** Keep only these skill names from the archives. */
  names?: string[];
  onConflict?: OnConflict;
  availability?: Availability;
  /** E-mails of editors to add. */
  editors?: string[];
}

/**
 * The import body as one buffer with its length known up front: retrying it (when allowed) resends the same
 * bytes, and no chunked upload reaches a server or proxy that wants a Content-Length.
 */
export function importBody(req: ImportRequest): { body: Buffer; headers: Record<string, string> } {
  const form = new FormData();
  for (const f of req.files) form.append("files", f.data, { filename: f.fileName, contentType: "application/zip" });
  for (const name of req.names ?? []) form.append("names", name);
  if (req.onConflict !== undefined) form.append("onConflict", req.onConflict);
  if (req.availability !== undefined) form.append("availability", req.availability);
  for (const email of req.editors ?? []) form.append("editors", email);
  const body = form.getBuffer();
  const headers: Record<string, string> = { ...(form.getHeaders() as Record<string, string>), "content-length": String(body.length) };
  return { body, headers };
}
