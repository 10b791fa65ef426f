import type { SkillResult, SyncResult } from "../model/sync.js";
import { safeText } from "../lib/safe-text.js";
import { makeColors } from "./colors.js";

const VERBS: Record<string, string> = {
  create: "created",
  update: "updated",
  drifted: "overwrote Dust edit of",
  takeover: "took over",
  archive: "archived",
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One line per skill, then a summary line; failures say why. */
export function renderSyncText(result: SyncResult, opts: { color: boolean }): string {
  const c = makeColors(opts.color);
  const lines = result.results.map((r) => line(r, c));
  const count = (status: SkillResult["status"], kinds?: string[]): number =>
    result.results.filter((r) => r.status === status && (!kinds || kinds.includes(r.kind))).length;
  const created = count("ok", ["create"]);
  const updated = count("ok", ["update", "drifted", "takeover"]);
  const archived = count("ok", ["archive"]);
  const failed = count("failed");
  const unknown = count("unknown");
  const notSent = count("not-sent");
  const kib = (result.bytesUploaded / 1024).toFixed(1);
  const sent = `${plural(result.requests, "request")}, ${plural(result.uploads.length, "ZIP")}, ${kib} KiB`;
  let summary =
    result.results.length === 0
      ? "Sync: nothing to do. The workspace matches the repository."
      : `Sync: ${created} created, ${updated} updated, ${archived} archived, ${failed} failed` +
        `${unknown > 0 ? `, ${unknown} may have been applied` : ""}${notSent > 0 ? `, ${notSent} not sent` : ""} (${sent}).`;
  if (result.interrupted) {
    summary += `\nInterrupted by ${result.interrupted}: no request was sent after it. Run sync again to finish; it picks up from what Dust now has.`;
  }
  return `${lines.join("")}${summary}\n`;
}

function line(result: SkillResult, c: ReturnType<typeof makeColors>): string {
  // Names and messages come from users and servers: escaped, so no line can rewrite the ones before it.
  const r = { ...result, name: safeText(result.name), sId: result.sId === null ? null : safeText(result.sId), message: result.message === null ? null : safeText(result.message, { multiline: true }) };
  const verb = VERBS[r.kind] ?? r.kind;
  const id = r.sId ? ` (${r.sId})` : "";
  if (r.status === "ok") return `${c.green("✓")} ${verb} ${r.name}${id}${r.message ? `: ${r.message}` : ""}\n`;
  if (r.status === "unknown") return `${c.yellow("?")} ${r.kind} ${r.name}${id} ${r.message ?? "may have been applied"}\n`;
  if (r.status === "not-sent") return `${c.dim("-")} ${r.kind} ${r.name}: ${r.message ?? "not sent"}\n`;
  if (r.status === "skipped") return `${c.dim("-")} skipped ${r.name}: ${r.message ?? ""}\n`;
  return `${c.red("✗")} ${r.kind} ${r.name} failed: ${r.message ?? "unknown error"}\n`;
}

export function renderSyncJson(result: SyncResult | null): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
