import { compareText } from "../lib/compare-text.js";
import { createHash } from "node:crypto";

/** The Agent Skills rule for a skill's folder (and, under --strict, its name). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX = 64;

// Letters NFKD leaves whole although readers expect a Latin spelling.
const LATIN_SPELLINGS: Record<string, string> = {
  ß: "ss", ẞ: "ss", æ: "ae", Æ: "ae", œ: "oe", Œ: "oe", ø: "o", Ø: "o", đ: "d", Đ: "d", ð: "d", Ð: "d",
  ł: "l", Ł: "l", þ: "th", Þ: "th", ı: "i", ħ: "h", Ħ: "h",
};

/**
 * A folder name for a skill name: accents transliterated, anything else outside a-z0-9 treated as a word
 * break, at most 64 characters. Returns "" when nothing usable is left (e.g. a name in Japanese).
 */
export function slugify(name: string): string {
  const latin = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/./gu, (ch) => LATIN_SPELLINGS[ch] ?? ch)
    .toLowerCase();
  return trimToMax(latin.replace(/[^a-z0-9]+/g, "-"), SLUG_MAX);
}

/** For names with no Latin letters or digits at all: stable per skill, since the sId never changes. */
export function fallbackSlug(sId: string): string {
  return `skill-${createHash("sha256").update(sId).digest("hex").slice(0, 8)}`;
}

function trimToMax(slug: string, max: number): string {
  return slug.slice(0, max).replace(/^-+|-+$/g, "");
}

/**
 * Gives each skill a folder no other skill and no existing entry uses. Skills are served in name order
 * (code units, then sId), and a taken slug gets `-2`, `-3`, ... so the same inputs always give the same
 * folders. `taken` holds existing entry names, compared case-insensitively because the repository may be
 * checked out on a case-insensitive file system.
 */
export function assignFolders(
  skills: readonly { sId: string; name: string }[],
  taken: Iterable<string>,
): Map<string, string> {
  const used = new Set([...taken].map((entry) => entry.toLowerCase()));
  const ordered = [...skills].sort(byNameThenSId);
  const folders = new Map<string, string>();
  for (const skill of ordered) {
    const base = slugify(skill.name) || fallbackSlug(skill.sId);
    let folder = base;
    for (let n = 2; used.has(folder); n++) {
      const suffix = `-${n}`;
      folder = `${trimToMax(base, SLUG_MAX - suffix.length)}${suffix}`;
    }
    used.add(folder);
    folders.set(skill.sId, folder);
  }
  return folders;
}

/** The one order pulled skills are served and shown in: name (code units), then sId. */
export function byNameThenSId(a: { sId: string; name: string }, b: { sId: string; name: string }): number {
  return compareText(a.name, b.name) || compareText(a.sId, b.sId);
}
