import { realpath } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";
import { connectionFlags, withConnectionOptions } from "./connection-options.js";
import { repositoryOption } from "./repository-option.js";
import type { ConnectionArgs } from "./connection-options.js";
import { DustClient } from "../dust/client.js";
import { ConfigError } from "../errors.js";
import { gitRaw, splitNul } from "../git/client.js";
import type { Io } from "../io.js";
import { assertSelection, pull, PullError } from "../pull/pull.js";
import { renderPull } from "../render/pull-text.js";
import { prepareTargetPlan } from "../gather/plan-inputs.js";
import { isInside, toPosix } from "../lib/paths.js";
import { resolveTargets } from "../targets.js";
import type { Target } from "../targets.js";

interface PullArgs extends ConnectionArgs {
  names?: string[];
  allUnmanaged: boolean;
  drifted: boolean;
  dir: string;
  force: boolean;
  dryRun: boolean;
  repository?: string;
}

export const pullCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "pull",
  describe: "Write workspace skills into the repository as bundles, to adopt them or take back Dust edits",
  builder: (y) =>
    withConnectionOptions(y)
      .option("names", { type: "string", array: true, describe: "Pull these skills (exact names)" })
      .option("all-unmanaged", { type: "boolean", default: false, describe: "Pull every active skill no bundle here manages" })
      .option("drifted", {
        type: "boolean",
        default: false,
        describe: "Take Dust's version of managed skills edited in Dust since their last upload (overwrites their SKILL.md)",
      })
      .option("dir", { type: "string", default: "skills", describe: "Folder new bundles are written to" })
      .option("repository", repositoryOption)
      .option("force", { type: "boolean", default: false, describe: "Overwrite local files that differ" })
      .option("dry-run", { type: "boolean", default: false, describe: "Show what would be written, as a diff; write nothing" }),
  handler: async (raw) => {
    setExit(await runPull(raw, io));
  },
});

async function runPull(args: PullArgs, io: Io): Promise<number> {
  const selection = { names: args.names ?? [], allUnmanaged: args.allUnmanaged, drifted: args.drifted };
  assertSelection(selection);
  // Real path, like the bundle loader's: every path compared or printed then has one spelling.
  const cwd = await realpath(io.cwd);
  const target = await oneTarget(args, cwd, io);
  const dir = resolve(cwd, args.dir);
  await checkDirInTarget(dir, target, cwd);

  io.stderr(`pull: listing skills in workspace ${target.connection.workspaceId}\n`);
  const client = new DustClient(target.connection, { log: (line) => io.stderr(`${line}\n`) });
  try {
    // The same planning `plan` does (same bundles, same drift rule); the listing gives the contents.
    // Untracked bundles too: a pull not committed yet must be found again, not written a second time beside itself.
    const prepared = await prepareTargetPlan(target, client, {
      onConflict: "skip",
      prune: false,
      availability: null,
      includeUntracked: true,
      cwd,
      ...(args.repository !== undefined ? { repository: args.repository } : {}),
      env: io.env,
      // What is "unmanaged" or "drifted" depends on which skills this repository owns.
      requireRepository: true,
    });
    const { live } = prepared;
    const { root, inGit } = prepared.load;
    const result = await pull({
      live,
      bundles: prepared.bundles,
      planActions: prepared.plan.actions,
      repository: prepared.repository ?? "",
      selection,
      dir,
      force: args.force,
      dryRun: args.dryRun,
      ...(inGit ? { uncommitted: (paths: string[]) => uncommittedPaths(root, paths) } : {}),
    });
    if (!live.seesUnpublished) {
      result.notes.push("This API key is not admin: unpublished skills (availability `editors`) are not listed and were not pulled.");
    }
    if (args.drifted && !inGit) {
      result.notes.push("--drifted needs git history to tell Dust's edits from the repository's; outside git nothing counts as drifted.");
    }
    io.stdout(renderPull(result, cwd));
    return result.skills.some((s) => s.skillMd.status === "refused") ? 1 : 0;
  } finally {
    await client.close();
  }
}

/** Pulling writes into one repository folder for one workspace: with a config of several, say which. */
async function oneTarget(args: PullArgs, cwd: string, io: Io): Promise<Target> {
  const targets = await resolveTargets({
    ...(args.config !== undefined ? { configPath: args.config } : {}),
    ...(args.target !== undefined ? { only: args.target } : {}),
    flags: connectionFlags(args),
    paths: [],
    cwd,
    env: io.env,
  });
  const [first, ...others] = targets;
  if (first === undefined || others.length > 0) {
    throw new ConfigError(`pull works on one workspace at a time; the config names ${targets.length} targets.`, {
      hint: `Pass --target with one of: ${targets.map((t) => t.name).join(", ")}.`,
    });
  }
  return first;
}

/** A bundle written outside the folders the target syncs from would never be planned or synced. */
async function checkDirInTarget(dir: string, target: Target, cwd: string): Promise<void> {
  const roots = await Promise.all(target.paths.map((p) => realpath(p).catch(() => p)));
  if (roots.some((root) => isInside(dir, root))) return;
  const show = (p: string) => relative(cwd, p) || ".";
  throw new PullError(
    `--dir ${show(dir)} is outside the folders the target "${target.name}" syncs from (${roots.map(show).join(", ")}): plan and sync would never see the pulled bundles.`,
    { hint: "Pass a --dir inside one of those folders." },
  );
}

/**
 * Which of these absolute paths differ from HEAD (staged or not): edits `--drifted` must not wipe out.
 * Without a HEAD nothing can have drifted, so there is nothing to protect.
 */
async function uncommittedPaths(root: string, paths: string[]): Promise<Set<string>> {
  const inside = paths.filter((p) => isInside(p, root)).map((p) => toPosix(relative(root, p)));
  if (inside.length === 0) return new Set();
  const pathspecs = inside.map((p) => `:(top,literal)${p}`);
  const out = await gitRaw(root, ["diff", "--name-only", "-z", "HEAD", "--", ...pathspecs]);
  return new Set(splitNul(out).map((p) => join(root, p)));
}
