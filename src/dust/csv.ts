/**
 * A streaming RFC 4180 reader for the analytics export: quoted fields, `""` escapes, separators and line
 * breaks inside quotes, `\n` or `\r\n` line ends, a final line with or without its line end. It holds
 * one partial record at a time, so memory does not grow with the number of rows.
 */

export class CsvError extends Error {}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const State = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** A `"` inside a quoted field: either the first half of `""` or the closing quote. */
  QuoteInQuoted: 3,
  /** A record ended on `\r`: a `\n` right after belongs to it. */
  AfterCr: 4,
} as const;
type State = (typeof State)[keyof typeof State];

export class CsvParser {
  private state: State = State.FieldStart;
  private field = "";
  private fields: string[] = [];
  /** Whether the current record has a quoted field: `""` alone on a line is a record, an empty line is not. */
  private quoted = false;

  /** Feeds decoded text; appends every record completed by it to `out`. */
  push(text: string, out: string[][]): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case State.AfterCr:
          if (text.charCodeAt(i) === LF) i++;
          this.state = State.FieldStart;
          break;
        case State.FieldStart:
          if (text.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.quoted = true;
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          this.append(text, i, j);
          if (j === n) return;
          this.fields.push(this.field);
          this.field = "";
          if (c === COMMA) {
            this.state = State.FieldStart;
          } else {
            this.endRecord(out);
            this.state = c === CR ? State.AfterCr : State.FieldStart;
          }
          i = j + 1;
          break;
        }
        case State.Quoted: {
          const q = text.indexOf('"', i);
          if (q < 0) {
            this.append(text, i, n);
            return;
          }
          this.append(text, i, q);
          this.state = State.QuoteInQuoted;
          i = q + 1;
          break;
        }
        case State.QuoteInQuoted:
          if (text.charCodeAt(i) === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
          } else {
            // The field is closed; anything before the next separator is kept as text (lenient, like most readers).
            this.state = State.Unquoted;
          }
          break;
      }
    }
  }

  /** Call once the input is over: flushes a last record that had no line end. */
  end(out: string[][]): void {
    if (this.state === State.Quoted) throw new CsvError("the last quoted field is never closed (truncated export?)");
    if (this.state === State.Unquoted || this.state === State.QuoteInQuoted || this.fields.length > 0) {
      this.fields.push(this.field);
      this.field = "";
      this.endRecord(out);
    }
    this.state = State.FieldStart;
  }

  private append(text: string, from: number, to: number): void {
    if (to > from) this.field = this.field === "" ? text.slice(from, to) : this.field + text.slice(from, to);
  }

  private endRecord(out: string[][]): void {
    const blank = this.fields.length === 1 && this.fields[0] === "" && !this.quoted;
    if (!blank) out.push(this.fields);
    this.fields = [];
    this.quoted = false;
  }
}

/**
 * Rows of a CSV byte stream as objects keyed by the header row, read chunk by chunk as the consumer asks
 * (so a slow consumer slows the download instead of buffering it). UTF-8 split across chunks and a BOM
 * are handled by the decoder.
 */
export async function* csvRows(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<Record<string, string>> {
  const decoder = new TextDecoder("utf-8");
  const parser = new CsvParser();
  const batch: string[][] = [];
  let header: string[] | undefined;
  let line = 0;
  const drain = function* (): Generator<Record<string, string>> {
    for (const record of batch) {
      line++;
      if (header === undefined) {
        header = record;
        continue;
      }
      if (record.length !== header.length) {
        throw new CsvError(`record ${line} has ${record.length} cells but the header has ${header.length}`);
      }
      const row: Record<string, string> = {};
      for (let k = 0; k < header.length; k++) row[header[k] as string] = record[k] as string;
      yield row;
    }
    batch.length = 0;
  };
  for await (const chunk of chunks) {
    parser.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }), batch);
    yield* drain();
  }
  parser.push(decoder.decode(), batch);
  parser.end(batch);
  yield* drain();
}
