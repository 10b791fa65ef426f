import { basename, join } from "node:path";
import type { BundleLocation } from "./discover.js";
import { enclosingBundle } from "./discover.js";
import { pathInside, repoPathRelativeTo } from "../lib/paths.js";
import { dustDropReason } from "./extensions.js";
import { describeNotAFile } from "./file-set.js";
import type { FileFactsLookup } from "./file-set.js";
import type { FsLike } from "./fs-like.js";
import { fsErrorCode, readBytes, realpathOr } from "./fs-like.js";
import { error, locate, warning } from "./problem.js";
import type { Located, Problem } from "./problem.js";
import type { NamedSkill } from "./rules-names.js";
import { UPLOAD_LIMITS, ZIP_END_BYTES, uploadLimitProblems, zipEntryOverhead } from "./rules-limits.js";
import { strictProblems } from "./rules-strict.js";
import { keyPosition, parseSkillMd } from "./skill-md.js";
import type { ParsedSkillMd } from "./skill-md.js";
import { decodeSkillMd } from "./skill-md-text.js";
import type { Bundle, BundleFile } from "../model/bundle.js";
import { estimateZippedBytes } from "./zip-estimate.js";
import { estimatedEntryPath, estimatedFolderBytes } from "./pack/layout.js";
import { fingerprintContents } from "./pack/fingerprint.js";
import { shippedFiles } from "./pack/shipped.js";
import type { ShippedFile } from "./pack/shipped.js";
import { shortHash } from "../model/text-hash.js";

export interface AssembleContext {
  fs: FsLike;
  /** Absolute root every listed path is relative to. */
  root: string;
  strict: boolean;
  /** Every bundle found, selected or not, to tell which ones are nested. */
  locations: ReadonlyMap<string, BundleLocation>;
  facts: FileFactsLookup;
  /** Also fingerprint what an upload would ship (plans): SKILL.md is hashed from the bytes already read. */
  fingerprint: boolean;
  /** The fingerprint the read-ahead worker made, when it hashed exactly these shipped files, in this order. */
  aheadFingerprint?: (skillMd: string, shipped: readonly ShippedFile[]) => string | null;
}

export interface Assembled {
  bundle: Bundle;
  problems: Located[];
  /** The trimmed name and where it is written, for the duplicate check across bundles. */
  named: NamedSkill | null;
}

/** Builds one bundle from its listed files (relative to its folder) and checks it. */
export async function assembleBundle(ctx: AssembleContext, loc: BundleLocation, rels: string[]): Promise<Assembled> {
  const { dir } = loc;
  const pathOf = (rel: string): string => (dir === "" ? rel : `${dir}/${rel}`);
  // Resolved only when a symlink needs checking: most bundles have none.
  let realDir: string | null = null;
  const realBundleDir = (): string => (realDir ??= realpathOr(ctx.fs, join(ctx.root, dir)));
  const problems: Located[] = [];
  const files: BundleFile[] = [];
  const dropped: Bundle["dropped"] = [];
  let notAFileSkillMd: string | null = null;
  const drop = (rel: string, size: number, reason: string, p: Problem): void => {
    dropped.push({ file: { rel, size }, reason });
    problems.push({ ...p, path: pathOf(rel), bundle: dir });
  };

  for (const rel of rels) {
    const f = ctx.facts.get(pathOf(rel));
    if (f.kind === "missing") continue;
    if (f.kind === "broken-link") {
      drop(rel, 0, "broken symlink", warning(1, 1, "symlink-broken", "symlink points to nothing; it is not shipped"));
    } else if (f.kind === "not-a-file") {
      const what = describeNotAFile(f.what, f.linkTarget !== null);
      if (f.what === "folder") {
        drop(rel, 0, `${what}, not followed`, warning(1, 1, "not-a-file", `${what}: not followed, its files are not shipped`));
      } else if (pathOf(rel) === loc.skillMd) {
        // Said once, by the SKILL.md error below.
        dropped.push({ file: { rel, size: 0 }, reason: `${what}, not read` });
        notAFileSkillMd = what;
      } else {
        drop(rel, 0, `${what}, not read`, warning(1, 1, "not-a-file", `${what}: never read, not shipped`));
      }
    } else if (f.kind === "unreadable") {
      drop(rel, f.size, `cannot be read (${f.code})`, error(1, 1, "file-unreadable", `cannot be read (${f.code}); fix its permissions so it can be shipped`));
    } else if (f.linkTarget !== null && !inside(realBundleDir(), f.linkTarget)) {
      drop(rel, f.size, "symlink to a file outside the bundle", warning(1, 1, "symlink-outside-bundle", "symlink points outside the bundle; it is never followed there and not shipped (copy the file in instead)"));
    } else {
      files.push({ rel, size: f.size });
    }
  }

  const skillRel = repoPathRelativeTo(loc.skillMd, dir);
  const skillFile = files.find((f) => f.rel === skillRel);
  const attachments: BundleFile[] = [];
  for (const f of files) {
    if (f.rel === skillRel) continue;
    const reason = dustDropReason(f.rel);
    if (reason === null) attachments.push(f);
    else drop(f.rel, f.size, reason, warning(1, 1, "attachment-dropped", `Dust silently drops this file: ${reason}`));
  }

  const skillProblems: Problem[] = [];
  let parsed: ParsedSkillMd | null = null;
  let skillBytes: Uint8Array | null = null;
  if (!skillFile) {
    const missing = ctx.facts.get(loc.skillMd).kind === "missing";
    const why = missing
      ? "is tracked by git but missing from the working tree"
      : notAFileSkillMd !== null
        ? `is ${notAFileSkillMd}: it is never read; put the Markdown file in its place`
        : "cannot be shipped (see the other diagnostic for this file)";
    skillProblems.push(error(1, 1, "skill-md-unreadable", `SKILL.md ${why}`));
  } else if (skillFile.size > UPLOAD_LIMITS.maxUncompressedBytes) {
    // Not read: the size error below already rules the bundle out.
  } else {
    skillBytes = readSkillMd(ctx, loc.skillMd, skillProblems);
    parsed = skillBytes === null ? null : parseBytes(skillBytes, skillProblems);
    if (parsed && ctx.strict) skillProblems.push(...strictProblems(parsed, basename(join(ctx.root, dir))));
  }

  const shipped = skillFile ? [skillFile, ...attachments] : attachments;
  const zippedBytes = mayPassRequestLimit(dir, shipped) ? await estimatedZippedBytes(ctx, dir, shipped) : null;
  skillProblems.push(...uploadLimitProblems({ files: shipped, zippedBytes }));
  for (const other of loc.otherSkillMds) {
    problems.push(...locate(other, dir, [warning(1, 1, "skill-md-duplicate", `this folder also holds ${skillRel}; Dust reads ${skillRel} and attaches this file as a document`)]));
  }
  const outer = enclosingBundle(dir, ctx.locations);
  if (outer !== null) {
    skillProblems.push(
      warning(1, 1, "nested-bundle", `bundle is inside bundle ${outer || "."}: dust-skills uploads each as its own skill, but other tools (Dust's GitHub import, a ZIP of the folder) would attach all ${shipped.length} of its files to that skill`),
    );
  }
  problems.push(...locate(loc.skillMd, dir, skillProblems));

  const bundle: Bundle = {
    root: ctx.root,
    dir,
    skillMd: loc.skillMd,
    files,
    attachments,
    dropped: dropped.sort((a, b) => (a.file.rel < b.file.rel ? -1 : a.file.rel > b.file.rel ? 1 : 0)),
    skill: parsed?.skill ?? null,
  };
  // The plan shows why a bundle is never uploaded: the first error about its SKILL.md or its size.
  const firstError = skillProblems.find((p) => p.severity === "error");
  if (bundle.skill === null && firstError) bundle.skillError = firstError.message;
  if (ctx.fingerprint && bundle.skill !== null && skillBytes !== null) {
    const fingerprint = shippedFingerprint(ctx, bundle, skillBytes);
    if (fingerprint !== null) bundle.fingerprint = fingerprint;
  }
  return { bundle, problems, named: namedSkill(parsed, loc) };
}

/** A file's bytes: those read along with its facts when there are, else read now (may throw). */
function bytesOf(ctx: AssembleContext, repoPath: string): Uint8Array {
  return ctx.facts.takeBytes(repoPath) ?? readBytes(ctx.fs, join(ctx.root, repoPath));
}

function readSkillMd(ctx: AssembleContext, skillMd: string, problems: Problem[]): Uint8Array | null {
  try {
    return bytesOf(ctx, skillMd);
  } catch (err) {
    problems.push(error(1, 1, "skill-md-unreadable", `SKILL.md cannot be read (${fsErrorCode(err)})`));
    return null;
  }
}

/**
 * The fingerprint packing records (pack/fingerprint.ts), with the SKILL.md bytes already read: each file is
 * read once per plan, and each attachment's bytes are dropped once hashed. null when an attachment cannot be
 * read: the bundle then has no fingerprint, and packing names the file.
 */
function shippedFingerprint(ctx: AssembleContext, bundle: Bundle, skillBytes: Uint8Array): string | null {
  const shipped = shippedFiles(bundle);
  const byWorker = ctx.aheadFingerprint?.(bundle.skillMd, shipped);
  if (typeof byWorker === "string") return shortHash(byWorker);
  const files: { rel: string; data: Uint8Array }[] = [];
  for (const [i, file] of shipped.entries()) {
    try {
      files.push({ rel: file.rel, data: i === 0 ? skillBytes : bytesOf(ctx, file.repoPath) });
    } catch {
      return null;
    }
  }
  return shortHash(fingerprintContents(bundle, files));
}

function parseBytes(bytes: Uint8Array, problems: Problem[]): ParsedSkillMd | null {
  const decoded = decodeSkillMd(bytes);
  problems.push(...decoded.problems);
  if (decoded.text === null) return null;
  const parsed = parseSkillMd(decoded.text);
  problems.push(...parsed.problems);
  return parsed;
}

/**
 * Whether a bundle's ZIP could pass the request limit (headers plus raw bytes over it, while within the entry and
 * uncompressed limits, which rule on their own): only then is its zipped size estimated. Synchronous, since
 * nearly every bundle stops here.
 */
function mayPassRequestLimit(dir: string, shipped: BundleFile[]): boolean {
  // Every entry shares the bundle's folder: its bytes are counted once, not rebuilt per file.
  const folderBytes = estimatedFolderBytes(dir);
  let upperBound = ZIP_END_BYTES;
  let raw = 0;
  for (const f of shipped) {
    upperBound += f.size + zipEntryOverhead(folderBytes + Buffer.byteLength(f.rel));
    raw += f.size;
  }
  return upperBound > UPLOAD_LIMITS.maxRequestBytes && raw <= UPLOAD_LIMITS.maxUncompressedBytes && shipped.length <= UPLOAD_LIMITS.maxEntries;
}

/** The ZIP size estimate; null when a file cannot be read (packing then names it). */
async function estimatedZippedBytes(ctx: AssembleContext, dir: string, shipped: BundleFile[]): Promise<number | null> {
  const skillMdName = shipped.find((f) => !f.rel.includes("/") && f.rel.toLowerCase() === "skill.md")?.rel ?? "SKILL.md";
  try {
    return await estimateZippedBytes(
      shipped.map((f) => ({ name: estimatedEntryPath(dir, skillMdName, f.rel), read: () => readBytes(ctx.fs, join(ctx.root, dir, f.rel)) })),
    );
  } catch {
    return null;
  }
}

function namedSkill(parsed: ParsedSkillMd | null, loc: BundleLocation): NamedSkill | null {
  const name = parsed?.frontMatter?.data["name"];
  if (!parsed?.frontMatter || typeof name !== "string" || name.trim() === "") return null;
  const at = keyPosition(parsed.frontMatter, "name");
  return { bundle: loc.dir, path: loc.skillMd, line: at.line, col: at.col, name: name.trim() };
}

/** Strictly below `dir`: a link to the bundle folder itself is no file. */
function inside(dir: string, target: string): boolean {
  const rel = pathInside(dir, target);
  return rel !== null && rel !== "";
}
