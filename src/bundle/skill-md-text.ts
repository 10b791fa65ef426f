import { isUtf8 } from "node:buffer";
import { error } from "./problem.js";
import type { Problem } from "./problem.js";

/** 1-based line and column of a UTF-16 offset in `text` (columns count code units, tabs count as one). */
export function positionAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}

/** Offset of the first byte that breaks UTF-8 (overlong forms and surrogates included), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export type Decoded = { text: string; problems: Problem[] } | { text: null; problems: Problem[] };

/**
 * SKILL.md bytes as Dust reads them: `Buffer.toString("utf-8")`, which keeps a BOM and turns invalid
 * bytes into U+FFFD. Text Dust would mangle or that is not text at all is reported here.
 */
export function decodeSkillMd(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) {
    return {
      text: null,
      problems: [
        error(1, 1, "skill-md-empty", "SKILL.md is empty (0 bytes); Dust drops a skill without front matter"),
      ],
    };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Windows editors save "Unicode" as UTF-16 with a byte-order mark: say so rather than "binary".
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    return { text: null, problems: [error(1, 1, "skill-md-encoding", "SKILL.md is UTF-16; Dust reads UTF-8 only. Save it as UTF-8")] };
  }
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    const prefix = buf.subarray(0, nul).toString("utf-8");
    const at = positionAt(prefix, prefix.length);
    const count = countByte(buf, 0);
    // A stray NUL in otherwise valid text (a bad paste, a tool's bug) is not a binary file: say where it is.
    if (isUtf8(buf) && count <= Math.max(16, buf.length / 100) && !hasBinaryControls(buf)) {
      const more = count > 1 ? ` (${count} NUL bytes in all)` : "";
      return {
        text: null,
        problems: [
          error(at.line, at.col, "skill-md-nul", `SKILL.md holds a NUL byte (\\0) at line ${at.line}, column ${at.col}${more}; Dust cannot store it in the instructions: delete it`),
        ],
      };
    }
    return {
      text: null,
      problems: [
        error(at.line, at.col, "skill-md-binary", "SKILL.md holds NUL bytes: it is a binary file, not UTF-8 Markdown"),
      ],
    };
  }
  const text = buf.toString("utf-8");
  if (isUtf8(buf)) return { text, problems: [] };
  const bad = firstInvalidUtf8(bytes);
  if (bad === -1) return { text, problems: [] };
  const prefix = buf.subarray(0, bad).toString("utf-8");
  const at = positionAt(prefix, prefix.length);
  return {
    text,
    problems: [
      error(
        at.line,
        at.col,
        "skill-md-encoding",
        `SKILL.md is not valid UTF-8 (byte ${bad}); Dust would replace the invalid bytes with U+FFFD. Save it as UTF-8`,
      ),
    ],
  };
}

function countByte(buf: Buffer, byte: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte); i !== -1; i = buf.indexOf(byte, i + 1)) n += 1;
  return n;
}

/** C0 controls that text never holds (tab, line breaks, form feed and ESC aside): a sign of a binary file. */
function hasBinaryControls(buf: Buffer): boolean {
  for (const b of buf) if ((b >= 0x01 && b <= 0x08) || (b >= 0x0e && b <= 0x1f && b !== 0x1b)) return true;
  return false;
}
