import { appendFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

/**
 * GitHub Actions environment files (outputs, step summary), written by hand rather than through
 * @actions/core: the project keeps its dependency list short and these are a few lines each.
 * Formats: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

/**
 * Writes `name<<DELIMITER` blocks to the GITHUB_OUTPUT file: safe for multi-line values. The delimiter is
 * random so that no value can end its own block early and smuggle in another output.
 */
export function formatOutputs(outputs: Record<string, string>, delimiter = `ghadelimiter_${randomUUID()}`): string {
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    if (name.includes(delimiter) || value.includes(delimiter)) {
      throw new Error(`output ${name} contains the delimiter; refusing to write it`);
    }
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}

export function writeOutputs(file: string, outputs: Record<string, string>): void {
  appendFileSync(file, formatOutputs(outputs), "utf8");
}

/** GitHub rejects a step summary over 1 MiB (and then shows none of it): cut with a note instead. */
export const SUMMARY_LIMIT = 1024 * 1024;

export function appendSummary(file: string, markdown: string, limit = SUMMARY_LIMIT): void {
  appendFileSync(file, truncateUtf8(markdown.endsWith("\n") ? markdown : `${markdown}\n`, limit), "utf8");
}

/** Keeps `text` under `limit` UTF-8 bytes, ending with a note that says it was cut. */
export function truncateUtf8(text: string, limit: number, note = "\n\n_…cut to fit GitHub's size limit; see the job log._\n"): string {
  if (Buffer.byteLength(text, "utf8") <= limit) return text;
  const room = limit - Buffer.byteLength(note, "utf8");
  let cut = Buffer.from(text, "utf8").subarray(0, Math.max(0, room)).toString("utf8");
  // A multi-byte character split at the boundary decodes to U+FFFD: drop it.
  cut = cut.replace(/\uFFFD$/, "");
  return cut + note;
}
