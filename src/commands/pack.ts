import { relative, resolve } from "node:path";
import { countBySeverity, formatText } from "../render/diagnostics.js";
import { loadBundles } from "../bundle/load.js";
import { formatPackSummary } from "../render/pack-text.js";
import { packRequests, UploadWriter } from "../bundle/pack/index.js";
import { isInside, toPosix } from "../lib/paths.js";
import { missingRepositoryError, resolveRepository } from "../identity/resolve.js";
import { readProjectSettings } from "../targets.js";
import { repositoryOption } from "./repository-option.js";
import { defineCommand } from "./index.js";
import { progressLine } from "./progress.js";
import type { CommandFactory } from "./index.js";

export const DEFAULT_PACK_DIR = ".dust-skills/pack";

export const packCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "pack [paths..]",
  describe: "Write the ZIP(s) `sync` would upload, and list what each holds and what is left out",
  builder: (y) =>
    y
      .positional("paths", {
        type: "string",
        array: true,
        describe: "Folders to search for bundles, or files meaning the bundles holding them (default: current folder)",
      })
      .option("out", { type: "string", default: DEFAULT_PACK_DIR, describe: "Folder to write skills-N.zip into" })
      .option("include-untracked", {
        type: "boolean",
        default: false,
        describe: "Also include untracked files that git does not ignore",
      })
      .option("repository", repositoryOption)
      .option("config", { type: "string", describe: "Config file whose `repository:` to use (default: dust-skills.yml if present)" }),
  handler: async (argv) => {
    const settings = await readProjectSettings({ cwd: io.cwd, ...(argv.config !== undefined ? { configPath: argv.config } : {}) });
    const reading = progressLine(io, "reading");
    const loaded = await loadBundles({ roots: argv.paths ?? [], cwd: io.cwd, includeUntracked: argv.includeUntracked, onBundle: reading.update });
    reading.done();
    const repository = await resolveRepository({ flag: argv.repository, config: settings.repository, gitRoot: loaded.inGit ? loaded.root : null, env: io.env });
    // The ZIPs carry the ownership record, so without an identity they would not be what sync sends.
    if (repository === null) throw missingRepositoryError();
    for (const note of loaded.notes) io.stderr(`note: ${note}\n`);
    const { errors } = countBySeverity(loaded.diagnostics);
    if (errors > 0) {
      // Packing a repo Dust would partly refuse would show uploads that do not match what a sync sends.
      io.stderr(formatText(loaded.diagnostics.filter((d) => d.severity === "error")));
      io.stderr(`dust-skills: ${errors} error${errors === 1 ? "" : "s"}: nothing packed. Fix them first; \`dust-skills validate\` shows warnings too.\n`);
      setExit(1);
      return;
    }
    const outDir = resolve(io.cwd, argv.out);
    const shown = display(io.cwd, outDir);
    const writer = new UploadWriter(outDir, shown);
    await writer.start();
    const progress = progressLine(io, "packing");
    // Each request's ZIPs are written as soon as they are full, then dropped: memory stays flat.
    const result = await packRequests(loaded.bundles, { repository: repository.id, onProgress: (done, total) => progress.update(done, total) }, async (_request, build) => {
      for (const upload of build()) await writer.write(upload);
    });
    progress.done();
    io.stdout(formatPackSummary(result, shown));
    setExit(result.errors.length > 0 ? 1 : 0);
  },
});

/** Relative to the current directory when inside it, else absolute; POSIX separators. */
function display(cwd: string, abs: string): string {
  const r = relative(cwd, abs);
  if (r === "") return ".";
  return toPosix(isInside(abs, cwd) ? r : abs);
}
