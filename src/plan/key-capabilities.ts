import type { PlanAction } from "../model/plan.js";

/**
 * What a non-admin key cannot do, said before anything is sent. Since Dust PR 32947 only admin-role keys
 * may update, take over or archive existing skills (builder keys may still create), and Dust refuses an
 * update only as it reaches it, leaving earlier skills of the same upload written. The key's role comes
 * from the listing: only an admin key may list with bypassEditorVisibility.
 *
 * Returns plan errors (so `sync` exits 1 before sending) and notes each action that needs an admin key.
 */
export function keyCapabilityErrors(actions: PlanAction[], opts: { keyIsAdmin: boolean | null; prune: boolean }): string[] {
  if (opts.keyIsAdmin !== false) return [];
  const errors: string[] = [];
  const needAdmin = (what: string, list: PlanAction[]): void => {
    if (list.length === 0) return;
    for (const a of list) a.notes.push("needs an admin API key: this key is not admin");
    const names = list.map((a) => a.name ?? a.bundle?.dir ?? "?").join(", ");
    errors.push(`${list.length} ${what}${list.length === 1 ? "" : "s"} need${list.length === 1 ? "s" : ""} an admin key (${names}): this API key is not admin, and Dust lets non-admin keys create skills only.`);
  };
  needAdmin("update", actions.filter((a) => a.willUpload && (a.kind === "update" || a.kind === "drifted")));
  needAdmin("takeover", actions.filter((a) => a.willUpload && a.kind === "takeover"));
  if (opts.prune) {
    const archives = actions.filter((a) => a.willArchive);
    for (const a of archives) a.notes.push("needs an admin API key: this key is not admin");
    errors.push(
      `--prune needs an admin key: only admin keys may archive skills, and this API key is not admin${archives.length > 0 ? ` (${archives.length} planned archive${archives.length === 1 ? "" : "s"})` : ""}.`,
    );
  }
  return errors;
}
