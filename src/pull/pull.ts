import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Bundle } from "../model/bundle.js";
import type { LiveSkill } from "../model/skill.js";
import { UserError } from "../errors.js";
import type { PlanAction } from "../model/plan.js";
import { choosePulls } from "./choose.js";
import type { PullSelection } from "./choose.js";
import { decideFiles, pathsOf } from "./files.js";
import type { FileWrite, SkillFiles } from "./files.js";

/** A pull that cannot start: a requested skill is not there, or nothing was asked for. */
export class PullError extends UserError {}

export interface PullInput {
  live: { active: LiveSkill[]; archived: LiveSkill[] };
  bundles: Bundle[];
  /** The plan's actions; only `--drifted` reads them. */
  planActions: readonly PlanAction[];
  /** This repository's identity (what it manages). */
  repository: string;
  selection: PullSelection;
  /** Absolute folder new bundles go to. */
  dir: string;
  force: boolean;
  dryRun: boolean;
  /** Which of these absolute paths have uncommitted changes; absent outside git (then none are known). */
  uncommitted?: (paths: string[]) => Promise<Set<string>>;
}

export interface PullResult {
  /** In the order chosen: skill name, then sId. */
  skills: SkillFiles[];
  notes: string[];
  dryRun: boolean;
}

/** Pulling "everything" by default would be a surprise in a repository that already has bundles: ask. */
export function assertSelection(selection: PullSelection): void {
  if (selection.names.length === 0 && !selection.allUnmanaged && !selection.drifted) {
    throw new PullError("Nothing to pull: say which skills.", {
      hint: "Pass --names <name...>, --all-unmanaged (skills no bundle here manages) or --drifted (Dust edits of managed skills).",
    });
  }
}

/** Chooses, decides, and (unless dry-run) writes. Every file that differs is left alone without --force. */
export async function pull(input: PullInput): Promise<PullResult> {
  assertSelection(input.selection);
  const choice = choosePulls({ ...input, dirEntries: await entriesOf(input.dir) });
  if (choice.errors.length > 0) {
    throw new PullError(choice.errors.join("\n"), { hint: "Nothing was written. `dust-skills plan` lists the workspace's skills." });
  }

  const existing = new Map<string, string | null>();
  for (const target of choice.targets) {
    for (const path of Object.values(pathsOf(target))) existing.set(path, await readText(path));
  }
  // Only drifted bundles can be overwritten without --force, so only they need asking git about.
  const driftedPaths = choice.targets.filter((t) => t.drifted).map((t) => pathsOf(t).skillMd);
  const uncommitted = driftedPaths.length > 0 && input.uncommitted ? await input.uncommitted(driftedPaths) : new Set<string>();
  const skills = choice.targets.map((t) =>
    decideFiles(t, (path) => existing.get(path) ?? null, { force: input.force, uncommitted }),
  );

  if (!input.dryRun) {
    for (const files of skills) {
      await writeIfNeeded(files.skillMd);
      if (files.note) await writeIfNeeded(files.note);
    }
  }
  return { skills, notes: choice.notes, dryRun: input.dryRun };
}

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (isCode(err, "ENOENT")) return [];
    throw new PullError(`Cannot read the folder ${dir}: ${(err as Error).message}`);
  }
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if (isCode(err, "ENOENT")) return null;
    throw new PullError(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

async function writeIfNeeded(file: FileWrite): Promise<void> {
  if (file.status !== "create" && file.status !== "overwrite") return;
  try {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content, "utf8");
  } catch (err) {
    throw new PullError(`Cannot write ${file.path}: ${(err as Error).message}`, {
      hint: "Files listed before this one were written; run the same pull again once this is fixed.",
    });
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}
