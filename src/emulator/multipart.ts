/**
 * A streaming multipart/form-data parser (RFC 7578), written for the emulator so that the bytes a client
 * sends are parsed for real. Binary safe; a delimiter split across chunks is found because the tail that
 * could start one is kept until the next chunk arrives.
 */

export interface PartHeaders {
  /** The `name` parameter of Content-Disposition. */
  name: string;
  /** The `filename` parameter; undefined for a plain field (that is how formidable tells files from fields). */
  filename: string | undefined;
  contentType: string | undefined;
}

export interface PartHandlers {
  onPartBegin(headers: PartHeaders): void;
  onPartData(chunk: Buffer): void;
  onPartEnd(): void;
}

export class MultipartError extends Error {}

type State = "preamble" | "afterDelimiter" | "headers" | "body" | "done";

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
const MAX_HEADER_BYTES = 16 * 1024;

export class MultipartParser {
  private readonly firstDelimiter: Buffer;
  private readonly delimiter: Buffer;
  private readonly handlers: PartHandlers;
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = "preamble";

  constructor(boundary: string, handlers: PartHandlers) {
    this.firstDelimiter = Buffer.from(`--${boundary}`);
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    this.handlers = handlers;
  }

  get finished(): boolean {
    return this.state === "done";
  }

  write(chunk: Buffer): void {
    if (this.state === "done") return; // the epilogue is ignored
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.run();
  }

  end(): void {
    if (this.state !== "done") {
      throw new MultipartError(`MultipartParser.end(): stream ended unexpectedly: state = ${this.state}`);
    }
  }

  private run(): void {
    for (;;) {
      const progressed = this.step();
      if (!progressed) return;
    }
  }

  /** Advances one state; false when more bytes are needed. */
  private step(): boolean {
    switch (this.state) {
      case "preamble": {
        const at = this.buffer.indexOf(this.firstDelimiter);
        if (at === -1) {
          this.keepTail(this.firstDelimiter.length - 1);
          return false;
        }
        this.buffer = this.buffer.subarray(at + this.firstDelimiter.length);
        this.state = "afterDelimiter";
        return true;
      }
      case "afterDelimiter": {
        // After a delimiter: "--" closes the body; otherwise optional transport padding, then CRLF.
        if (this.buffer.length < 2) return false;
        if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
          this.state = "done";
          this.buffer = Buffer.alloc(0);
          return false;
        }
        const eol = this.buffer.indexOf(CRLF);
        if (eol === -1) {
          if (this.buffer.length > 1024) throw new MultipartError("Malformed multipart body: no CRLF after boundary");
          return false;
        }
        if (this.buffer.subarray(0, eol).toString("latin1").trim() !== "") {
          throw new MultipartError("Malformed multipart body: unexpected bytes after boundary");
        }
        this.buffer = this.buffer.subarray(eol + 2);
        this.state = "headers";
        return true;
      }
      case "headers": {
        const end = this.buffer.indexOf(HEADER_END);
        // A part with no headers at all starts with the blank line directly.
        const emptyHeaders = this.buffer.length >= 2 && this.buffer[0] === 0x0d && this.buffer[1] === 0x0a;
        if (emptyHeaders) {
          this.handlers.onPartBegin(parseHeaders(""));
          this.buffer = this.buffer.subarray(2);
          this.state = "body";
          return true;
        }
        if (end === -1) {
          if (this.buffer.length > MAX_HEADER_BYTES) throw new MultipartError("Malformed multipart body: part headers too large");
          return false;
        }
        this.handlers.onPartBegin(parseHeaders(this.buffer.subarray(0, end).toString("utf8")));
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
        this.state = "body";
        return true;
      }
      case "body": {
        const at = this.buffer.indexOf(this.delimiter);
        if (at === -1) {
          const safe = this.buffer.length - (this.delimiter.length - 1);
          if (safe > 0) {
            this.handlers.onPartData(this.buffer.subarray(0, safe));
            this.buffer = this.buffer.subarray(safe);
          }
          return false;
        }
        if (at > 0) this.handlers.onPartData(this.buffer.subarray(0, at));
        this.handlers.onPartEnd();
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.state = "afterDelimiter";
        return true;
      }
      case "done":
        return false;
    }
  }

  private keepTail(n: number): void {
    if (this.buffer.length > n) this.buffer = this.buffer.subarray(this.buffer.length - n);
  }
}

function parseHeaders(block: string): PartHeaders {
  let disposition = "";
  let contentType: string | undefined;
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") disposition = value;
    else if (key === "content-type") contentType = value;
  }
  const params = parseParams(disposition);
  return { name: params.get("name") ?? "", filename: params.get("filename*") ?? params.get("filename"), contentType };
}

/** `form-data; name="files"; filename="a \"b\".zip"` → name, filename; RFC 5987 `filename*=` decoded. */
function parseParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const key = (m[1] ?? "").toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "").trim();
    if (key.endsWith("*")) {
      const ext = /^[^']*'[^']*'(.*)$/.exec(v);
      try {
        v = decodeURIComponent(ext?.[1] ?? v);
      } catch {
        // keep the raw value
      }
    }
    out.set(key, v);
  }
  return out;
}

/** The boundary parameter of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  return b?.trim() || undefined;
}
