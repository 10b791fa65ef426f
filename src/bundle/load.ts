import { isInside, toPosix } from "../lib/paths.js";
import { compareText } from "../lib/compare-text.js";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { indexEntries, readBlobs, stagedPaths, trackedFiles, untrackedRepoFiles } from "../git/files.js";
import { GitError } from "../git/errors.js";
import { gitTopLevel } from "../git/repo.js";
import { assembleBundle } from "./assemble.js";
import type { AssembleContext, Assembled } from "./assemble.js";
import { baseName, findBundles, filesByBundle, isSkillMdName, bundlesMatchingPaths } from "./discover.js";
import { BundleError } from "./errors.js";
import { fileFacts } from "./file-set.js";
import { forgottenSkillMds } from "./forgotten.js";
import { prepareReadAhead } from "./read-ahead.js";
import type { AheadGroup, ReadAheadWorker } from "./read-ahead.js";
import type { ShippedFile } from "./pack/shipped.js";
import { indexFs } from "./index-fs.js";
import type { StagedFile } from "./index-fs.js";
import type { FsLike } from "./fs-like.js";
import { fsErrorCode, nodeFs, realpathOr } from "./fs-like.js";
import { constants } from "node:fs";
import { setImmediate } from "node:timers/promises";
import { debuglog } from "node:util";
import { DUST_ATTACHMENT_EXTENSIONS } from "./extensions.js";
import { UPLOAD_LIMITS } from "./rules-limits.js";
import { warning } from "./problem.js";
import type { Located } from "./problem.js";
import { duplicateNameProblems } from "./rules-names.js";
import type { NamedSkill } from "./rules-names.js";
import type { Bundle, Diagnostic } from "../model/bundle.js";
import { holdsSkillMd, walkFiles } from "./walk.js";

export interface LoadOptions {
  /** Paths given on the command line (default: the current directory); folders, or files meaning "the bundles holding this file". */
  roots: string[];
  cwd: string;
  /** Inside git: also ship untracked files that are not ignored. */
  includeUntracked?: boolean;
  /** Only bundles with a path in the git index's changes, read from the index: what the commit will contain. */
  staged?: boolean;
  /** Add the Agent Skills specification rules. */
  strict?: boolean;
  /** Defaults to node:fs. With another fs (tests: memfs) git is never consulted: files come from a walk. */
  fs?: FsLike;
  /** Also fingerprint each valid bundle (`Bundle.fingerprint`), reading each shipped file once. */
  fingerprint?: boolean;
  /** Called as each bundle is read and checked: `done` of `total`, and the bundle's folder. */
  onBundle?: (done: number, total: number, dir: string) => void;
}

export interface LoadResult {
  /** The git top level, or outside git the folder the given roots share. */
  root: string;
  inGit: boolean;
  /** Selected bundles sorted by dir; those Dust would drop have `skill: null`. */
  bundles: Bundle[];
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
  /** Context for a person (how files were listed, why nothing was found), one sentence each. */
  notes: string[];
}

interface Target {
  abs: string;
  isDir: boolean;
}

interface Listing {
  root: string;
  /** Every candidate file, root-relative POSIX. */
  paths: string[];
  /** The targets, root-relative POSIX ("" = the root). */
  targets: string[];
  problems: Located[];
  notes: string[];
  /** Notes that need a look at untracked files, looked for once the bundles are read. */
  laterNotes: (bundleDirs: Iterable<string>) => Promise<string[]>;
}

/** NODE_DEBUG=dust-skills: what the loader did that no output shows (how much a worker read ahead). */
const debug = debuglog("dust-skills");

/**
 * Bundles read between two turns of the event loop, where a plan's listing chunks are read. At 64, a 1,000-bundle
 * plan still had 50–110 ms of listing to take in after its last bundle (the server waits while its socket is
 * full); at 16, 0–43 ms.
 */
const YIELD_EVERY = 16;

/** Finds, reads and checks the bundles under `opts.roots`. Throws BundleError/GitError for unusable input. */
export async function loadBundles(opts: LoadOptions): Promise<LoadResult> {
  // A plan reads every file it ships from the working tree (not the index): with each file's facts, where
  // O_NOFOLLOW exists, and ahead of the loader in a worker. The worker is started first: starting one takes
  // about as long as git takes to list the files.
  const readAlong = opts.fingerprint === true && (opts.fs ?? nodeFs) === nodeFs && opts.staged !== true && constants.O_NOFOLLOW !== undefined;
  const worker = readAlong ? prepareReadAhead() : null;
  try {
    return await loadWith(opts, readAlong, worker);
  } finally {
    worker?.stop();
  }
}

async function loadWith(opts: LoadOptions, readAlong: boolean, worker: ReadAheadWorker | null): Promise<LoadResult> {
  const fs = opts.fs ?? nodeFs;
  const cwd = realpathOr(fs, resolve(opts.cwd));
  const targets = resolveTargets(fs, cwd, opts.roots.length > 0 ? opts.roots : ["."]);
  const first = targets[0] as Target;
  const probe = first.isDir ? first.abs : dirname(first.abs);
  // Every git question at once, from any folder of the repository: spawning git is the slow part. Shipping
  // untracked files takes a walk of the whole working tree: it runs meanwhile, awaited only where needed.
  const shipUntracked = opts.includeUntracked === true && opts.staged !== true;
  const untracked = opts.fs === undefined && shipUntracked ? untrackedRepoFiles(probe).catch(() => null) : Promise.resolve(null);
  const [top, tracked, stagedSet] =
    opts.fs === undefined
      ? await Promise.all([
          gitTopLevel(probe),
          trackedFiles(probe).catch(() => null),
          opts.staged ? stagedPaths(probe).catch(() => null) : null,
        ])
      : [null, null, null];
  if (opts.staged && top === null) {
    throw new GitError(`--staged needs a git repository, and ${display(cwd, first.abs)} is not inside one`, {
      hint: "Run it inside the repository, or drop --staged to check every bundle.",
    });
  }
  const listing = top !== null ? await gitListing(top, tracked, untracked, targets, cwd, opts) : walkListing(fs, cwd, targets);
  const { root } = listing;

  const locations = findBundles(listing.paths);
  let selected = bundlesMatchingPaths(locations.keys(), listing.targets);
  if (opts.staged && top !== null) selected = bundlesMatchingPaths(selected, stagedSet ?? (await stagedPaths(top)));
  const filesOf = filesByBundle(listing.paths, selected);
  const readFs = opts.staged && top !== null ? await stagedFs(top, wantedPaths(filesOf)) : fs;
  const located = selected.flatMap((dir) => {
    const loc = locations.get(dir);
    return loc ? [loc] : [];
  });
  // The files read along, in the order the bundles will ask for them, one group per bundle: its SKILL.md first,
  // then its other files in `rel` order, the order of its fingerprint, so that the worker can make it (AheadGroup).
  const aheadPaths: string[] = [];
  const groups: AheadGroup[] = [];
  const groupOf = new Map<string, AheadGroup>();
  if (readAlong) {
    for (const loc of located) {
      const start = aheadPaths.length;
      aheadPaths.push(loc.skillMd);
      for (const rel of filesOf.get(loc.dir) ?? []) {
        const path = loc.dir === "" ? rel : `${loc.dir}/${rel}`;
        if (path !== loc.skillMd && shipsOrParses(path)) aheadPaths.push(path);
      }
      const group = { start, end: aheadPaths.length, relFrom: loc.dir === "" ? 0 : loc.dir.length + 1 };
      groups.push(group);
      groupOf.set(loc.skillMd, group);
    }
  }
  const readLimit = UPLOAD_LIMITS.maxUncompressedBytes;
  const ahead = readAlong && worker !== null ? worker.read(root, aheadPaths, readLimit, groups) : null;
  let fingerprintedAhead = 0;
  /** The worker's fingerprint of a bundle, when it hashed exactly the files shipped, in their order. */
  const aheadFingerprint = (skillMd: string, shipped: readonly ShippedFile[]): string | null => {
    const fingerprint = ahead?.takeFingerprint(skillMd);
    const group = groupOf.get(skillMd);
    if (typeof fingerprint !== "string" || group === undefined || shipped.length !== group.end - group.start) return null;
    for (let i = 0; i < shipped.length; i++) if (shipped[i]?.repoPath !== aheadPaths[group.start + i]) return null;
    fingerprintedAhead++;
    return fingerprint;
  };
  const facts = fileFacts(readFs, root, readAlong ? { readAlong: shipsOrParses, readLimit, ...(ahead ? { readAhead: ahead } : {}) } : {});
  const ctx: AssembleContext = { fs: readFs, root, strict: opts.strict ?? false, locations, facts, fingerprint: opts.fingerprint ?? false };
  if (ahead) ctx.aheadFingerprint = aheadFingerprint;
  let read = 0;
  opts.onBundle?.(0, located.length, "");
  const assembled: Assembled[] = [];
  try {
    for (const loc of located) {
      const group = groups[read];
      if (ahead && group) await ahead.ready(group.start, group.end);
      assembled.push(await assembleBundle(ctx, loc, filesOf.get(loc.dir) ?? []));
      facts.releaseBytes();
      opts.onBundle?.(++read, located.length, loc.dir);
      // Reading is synchronous (see pack/read.ts): give the event loop a turn now and then, so that what runs
      // meanwhile (a plan's workspace listing streaming in) is not held until every bundle has been read.
      if (read % YIELD_EVERY === 0) await setImmediate();
    }
  } finally {
    if (ahead) {
      ahead.stop();
      debug("read ahead: %d of %d files read by the worker thread, %d of %d bundles fingerprinted there", ahead.taken, aheadPaths.length, fingerprintedAhead, groups.length);
    }
  }

  // Only a note, so looked for once the bundles are read: its folder reads would hold back the first bundle
  // (and the worker's first reads), while a plan's listing is still arriving at this point.
  const laterNotes = listing.laterNotes(locations.keys());
  const named = assembled.map((a) => a.named).filter((n): n is NamedSkill => n !== null);
  const problems = [...listing.problems, ...assembled.flatMap((a) => a.problems), ...duplicateNameProblems(named)];
  const notes = [...listing.notes, ...(await laterNotes)];
  if (selected.length === 0) notes.push(nothingFound(listing, opts, cwd, top !== null));
  return {
    root,
    inGit: top !== null,
    bundles: assembled.map((a) => a.bundle),
    diagnostics: toDiagnostics(problems, root, cwd),
    notes,
  };
}

/** A SKILL.md, or a file of a type Dust keeps: what a plan reads of a bundle. */
function shipsOrParses(path: string): boolean {
  const name = baseName(path);
  return isSkillMdName(name) || DUST_ATTACHMENT_EXTENSIONS.has(posix.extname(name).toLowerCase());
}

/** The repo paths of every listed file of the selected bundles. */
function wantedPaths(filesOf: Map<string, string[]>): Set<string> {
  const wanted = new Set<string>();
  for (const [dir, rels] of filesOf) for (const rel of rels) wanted.add(dir === "" ? rel : `${dir}/${rel}`);
  return wanted;
}

/**
 * The staged version of the wanted files (and of the files their symlinks name): one `git ls-files --stage`
 * and one `git cat-file --batch`, whatever the number of files.
 */
async function stagedFs(top: string, wanted: Set<string>): Promise<FsLike> {
  const entries = await indexEntries(top);
  const kinds: Record<string, StagedFile["kind"]> = { "100644": "file", "100755": "executable", "120000": "symlink", "160000": "submodule" };
  // Symlink targets are resolved inside the index, so every blob but submodules' is read: only the
  // selected bundles' files and the symlinks among them are needed, plus what those symlinks point at.
  const needed = entries.filter((e) => wanted.has(e.path) || e.mode === "120000");
  const blobs = await readBlobs(top, needed.filter((e) => e.mode !== "160000").map((e) => e.oid));
  const links = needed.filter((e) => e.mode === "120000").map((e) => ({ e, target: (blobs.get(e.oid) ?? Buffer.alloc(0)).toString("utf-8") }));
  const linked = new Set(links.map(({ e, target }) => posix.normalize(posix.join(posix.dirname(e.path), target))));
  const extra = entries.filter((e) => linked.has(e.path) && !blobs.has(e.oid) && e.mode !== "160000");
  for (const [oid, data] of await readBlobs(top, extra.map((e) => e.oid))) blobs.set(oid, data);
  const files = entries
    .filter((e) => kinds[e.mode] !== undefined && (wanted.has(e.path) || linked.has(e.path) || e.mode === "120000"))
    .map((e) => ({ path: e.path, kind: kinds[e.mode] as StagedFile["kind"], data: blobs.get(e.oid) ?? new Uint8Array() }));
  return indexFs(top, files);
}

function resolveTargets(fs: FsLike, cwd: string, roots: string[]): Target[] {
  return roots.map((given) => {
    const abs = resolve(cwd, given);
    try {
      const st = fs.statSync(abs);
      return { abs: realpathOr(fs, abs), isDir: st.isDirectory() };
    } catch (err) {
      const code = fsErrorCode(err);
      const what = code === "ENOENT" ? "does not exist" : `cannot be read (${code})`;
      throw new BundleError(`${given} ${what}`, { hint: "Pass folders holding bundles, or files inside bundles." });
    }
  });
}

async function gitListing(
  top: string,
  listed: string[] | null,
  untrackedListed: Promise<string[] | null>,
  targets: Target[],
  cwd: string,
  opts: LoadOptions,
): Promise<Listing> {
  const outside = targets.find((t) => !isInside(t.abs, top));
  if (outside) {
    throw new BundleError(`${display(cwd, outside.abs)} is outside the git repository at ${display(cwd, top)}`, {
      hint: "Check one repository at a time.",
    });
  }
  const tracked = listed ?? (await trackedFiles(top));
  const rel = targets.map((t) => toPosix(relative(top, t.abs)));
  // A commit holds only what is staged: untracked files are never part of it.
  if (opts.includeUntracked && !opts.staged) {
    const untracked = (await untrackedListed) ?? (await untrackedRepoFiles(top));
    return { root: top, paths: [...tracked, ...untracked], targets: rel, problems: [], notes: [], laterNotes: async () => [] };
  }
  const laterNotes = async (bundleDirs: Iterable<string>): Promise<string[]> => {
    const forgotten = await forgottenSkillMds(nodeFs, top, tracked, bundleDirs, rel);
    if (forgotten.length === 0) return [];
    const list = forgotten.slice(0, 3).map((p) => display(cwd, join(top, p))).join(", ");
    return [`${forgotten.length} untracked SKILL.md not checked (${list}${forgotten.length > 3 ? ", ..." : ""}): \`git add\` them or pass --include-untracked`];
  };
  return { root: top, paths: tracked, targets: rel, problems: [], notes: [], laterNotes };
}

/**
 * Outside git: walk each target, or the outermost bundle holding it, found by looking up the folders
 * above it as far as the current directory. The root is the folder those share.
 */
function walkListing(fs: FsLike, cwd: string, targets: Target[]): Listing {
  const tops: string[] = [];
  for (const t of targets) {
    const start = t.isDir ? t.abs : dirname(t.abs);
    const boundary = isInside(start, cwd) ? cwd : start;
    let outermost: string | null = null;
    for (let a = start; ; a = dirname(a)) {
      if (holdsSkillMd(fs, a)) outermost = a;
      if (a === boundary || dirname(a) === a) break;
    }
    const walkTop = outermost ?? (t.isDir ? t.abs : null);
    if (walkTop !== null) tops.push(walkTop);
  }
  const root = commonAncestor(tops.length > 0 ? tops : targets.map((t) => (t.isDir ? t.abs : dirname(t.abs))));
  const distinct = [...new Set(tops)].filter((t, _, all) => !all.some((o) => o !== t && isInside(t, o)));
  const walks = distinct.map((t) => walkFiles(fs, t, root));
  const problems: Located[] = walks.flatMap((w) =>
    w.unreadable.map((u) => ({ ...warning(1, 1, "folder-unreadable", `folder cannot be read (${u.code}); its files are not checked`), path: u.path })),
  );
  return {
    root,
    paths: walks.flatMap((w) => w.paths),
    targets: targets.map((t) => toPosix(relative(root, t.abs))),
    laterNotes: async () => [],
    problems,
    notes: [`not a git repository: listed the files under ${display(cwd, root)} from the filesystem, skipping .git, node_modules and dotfiles`],
  };
}

function nothingFound(listing: Listing, opts: LoadOptions, cwd: string, inGit: boolean): string {
  const shown = listing.targets.slice(0, 3).map((t) => display(cwd, join(listing.root, t)));
  const where = shown.join(", ") + (listing.targets.length > 3 ? ` and ${listing.targets.length - 3} more` : "");
  if (opts.staged) return `no staged change touches a bundle under ${where}`;
  if (inGit && listing.paths.length === 0) {
    return `no bundle found: the repository has no tracked files yet (\`git add\` your bundles, or pass --include-untracked)`;
  }
  const source = inGit ? (opts.includeUntracked ? "tracked and untracked files" : "files tracked by git") : "the filesystem";
  return `no bundle found: no folder holding a SKILL.md under ${where} (searched ${source})`;
}

function toDiagnostics(located: Located[], root: string, cwd: string): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const l of located) {
    const d: Diagnostic = { file: display(cwd, join(root, l.path)), line: l.line, col: l.col, severity: l.severity, rule: l.rule, message: l.message };
    if (l.bundle !== undefined) d.bundle = l.bundle;
    const key = `${d.file}\0${d.line}\0${d.col}\0${d.rule}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.rule, b.rule));
}


/** A path as shown to the user: relative to the current directory, POSIX separators. */
function display(cwd: string, abs: string): string {
  const r = relative(cwd, abs);
  if (r === "") return ".";
  return isAbsolute(r) ? toPosix(abs) : toPosix(r);
}

function commonAncestor(paths: string[]): string {
  let common = paths[0] ?? sep;
  for (const p of paths.slice(1)) while (!isInside(p, common)) common = dirname(common);
  return common;
}
