import type { IncomingMessage, ServerResponse } from "node:http";

/** A response the handlers decided on; thrown so that every early exit gets the same error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly headers: Record<string, string>;

  constructor(status: number, type: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.headers = headers;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Every Dust error body has this one shape. */
export function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, { error: { type: err.type, message: err.message } }, err.headers);
}

/** Reads a whole (small) request body; for control routes and JSON only. */
export async function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError(413, "invalid_request_error", `Request body larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Consumes and discards what is left of a request body, so the client can finish sending before we answer. */
export async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  for await (const _chunk of req as AsyncIterable<Buffer>) {
    // discard
  }
}
