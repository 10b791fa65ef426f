import { randomBytes } from "node:crypto";
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

/** A multipart/form-data body as the parts to send in order, and the headers that announce it. */
export interface MultipartBody {
  /** The ZIPs are parts of their own, never copied into one buffer: a request holds its bytes once. */
  parts: Buffer[];
  headers: Record<string, string>;
}

const CRLF = Buffer.from("\r\n");

/**
 * The import body (RFC 7578), with its length known up front: a resend (when allowed) sends the same parts
 * again, and no chunked upload reaches a server or proxy that wants a Content-Length. Text fields are UTF-8
 * and unescaped, as browsers and form-data send them; a file name is escaped the WHATWG way.
 */
export function importBody(req: ImportRequest): MultipartBody {
  // 24 random hex digits: the odds that a ZIP's compressed bytes hold `--` and the boundary are nil.
  const boundary = `----dust-skills-${randomBytes(12).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const f of req.files) {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${escapeName(f.fileName)}"\r\nContent-Type: application/zip\r\n\r\n`;
    parts.push(Buffer.from(head, "utf8"), f.data, CRLF);
  }
  // Every text field in one buffer: a request names up to 998 skills.
  let fields = "";
  const field = (name: string, value: string): void => {
    fields += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  };
  for (const name of req.names ?? []) field("names", name);
  if (req.onConflict !== undefined) field("onConflict", req.onConflict);
  if (req.availability !== undefined) field("availability", req.availability);
  for (const email of req.editors ?? []) field("editors", email);
  parts.push(Buffer.from(`${fields}--${boundary}--\r\n`, "utf8"));
  const length = parts.reduce((n, p) => n + p.length, 0);
  return { parts, headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(length) } };
}

/** A file name inside a quoted header parameter, escaped as the HTML spec's form encoder does. */
function escapeName(name: string): string {
  return name.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
}
