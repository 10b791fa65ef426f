import type { SyncResult } from "../model/sync.js";
import { tableCell } from "./markdown-cell.js";

/** A sync whose plan has errors sends nothing: its result carries the plan and no per-skill results. */
export function refusedSync(sync: SyncResult): boolean {
  return sync.results.length === 0 && sync.plan.errors.length > 0;
}

/** What sync did, as a Markdown table: one row per skill, the failures with their reason. */
export function renderSyncMarkdown(sync: SyncResult): string {
  if (refusedSync(sync)) return "### Sync refused\n\nNothing was sent: the plan has errors.\n";
  const failed = sync.results.filter((r) => r.status === "failed").length;
  let md = `### Sync ${sync.ok ? "succeeded" : `failed (${failed} of ${sync.results.length})`}\n\n`;
  if (sync.results.length === 0) return md + "Nothing was sent: the workspace already matched.\n";
  md += "| Skill | Action | Result | Note |\n|---|---|---|---|\n";
  for (const r of sync.results) {
    const icon = { ok: "✅", failed: "❌", skipped: "⏭️", unknown: "❔", "not-sent": "⏸️" }[r.status] ?? "";
    md += `| ${tableCell(r.name)} | ${tableCell(r.kind)} | ${icon} ${r.status} | ${tableCell(r.message ?? "")} |\n`;
  }
  return md;
}
