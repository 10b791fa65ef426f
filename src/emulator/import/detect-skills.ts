import { posix } from "node:path";
import { readCentralDirectory, readEntry, zipEntryCount, ZipFormatError } from "../zip.js";
import type { ZipEntry } from "../zip.js";
import { SERVER_ATTACHMENT_EXTENSIONS } from "./attachment-extensions.js";
import { parseSkillMarkdown } from "./skill-markdown.js";

export const MAX_ZIP_SIZE_BYTES = 5 * 1024 * 1024;
const MAX_DECOMPRESSED_SIZE_BYTES = 10 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 1_000;

export interface DetectedSkill {
  name: string;
  description: string;
  instructions: string;
  /** SKILL.md path after the common prefix was stripped: what Dust stores as sourceMetadata.filePath. */
  skillMdPath: string;
  /** Attachment paths relative to the skill folder, in archive order. */
  attachments: string[];
}

/** A problem that rejects the whole request (400 invalid_request_error with this message). */
export class DetectionError extends Error {}

interface PathEntry {
  path: string;
  entry: ZipEntry;
}

/** front/lib/api/skills/detection/zip/detect_skills.ts detectSkillsFromZip, step by step. */
export function detectSkillsFromZip(zip: Buffer): DetectedSkill[] {
  if (zip.length > MAX_ZIP_SIZE_BYTES) {
    throw new DetectionError(
      `ZIP file too large (${Math.round(zip.length / 1024 / 1024)} MB). Maximum allowed size is ${MAX_ZIP_SIZE_BYTES / 1024 / 1024} MB.`,
    );
  }
  let raw: ZipEntry[];
  try {
    const count = zipEntryCount(zip);
    if (count > MAX_ZIP_ENTRIES) {
      throw new DetectionError(`ZIP contains too many entries (${count}). Maximum allowed is ${MAX_ZIP_ENTRIES}.`);
    }
    raw = readCentralDirectory(zip);
  } catch (err) {
    if (err instanceof ZipFormatError) throw new DetectionError(`Failed to open ZIP: ${err.message}`);
    throw err;
  }
  const total = raw.reduce((sum, e) => sum + e.size, 0);
  if (total > MAX_DECOMPRESSED_SIZE_BYTES) {
    throw new DetectionError(
      `Total decompressed size too large (${Math.round(total / 1024 / 1024)} MB). Maximum allowed is ${MAX_DECOMPRESSED_SIZE_BYTES / 1024 / 1024} MB.`,
    );
  }

  const entries = stripCommonPrefix(raw.map((entry) => ({ path: entry.name.replace(/\/$/, ""), entry })));
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const files = entries.filter((e) => !e.entry.isDirectory);

  const skills: DetectedSkill[] = [];
  for (const dir of findSkillDirectories(files)) {
    const md = byPath.get(dir.skillMdPath);
    if (!md) continue;
    let text: string;
    try {
      text = readEntry(zip, md.entry).toString("utf8");
    } catch {
      continue; // Dust logs and skips a SKILL.md it cannot read
    }
    const parsed = parseSkillMarkdown(text);
    skills.push({ ...parsed, skillMdPath: dir.skillMdPath, attachments: collectAttachments(files, dir) });
  }
  return skills.filter((s) => s.name.length > 0);
}

/** zip/parsing.ts stripCommonZipPrefix: drop one shared top folder unless it directly holds a SKILL.md. */
function stripCommonPrefix(entries: PathEntry[]): PathEntry[] {
  const files = entries.filter((e) => !e.entry.isDirectory);
  const first = files[0];
  if (!first) return entries;
  const slash = first.path.indexOf("/");
  if (slash === -1) return entries;
  const prefix = first.path.slice(0, slash + 1);
  if (!files.every((e) => e.path.startsWith(prefix))) return entries;
  const prefixHoldsSkillMd = files.some((e) => {
    const rel = e.path.slice(prefix.length);
    return !rel.includes("/") && rel.toLowerCase() === "skill.md";
  });
  if (prefixHoldsSkillMd) return entries;
  return entries.map((e) => ({ ...e, path: e.path.slice(prefix.length) })).filter((e) => e.path.length > 0);
}

interface SkillDirectory {
  dirPath: string;
  skillMdPath: string;
}

/** Nested skill folders win; a root SKILL.md counts only when there is no other. */
function findSkillDirectories(files: PathEntry[]): SkillDirectory[] {
  const dirs: SkillDirectory[] = [];
  const seen = new Set<string>();
  let root: SkillDirectory | null = null;
  for (const { path } of files) {
    if (posix.basename(path).toLowerCase() !== "skill.md") continue;
    const dirPath = posix.dirname(path);
    if (dirPath === ".") {
      root ??= { dirPath, skillMdPath: path };
      continue;
    }
    if (seen.has(dirPath)) continue; // skill.md and SKILL.md in one folder: the first one is the skill
    seen.add(dirPath);
    dirs.push({ dirPath, skillMdPath: path });
  }
  return dirs.length === 0 && root ? [root] : dirs;
}

function collectAttachments(files: PathEntry[], dir: SkillDirectory): string[] {
  const out: string[] = [];
  for (const { path } of files) {
    if (path === dir.skillMdPath) continue;
    const rel = posix.relative(dir.dirPath, path);
    if (rel.startsWith("..")) continue;
    if (!SERVER_ATTACHMENT_EXTENSIONS.has(posix.extname(path).toLowerCase())) continue;
    out.push(rel);
  }
  return out;
}
