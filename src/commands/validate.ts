import { DIAGNOSTIC_FORMATS, formatGithub, formatJson, formatText, summaryLine, countBySeverity } from "../render/diagnostics.js";
import type { DiagnosticFormat } from "../render/diagnostics.js";
import { useColor } from "../io.js";
import { defineCommand } from "./index.js";
import type { CommandFactory } from "./index.js";

export const validateCommand: CommandFactory = (io, setExit) => defineCommand({
  command: "validate [paths..]",
  describe: "Check every bundle offline, the way Dust reads it; exit 1 on any error",
  builder: (y) =>
    y
      .positional("paths", {
        type: "string",
        array: true,
        describe: "Folders to search for bundles, or files meaning the bundles holding them (default: current folder)",
      })
      .option("strict", { type: "boolean", default: false, describe: "Also apply the Agent Skills specification rules" })
      .option("staged", {
        type: "boolean",
        default: false,
        describe: "Only bundles with a change staged in git, read from the index: what the commit will contain",
      })
      .option("include-untracked", {
        type: "boolean",
        default: false,
        describe: "Also include untracked files that git does not ignore",
      })
      .option("format", { choices: DIAGNOSTIC_FORMATS, default: "text" as DiagnosticFormat, describe: "Output format" }),
  handler: async (argv) => {
    // Loaded on use: the bundle reader (js-yaml, the checks) should not slow down every other command's start.
    const { loadBundles } = await import("../bundle/load.js");
    const result = await loadBundles({
      roots: argv.paths ?? [],
      cwd: io.cwd,
      strict: argv.strict,
      staged: argv.staged,
      includeUntracked: argv.includeUntracked,
    });
    for (const note of result.notes) io.stderr(`note: ${note}\n`);
    if (argv.format === "json") io.stdout(formatJson(result));
    else if (argv.format === "github") io.stdout(formatGithub(result.diagnostics));
    else io.stdout(formatText(result.diagnostics, useColor(io)));
    io.stderr(`${summaryLine(result.diagnostics, result.bundles.length)}\n`);
    setExit(countBySeverity(result.diagnostics).errors > 0 ? 1 : 0);
  },
});
