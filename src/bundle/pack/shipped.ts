import { join } from "node:path";
import type { Bundle } from "../../model/bundle.js";
import { sortTexts } from "../../lib/compare-text.js";

/** One file of a bundle that goes into an upload: exactly what Dust keeps (the SKILL.md and its attachments). */
export interface ShippedFile {
  /** Path relative to the bundle folder, as Dust names the attachment (`fileName`). */
  rel: string;
  /** Path relative to the repository root. */
  repoPath: string;
}

export interface LeftOut {
  bundleDir: string;
  /** Repo-relative path of the file left out; absent when the whole bundle is left out. */
  path?: string;
  reason: string;
}

/** The SKILL.md first, then the attachments in `rel` order; the fingerprint and the ZIP both use this list. */
export function shippedFiles(bundle: Bundle): ShippedFile[] {
  const skillRel = bundle.dir === "" ? bundle.skillMd : bundle.skillMd.slice(bundle.dir.length + 1);
  const attachments = sortTexts(bundle.attachments.map((a) => a.rel));
  return [skillRel, ...attachments].map((rel) => {
    const repoPath = bundle.dir === "" ? rel : `${bundle.dir}/${rel}`;
    return { rel, repoPath };
  });
}

/** What of this bundle is never sent, and why (shown by `pack`, and by `sync` in its plan). */
export function leftOut(bundle: Bundle): LeftOut[] {
  const left: LeftOut[] = bundle.dropped.map(({ file, reason }) => ({
    bundleDir: bundle.dir,
    path: bundle.dir === "" ? file.rel : `${bundle.dir}/${file.rel}`,
    reason,
  }));
  if (bundle.skill === null) {
    // Dust would silently drop the skill; shipping it would only create a new version of nothing.
    left.push({ bundleDir: bundle.dir, reason: "Dust would not import this skill; `dust-skills validate` says why" });
  }
  return left;
}

/** Why this bundle cannot be wrapped at all, or null. */
export function unwrappableReason(bundle: Bundle): string | null {
  if (bundle.dir !== "") return null;
  return (
    `${bundle.skillMd} sits at the repository root: Dust keeps a top folder that holds a SKILL.md, so its ` +
    "stored path would not be the repo path and every other bundle would become its attachment; move it into a folder"
  );
}

/** Absolute path of a repo-relative POSIX path, on any OS. */
export function absolutePath(bundle: Bundle, repoPath: string): string {
  return join(bundle.root, ...repoPath.split("/"));
}
