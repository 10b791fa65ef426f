import type { IncomingMessage } from "node:http";
import { ApiError, drain } from "../http.js";
import { boundaryOf, MultipartError, MultipartParser } from "../multipart.js";
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

const MAX_FIELDS = 1000;
const MAX_FIELDS_SIZE = 20 * 1024 * 1024;

function uploadFailed(message: string): ApiError {
  return new ApiError(400, "invalid_request_error", `File upload failed: ${message}`);
}

/**
 * Reads the request the way the route's formidable({ multiples: true, maxFileSize: 5 MiB }) does: the
 * 5 MiB cap is on the sum of all file parts (formidable's maxTotalFileSize defaults to maxFileSize) and an
 * empty file part is an error. The body is always read to its end before answering, so a client that is
 * still sending does not see its connection reset.
 */
export async function readUploadForm(req: IncomingMessage): Promise<UploadForm> {
  const form: UploadForm = { fields: new Map(), files: [] };
  const contentType = req.headers["content-type"];
  if (req.headers["content-length"] === "0") return form;
  if (!contentType) {
    await drain(req);
    throw uploadFailed("bad content-type header, no content-type");
  }
  if (!/^multipart\//i.test(contentType)) {
    await drain(req);
    if (/^(application\/json|application\/x-www-form-urlencoded)/i.test(contentType)) return form;
    throw uploadFailed(`bad content-type header, unknown content-type: ${contentType}`);
  }
  const boundary = boundaryOf(contentType);
  if (!boundary) {
    await drain(req);
    throw uploadFailed("bad content-type header, no multipart boundary");
  }

  let failure: string | undefined;
  let totalFileBytes = 0;
  let fieldBytes = 0;
  let fieldCount = 0;
  let current: { field: string; filename: string | undefined; chunks: Buffer[]; size: number } | undefined;

  const parser = new MultipartParser(boundary, {
    onPartBegin(headers) {
      current = { field: headers.name, filename: headers.filename, chunks: [], size: 0 };
      if (headers.filename === undefined && ++fieldCount > MAX_FIELDS) failure ??= `options.maxFields (${MAX_FIELDS}) exceeded`;
    },
    onPartData(chunk) {
      if (!current) return;
      current.size += chunk.length;
      if (current.filename !== undefined) {
        totalFileBytes += chunk.length;
        if (totalFileBytes > MAX_ZIP_SIZE_BYTES) {
          failure ??= `options.maxTotalFileSize (${MAX_ZIP_SIZE_BYTES} bytes) exceeded, received ${totalFileBytes} bytes of file data`;
        }
      } else {
        fieldBytes += chunk.length;
        if (fieldBytes > MAX_FIELDS_SIZE) {
          failure ??= `options.maxFieldsSize (${MAX_FIELDS_SIZE} bytes) exceeded, received ${fieldBytes} bytes of field data`;
        }
      }
      // Once the request is doomed, stop keeping its bytes: memory stays bounded whatever is sent.
      if (failure === undefined) current.chunks.push(Buffer.from(chunk));
    },
    onPartEnd() {
      const part = current;
      current = undefined;
      if (!part || failure !== undefined) return;
      const data = Buffer.concat(part.chunks);
      if (part.filename !== undefined) {
        if (part.size === 0) failure = "options.allowEmptyFiles is false, file size should be greater than 0";
        else form.files.push({ field: part.field, filename: part.filename, data });
      } else {
        const list = form.fields.get(part.field) ?? [];
        list.push(data.toString("utf8"));
        form.fields.set(part.field, list);
      }
    },
  });

  // A malformed body is reported only after it was read to the end: throwing inside `for await` would
  // destroy the socket under the response.
  let malformed: string | undefined;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (malformed !== undefined) continue;
    try {
      parser.write(chunk);
    } catch (err) {
      if (!(err instanceof MultipartError)) throw err;
      malformed = err.message;
    }
  }
  if (malformed === undefined) {
    try {
      parser.end();
    } catch (err) {
      if (!(err instanceof MultipartError)) throw err;
      malformed = err.message;
    }
  }
  if (malformed !== undefined) throw uploadFailed(malformed);
  if (failure !== undefined) throw uploadFailed(failure);
  return form;
}
