import { posix } from "node:path";
import { SERVER_ATTACHMENT_EXTENSIONS } from "./attachment-extensions.js";
import { openZip, ZipRefusal } from "./read-zip.js";
import type { ZipFile } from "./read-zip.js";
import { parseSkillMarkdown } from "./skill-markdown.js";

export const MAX_ZIP_SIZE_BYTES = 5 * 1024 * 1024;

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
  file: ZipFile;
}

/** front/lib/api/skills/detection/zip/detect_skills.ts detectSkillsFromZip, step by step. */
export function detectSkillsFromZip(zip: Buffer): DetectedSkill[] {
  if (zip.length > MAX_ZIP_SIZE_BYTES) {
    throw new DetectionError(
      `ZIP file too large (${Math.round(zip.length / 1024 / 1024)} MB). Maximum allowed size is ${MAX_ZIP_SIZE_BYTES / 1024 / 1024} MB.`,
    );
  }
  let raw: ZipFile[];
  try {
    raw = openZip(zip);
  } catch (err) {
    if (err instanceof ZipRefusal) throw new DetectionError(err.message);
    throw err;
  }

  const entries = stripCommonPrefix(raw.map((file) => ({ path: file.name.replace(/\/$/, ""), file })));
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const files = entries.filter((e) => !e.file.isDirectory);

  const skills: DetectedSkill[] = [];
  for (const dir of findSkillDirectories(files)) {
    const md = byPath.get(dir.skillMdPath);
    if (!md) continue;
    let text: string;
    try {
      text = md.file.read().toString("utf8");
    } catch (err) {
      // adm-zip's own refusal (CRC, bad header, method): Dust gets it as an "ADM-ZIP: …" message.
      throw new DetectionError(err instanceof Error ? err.message : String(err));
    }
    const parsed = parseSkillMarkdown(text);
    skills.push({ ...parsed, skillMdPath: dir.skillMdPath, attachments: collectAttachments(files, dir) });
  }
  return skills.filter((s) => s.name.length > 0);
}

/** zip/parsing.ts stripCommonZipPrefix: drop one shared top folder unless it directly holds a SKILL.md. */
function stripCommonPrefix(entries: PathEntry[]): PathEntry[] {
  const files = entries.filter((e) => !e.file.isDirectory);
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
