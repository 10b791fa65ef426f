import { safeText } from "../lib/safe-text.js";
import { basename, relative } from "node:path";
import { toPosix } from "../lib/paths.js";
import { unifiedDiff } from "../lib/diff.js";
import type { FileStatus, FileWrite, SkillFiles } from "../pull/files.js";
import type { PullResult } from "../pull/pull.js";

const VERBS: Record<FileStatus, [done: string, dryRun: string]> = {
  create: ["written", "would write"],
  overwrite: ["overwritten", "would overwrite"],
  unchanged: ["unchanged", "unchanged"],
  refused: ["refused", "would refuse"],
};
const VERB_WIDTH = 16;

/** The text `dust-skills pull` prints: one line per skill, what could not come along, then what to do next. */
export function renderPull(result: PullResult, cwd: string): string {
  const show = (path: string) => displayPath(path, cwd);
  const lines: string[] = [];
  for (const files of result.skills) {
    // JSON quoting: a name with quotes or control characters still reads as one unambiguous string.
    lines.push(fileLine(files.skillMd, JSON.stringify(files.target.live.name), result.dryRun, show));
    if (result.dryRun) lines.push(...diffOf(files.skillMd, show));
    lines.push(...skillRemarks(files, result.dryRun, show));
  }
  if (result.skills.length === 0) lines.push("No skill to pull.");
  lines.push("", ...summary(result, show));
  // Names, paths and the diffs of instructions come from the workspace: their control characters are shown escaped.
  return safeText(`${lines.join("\n")}\n`, { multiline: true });
}

function fileLine(file: FileWrite, label: string, dryRun: boolean, show: (p: string) => string): string {
  const verb = VERBS[file.status][dryRun ? 1 : 0];
  const refusal = file.refusal ? `: ${file.refusal}` : "";
  return `${verb.padEnd(VERB_WIDTH)}${show(file.path)}  ${label}${refusal}`;
}

function diffOf(file: FileWrite, show: (p: string) => string): string[] {
  if (file.status === "unchanged") return [];
  const diff = unifiedDiff(file.before ?? "", file.content, {
    fromLabel: file.before === null ? "/dev/null" : `${show(file.path)} (local)`,
    toLabel: `${show(file.path)} (Dust)`,
  });
  if (diff.tooLarge) return [`  (the files differ too much to show a diff: ${diff.added} lines added, ${diff.removed} removed)`];
  return diff.text.replace(/\n$/, "").split("\n");
}

function skillRemarks(files: SkillFiles, dryRun: boolean, show: (p: string) => string): string[] {
  const out: string[] = [];
  if (files.missingAttachments.length > 0) {
    out.push(`  not brought in (the API gives only their names): ${files.missingAttachments.join(", ")}`);
    if (files.note) {
      const where = fileLine(files.note, "(not uploaded: Dust drops files without an extension)", dryRun, show);
      out.push(`  ${where}`);
    }
  }
  for (const p of files.problems) out.push(`  warning: ${p.message}; Dust's copy of this SKILL.md will not match the live skill exactly`);
  if (files.userFacingDescriptionDiffers) {
    out.push(
      "  note: its user-facing description differs from the agent-facing one; SKILL.md holds one description, so a sync sets both to the agent-facing text",
    );
  }
  return out;
}

function summary(result: PullResult, show: (p: string) => string): string[] {
  const count = (status: FileStatus) => result.skills.filter((s) => s.skillMd.status === status).length;
  const [written, overwritten, unchanged, refused] = (["create", "overwrite", "unchanged", "refused"] as const).map(count);
  const changed = (written ?? 0) + (overwritten ?? 0);
  const out = [
    result.dryRun
      ? `Dry run, nothing written: ${changed} would be written, ${unchanged} unchanged, ${refused} would be refused.`
      : `${written} written, ${overwritten} overwritten, ${unchanged} unchanged, ${refused} refused.`,
  ];
  for (const note of result.notes) out.push(`note: ${note}`);

  const renamed = result.skills.filter((s) => s.target.bundle === null && basename(s.target.folder) !== s.target.live.name);
  if (renamed.length > 0) {
    const first = renamed[0] as SkillFiles;
    out.push(
      `info: ${renamed.length} skill name(s) differ from their folder names (e.g. ${JSON.stringify(first.target.live.name)} in ${show(first.target.folder)}/). Dust accepts any name; only \`validate --strict\` (the Agent Skills rules) wants them equal.`,
    );
  }
  if ((refused ?? 0) > 0) {
    out.push("Refused files were left alone: see the difference with --dry-run, then pass --force to overwrite them.");
  }
  const adopted = result.skills.some((s) => s.target.live.source !== "api" && s.skillMd.status !== "refused");
  const drifted = result.skills.some((s) => s.target.drifted && s.skillMd.status !== "refused");
  if (changed > 0 || adopted) {
    out.push(
      `Next: review and commit these files, then run \`dust-skills plan\`.${
        adopted
          ? " Skills made outside this repository show as conflicts until a sync takes them over, per --on-conflict: `dust-skills sync --on-conflict override` replaces each in place (same sId; its source becomes \"api\")."
          : ""
      }${drifted ? " Drifted skills now match Dust and plan as unchanged." : ""}`,
    );
  }
  return out;
}

/** Relative to where the user is, with "/" everywhere, like every path dust-skills prints. */
function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return toPosix(rel === "" ? "." : rel);
}
