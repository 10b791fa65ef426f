/**
 * Line diff (Myers' O(ND) algorithm) rendered as a unified diff with `@@` hunks, like `diff -u`.
 * Pure: strings in, string out.
 */

export interface DiffOptions {
  /** Lines of context around each change; 3 like `diff -u`. */
  context?: number;
  /** Header labels; both omitted means no `---`/`+++` header. */
  fromLabel?: string;
  toLabel?: string;
  /**
   * Give up beyond this many differing lines (edit distance): Myers keeps O(D²) memory, so a rewrite of a huge
   * text would cost far more than it tells a reader.
   */
  maxEdits?: number;
}

export interface DiffResult {
  /** The unified diff; "" when the texts are equal or too large to diff. */
  text: string;
  /** Lines added and removed; both 0 when equal. */
  added: number;
  removed: number;
  /** The texts differ but were not diffed (see `maxEdits`). */
  tooLarge: boolean;
}

const NO_EOL = "\\ No newline at end of file";
const DEFAULT_MAX_EDITS = 2000;

interface Lines {
  lines: string[];
  /** The last line has no newline after it (shown as `\ No newline at end of file`). */
  noEol: boolean;
}

function splitLines(text: string): Lines {
  if (text === "") return { lines: [], noEol: false };
  const lines = text.split("\n");
  const noEol = lines[lines.length - 1] !== "";
  if (!noEol) lines.pop();
  return { lines, noEol };
}

type Op = { type: " " | "-" | "+"; text: string; noEol: boolean };

export function unifiedDiff(before: string, after: string, options: DiffOptions = {}): DiffResult {
  if (before === after) return { text: "", added: 0, removed: 0, tooLarge: false };
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b, options.maxEdits ?? DEFAULT_MAX_EDITS);
  if (ops === null) return { text: "", added: 0, removed: 0, tooLarge: true };
  const added = ops.filter((o) => o.type === "+").length;
  const removed = ops.filter((o) => o.type === "-").length;
  const header =
    options.fromLabel !== undefined || options.toLabel !== undefined
      ? `--- ${options.fromLabel ?? "a"}\n+++ ${options.toLabel ?? "b"}\n`
      : "";
  return { text: header + renderHunks(ops, options.context ?? 3), added, removed, tooLarge: false };
}

/** The edit script from a to b, or null when it needs more than maxEdits insertions/deletions. */
function diffLines(a: Lines, b: Lines, maxEdits: number): Op[] | null {
  // Lines become integers (a last line without newline differs from the same text with one), so the hot loop
  // compares numbers.
  const ids = new Map<string, number>();
  const intern = (l: Lines): number[] =>
    l.lines.map((line, i) => {
      const key = l.noEol && i === l.lines.length - 1 ? `${line}\n` : line;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    });
  const ia = intern(a);
  const ib = intern(b);
  const opA = (type: "-" | " ", i: number): Op => ({ type, text: a.lines[i] ?? "", noEol: a.noEol && i === ia.length - 1 });
  const opB = (j: number): Op => ({ type: "+", text: b.lines[j] ?? "", noEol: b.noEol && j === ib.length - 1 });

  // A common prefix and suffix are the usual case (one paragraph edited): strip them so Myers sees only the middle.
  let start = 0;
  while (start < ia.length && start < ib.length && ia[start] === ib[start]) start++;
  let endA = ia.length;
  let endB = ib.length;
  while (endA > start && endB > start && ia[endA - 1] === ib[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = myers(ia.slice(start, endA), ib.slice(start, endB), maxEdits);
  if (middle === null) return null;

  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push(opA(" ", i));
  for (const [type, index] of middle) ops.push(type === "+" ? opB(start + index) : opA(type, start + index));
  for (let i = endA; i < ia.length; i++) ops.push(opA(" ", i));
  return ops;
}

/**
 * Myers' greedy shortest edit script. Returns [type, index] pairs: index into a for " " and "-", into b for "+".
 * The frontier before each step d (diagonals -d..d) is copied into one flat, doubling Int32Array, O(D²) numbers,
 * to walk the path back: indexed writes there cost a few ns, where array pushes or a typed array per step cost
 * more than the step itself.
 */
function myers(a: number[], b: number[], maxEdits: number): [" " | "-" | "+", number][] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  let trace = new Int32Array(1024);
  let traceLength = 0;
  const traceAt: number[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    traceAt.push(traceLength);
    if (traceLength + 2 * d + 1 > trace.length) {
      const grown = new Int32Array(Math.max(traceLength + 2 * d + 1, trace.length * 2));
      grown.set(trace);
      trace = grown;
    }
    for (let k = -d; k <= d; k++) trace[traceLength++] = v[offset + k] as number;
    for (let k = -d; k <= d; k += 2) {
      const down = v[offset + k + 1] as number;
      const right = v[offset + k - 1] as number;
      let x = k === -d || (k !== d && right < down) ? down : right + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;

  const reversed: [" " | "-" | "+", number][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const base = (traceAt[d] as number) + d;
    const k = x - y;
    const prevK =
      k === -d || (k !== d && (trace[base + k - 1] as number) < (trace[base + k + 1] as number)) ? k + 1 : k - 1;
    const prevX = trace[base + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      reversed.push([" ", x]);
    }
    if (x === prevX) reversed.push(["+", --y]);
    else reversed.push(["-", --x]);
  }
  while (x > 0) reversed.push([" ", --x]);
  return reversed.reverse();
}

function rangeHeader(startIndex: number, count: number): string {
  // diff -u convention: an empty range names the line before it; a one-line range omits the count.
  if (count === 0) return `${startIndex},0`;
  return count === 1 ? `${startIndex + 1}` : `${startIndex + 1},${count}`;
}

function renderHunks(ops: Op[], context: number): string {
  const changed: number[] = [];
  ops.forEach((o, i) => {
    if (o.type !== " ") changed.push(i);
  });
  // Position of each op in a and b, to write the @@ headers.
  const posA: number[] = [];
  const posB: number[] = [];
  let ia = 0;
  let ib = 0;
  for (const o of ops) {
    posA.push(ia);
    posB.push(ib);
    if (o.type !== "+") ia++;
    if (o.type !== "-") ib++;
  }

  let out = "";
  let c = 0;
  while (c < changed.length) {
    const first = changed[c] as number;
    let last = first;
    // Changes closer than 2×context share one hunk, as diff -u does.
    while (c + 1 < changed.length && (changed[c + 1] as number) - last <= 2 * context + 1) last = changed[++c] as number;
    c++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length - 1, last + context);
    const slice = ops.slice(from, to + 1);
    const countA = slice.filter((o) => o.type !== "+").length;
    const countB = slice.filter((o) => o.type !== "-").length;
    out += `@@ -${rangeHeader(posA[from] as number, countA)} +${rangeHeader(posB[from] as number, countB)} @@\n`;
    for (const o of slice) {
      out += `${o.type}${o.text}\n`;
      if (o.noEol) out += `${NO_EOL}\n`;
    }
  }
  return out;
}
