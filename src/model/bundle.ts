/**
 * Desired state, as read from the repository. Every path here is POSIX-style ("/"), relative to
 * `Bundle.root`, so the same repo gives the same values on any OS.
 */

export type Severity = "error" | "warning";

/** One problem, shown as `file:line:col: severity RULE-ID: message`. Lines and columns are 1-based. */
export interface Diagnostic {
  /** Path shown to the user: relative to the current directory when possible, POSIX separators. */
  file: string;
  line: number;
  col: number;
  severity: Severity;
  /** Stable id, e.g. `front-matter-missing`, `name-not-string`, `strict-name-pattern`. */
  rule: string;
  message: string;
  /** The `Bundle.dir` this diagnostic belongs to, when it belongs to one. */
  bundle?: string;
}

export interface BundleFile {
  /** Path relative to the bundle folder, e.g. `scripts/run.py`; `SKILL.md` for the skill file itself. */
  rel: string;
  /** Size in bytes. */
  size: number;
}

/** What Dust would store for a SKILL.md: trimmed name/description, body with leading whitespace removed. */
export interface SkillContent {
  name: string;
  description: string;
  instructions: string;
}

export interface Bundle {
  /** Absolute path everything is relative to: the git top level, or the given root outside git. */
  root: string;
  /** Bundle folder relative to root, e.g. `skills/release-notes`. */
  dir: string;
  /** SKILL.md path relative to root, original case: the `sourceMetadata.filePath` Dust stores after a sync. */
  skillMd: string;
  /** Every file of the bundle (SKILL.md included), sorted by `rel` (code-unit order). */
  files: BundleFile[];
  /** The files Dust keeps as attachments (supported extension, not the SKILL.md), sorted by `rel`. */
  attachments: BundleFile[];
  /** Files Dust would silently drop, with the reason shown to the user. */
  dropped: { file: BundleFile; reason: string }[];
  /** What Dust would import; null when Dust would silently drop the skill (diagnostics say why). */
  skill: SkillContent | null;
  /** When `skill` is null: the first error that rules it out, for the plan to show. */
  skillError?: string;
  /**
   * Fingerprint (16 hex) of what an upload would ship, when the load was asked for it (plans) and every shipped
   * file could be read; the same value packing records.
   */
  fingerprint?: string;
}
