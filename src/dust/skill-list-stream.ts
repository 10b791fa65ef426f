import type { LiveSkill } from "../model/skill.js";
import { parseJson } from "./shape.js";
import { readSkill, readSkillList } from "./validate.js";

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** What a listing body starts with, up to its first skill: `{"skills":[` (white space aside). */
const PREAMBLE = [OPEN_BRACE, ...Buffer.from('"skills"'), 0x3a, OPEN_BRACKET];

type Stage =
  | { at: "preamble"; matched: number }
  /** Between two skills: after `[` (first) or after one skill (needs `,` or `]`). */
  | { at: "between"; first: boolean; comma: boolean }
  /** `backslashes`: how many end what was read of the current string so far (they may escape a quote in the next chunk). */
  | { at: "skill"; depth: number; inString: boolean; backslashes: number }
  | { at: "end"; closed: boolean };

/**
 * Reads a skills listing, `{"skills":[{…},…]}`, skill by skill as its chunks arrive: at 20,000 skills the
 * body is ~120 MB and takes a second or more to arrive, and a plan's main thread is often idle meanwhile;
 * parsed in one piece it was ~0.5 s of work after the last byte.
 *
 * It reads only that exact shape. Anything else (another key, a syntax error, a skill of the wrong shape, a
 * byte order mark) and `finish` reads the whole body the usual way (`readSkillList(parseJson(text))`), so
 * every answer and every error is exactly that of the one-piece read.
 */
export class SkillListReader {
  readonly #chunks: Buffer[] = [];
  readonly #decoder = new TextDecoder("utf-8");
  #stage: Stage = { at: "preamble", matched: 0 };
  /** The earlier chunks' bytes of the skill being read, from its `{` (a skill can span chunks). */
  #pending: Buffer[] = [];
  #skills: LiveSkill[] | null = [];
  #fellBack = false;

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    if (this.#skills === null) return;
    try {
      this.#read(chunk);
    } catch {
      // A malformed skill or anything unexpected: the one-piece read at the end says what.
      this.#skills = null;
    }
  }

  /** The skills, sorted as sent; a body read any other way than skill by skill gets the one-piece read (which may throw ShapeError). */
  finish(): LiveSkill[] {
    const whole = this.#stage.at === "end" && this.#stage.closed;
    if (this.#skills !== null && whole) return this.#skills;
    this.#fellBack = true;
    return readSkillList(parseJson(this.#decoder.decode(Buffer.concat(this.#chunks))));
  }

  /** `finish` had to read the body in one piece. */
  get fellBack(): boolean {
    return this.#fellBack;
  }

  #read(chunk: Buffer): void {
    const buf = chunk;
    let i = 0;
    let start = 0; // where the current skill starts in buf (0 when it began in an earlier chunk)
    while (i < buf.length) {
      const stage = this.#stage;
      const b = buf[i] as number;
      switch (stage.at) {
        case "preamble":
          if (isSpace(b)) {
            // Between the tokens, not inside "skills".
            if (stage.matched >= 2 && stage.matched <= 8) throw new Error("unexpected");
            break;
          }
          if (b !== PREAMBLE[stage.matched]) throw new Error("unexpected");
          stage.matched++;
          if (stage.matched === PREAMBLE.length) this.#stage = { at: "between", first: true, comma: false };
          break;
        case "between":
          if (isSpace(b)) break;
          if (b === OPEN_BRACE && (stage.first || stage.comma)) {
            this.#stage = { at: "skill", depth: 1, inString: false, backslashes: 0 };
            start = i;
          } else if (b === COMMA && !stage.first && !stage.comma) {
            stage.comma = true;
          } else if (b === CLOSE_BRACKET && !stage.comma) {
            this.#stage = { at: "end", closed: false };
          } else {
            throw new Error("unexpected");
          }
          break;
        case "skill": {
          // The hot loop (every byte of ~120 MB at 20,000 skills): locals only, strings skipped by indexOf, and
          // each chunk scanned once (a skill that spans chunks is joined only once its end is found).
          let { depth, inString, backslashes } = stage;
          while (i < buf.length) {
            if (inString) {
              // The next quote ends the string unless an odd run of backslashes escapes it; a run that starts the
              // chunk continues the one that ended the chunk before.
              const q = buf.indexOf(QUOTE, i);
              let run = 0;
              const upTo = q === -1 ? buf.length : q;
              while (upTo - 1 - run >= i && buf[upTo - 1 - run] === BACKSLASH) run++;
              if (upTo - run === i) run += backslashes;
              if (q === -1) {
                backslashes = run;
                i = buf.length;
                break;
              }
              backslashes = 0;
              if (run % 2 === 0) inString = false;
              i = q + 1;
              continue;
            }
            const c = buf[i] as number;
            if (c === QUOTE) inString = true;
            else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
            else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
              depth--;
              if (depth === 0) {
                if (c !== CLOSE_BRACE) throw new Error("unexpected");
                const skills = this.#skills as LiveSkill[];
                const own = buf.subarray(start, i + 1);
                const bytes = this.#pending.length === 0 ? own : Buffer.concat([...this.#pending, own]);
                this.#pending = [];
                skills.push(readSkill(JSON.parse(this.#decoder.decode(bytes)), `skills[${skills.length}]`));
                this.#stage = { at: "between", first: false, comma: false };
                break;
              }
            }
            i++;
          }
          if (this.#stage === stage) {
            stage.depth = depth;
            stage.inString = inString;
            stage.backslashes = backslashes;
            continue; // the buffer is used up
          }
          break;
        }
        case "end":
          if (isSpace(b)) break;
          if (b !== CLOSE_BRACE || stage.closed) throw new Error("unexpected");
          stage.closed = true;
          break;
      }
      i++;
    }
    if (this.#stage.at === "skill") this.#pending.push(buf.subarray(start));
  }
}
