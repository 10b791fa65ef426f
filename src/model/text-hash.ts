import { createHash } from "node:crypto";
import { HASH_HEX_LENGTH } from "./ownership-record.js";

/** The three text fields Dust stores for an imported skill, exactly as it stores them. */
export interface SkillText {
  /** Trimmed. */
  name: string;
  /** Trimmed; Dust writes it into both description fields. */
  description: string;
  /** The body after the closing `---`, leading whitespace removed, trailing kept. */
  instructions: string;
}

/**
 * Hash of the text Dust stores from a SKILL.md. Recorded at upload; a live skill whose text no longer hashes
 * to it was edited in Dust since. Length-prefixed fields under a versioned label: no two different triples
 * give the same byte stream, and a change of this layout is deliberate.
 */
export function textHash(text: SkillText): string {
  const hash = createHash("sha256").update("dust-skills text v1\n");
  for (const field of [text.name, text.description, text.instructions]) {
    // The string goes in as UTF-8 directly: no copy of every live skill's instructions into a Buffer.
    hash.update(`${Buffer.byteLength(field, "utf8")}\0`);
    hash.update(field, "utf8");
  }
  return shortHash(hash.digest("hex"));
}

/** The recorded form of a sha256 hex digest. */
export function shortHash(hex: string): string {
  return hex.slice(0, HASH_HEX_LENGTH);
}

/** The live fields an import writes, as the list returns them (instructions null when redacted). */
export interface LiveText {
  name: string;
  agentFacingDescription: string;
  userFacingDescription: string;
  instructions: string | null;
}

/**
 * The text hash of a live skill, or why there is none: `redacted` when the key cannot read it (compare by record
 * alone), `split` when the two descriptions differ (only an edit in Dust does that: an import writes one into both).
 */
export function liveTextHash(live: LiveText): string | "redacted" | "split" {
  if (live.instructions === null) return "redacted";
  if (live.agentFacingDescription !== live.userFacingDescription) return "split";
  return textHash({ name: live.name, description: live.agentFacingDescription, instructions: live.instructions });
}
