import type { IncomingMessage } from "node:http";
import { Writable } from "node:stream";
import formidable from "formidable";
import { ApiError } from "../http.js";
import { MAX_ZIP_SIZE_BYTES } from "./detect-skills.js";

export interface UploadedFile {
  field: string;
  filename: string;
  data: Buffer;
}

export interface UploadForm {
  fields: Map<string, string[]>;
  files: UploadedFile[];
}

/**
 * Reads the request with the route's own `formidable({ multiples: true, maxFileSize: 5 MiB })`, so the
 * limits (5 MiB summed over every file part, no empty file, 1,000 fields of 20 MB) and their messages are
 * formidable's. Files are kept in memory instead of a temporary folder; once formidable has failed it
 * drops every later byte, so memory stays bounded whatever the client sends.
 */
export async function readUploadForm(req: IncomingMessage): Promise<UploadForm> {
  const received = new Map<object, Buffer[]>();
  const form = formidable({
    multiples: true,
    maxFileSize: MAX_ZIP_SIZE_BYTES,
    fileWriteStreamHandler: (file) => {
      const chunks: Buffer[] = [];
      if (file) received.set(file, chunks);
      return new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      });
    },
  });
  let fields: formidable.Fields;
  let files: formidable.Files;
  try {
    [fields, files] = await form.parse(req);
  } catch (err) {
    throw new ApiError(400, "invalid_request_error", `File upload failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const out: UploadForm = { fields: new Map(), files: [] };
  for (const [name, values] of Object.entries(fields)) {
    if (values) out.fields.set(name, values.map(String));
  }
  for (const [field, list] of Object.entries(files)) {
    for (const file of list ?? []) {
      out.files.push({ field, filename: file.originalFilename ?? "", data: Buffer.concat(received.get(file) ?? []) });
    }
  }
  return out;
}
