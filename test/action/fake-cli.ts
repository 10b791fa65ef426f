import { writeFileSync } from "node:fs";
import type { CliMain } from "../../src/action/cli-runner.js";
import type { Diagnostic } from "../../src/model/bundle.js";
import type { ActionKind, Plan, PlanAction, PlanSummary } from "../../src/model/plan.js";
import type { SkillResult, SyncResult } from "../../src/model/sync.js";

/**
 * A stand-in for the CLI's main() that speaks its documented contract for validate, plan and sync (flags, the
 * Plan and SyncResult JSON, exit codes), so run() is tested on every branch without a Dust workspace.
 */
export interface FakeCliScenario {
  diagnostics?: Diagnostic[];
  /** How many actions of each kind the plan holds. */
  summary?: Partial<Record<ActionKind, number>>;
  planErrors?: string[];
  /** Exit code of plan/sync; with `writeJson: false` the CLI fails before writing its JSON. */
  planExit?: number;
  writeJson?: boolean;
  /** sync: per-skill results; a plan with errors makes sync write `null`, as the CLI does. */
  syncResults?: Array<Pick<SkillResult, "name" | "kind" | "status"> & { message?: string }>;
  /** Printed to stderr by every command, to prove the Action redacts what the CLI prints. */
  stderrLine?: string;
  /** Added line of every update's instructions diff: skill text the comment must not let through raw. */
  diffLine?: string;
}

export interface FakeCli {
  main: CliMain;
  calls: Array<{ argv: string[]; env: NodeJS.ProcessEnv; cwd: string }>;
}

export function fakePlan(counts: Partial<Record<ActionKind, number>> = {}, errors: string[] = [], diffLine?: string): Plan {
  const actions: PlanAction[] = [];
  const kinds: ActionKind[] = ["create", "update", "unchanged", "conflict", "takeover", "drifted", "orphan", "archive", "invalid"];
  for (const kind of kinds) {
    for (let i = 0; i < (counts[kind] ?? (kind === "unchanged" ? 3 : 0)); i++) {
      const name = `${kind}-skill-${i}`;
      actions.push({
        kind, name,
        bundle: { dir: `skills/${name}`, skillMd: `skills/${name}/SKILL.md`, filePath: null },
        live: kind === "create" ? null : { sId: `sk_${kind}${i}`, name, source: "api", filePath: `skills/${name}/SKILL.md`, availability: "workspace_users", updatedAt: 1_700_000_000_000, record: null },
        reasons: [`${kind} because the test says so`], changedInGit: null, notes: [],
        changes: kind === "update" && diffLine !== undefined
          ? [{ field: "instructions", liveFields: ["instructions"], before: "old", after: `old\n${diffLine}`, diff: `@@ -1 +1,2 @@\n old\n+${diffLine}\n`, added: 1, removed: 0 }]
          : [],
        willUpload: ["create", "update", "drifted", "takeover"].includes(kind), willArchive: kind === "archive",
        availability: null, conflictPolicy: kind === "conflict" ? "error" : null, renamed: null, recentUsage: null,
      });
    }
  }
  const summary = Object.fromEntries(kinds.map((k) => [k, actions.filter((a) => a.kind === k).length])) as unknown as PlanSummary;
  summary.excluded = 0;
  return {
    version: 1, target: { workspaceId: "ws_acme", baseUrl: "http://127.0.0.1:1" }, actions, excluded: [], summary,
    uncomparable: ["attachment contents"], notes: [], requests: null,
    hasChanges: actions.some((a) => a.willUpload || a.willArchive), errors,
  };
}

export function fakeCli(scenario: FakeCliScenario = {}): FakeCli {
  const calls: FakeCli["calls"] = [];
  const main: CliMain = async (argv, io) => {
    calls.push({ argv, env: io.env, cwd: io.cwd });
    if (scenario.stderrLine) io.stderr(`${scenario.stderrLine}\n`);
    const flag = (name: string): string | undefined => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : undefined;
    };
    const [command] = argv;
    const format = flag("--format");
    const out = flag("--out");
    const emit = (text: string): void => (out ? writeFileSync(out, text) : io.stdout(text));
    if (command === "validate") {
      const diagnostics = scenario.diagnostics ?? [];
      io.stdout(JSON.stringify({ version: 1, bundles: [], diagnostics }));
      return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
    }
    if (command === "plan" || command === "sync") {
      if (scenario.writeJson === false) {
        io.stderr("dust-skills: The API key provided is invalid or disabled. (401 invalid_api_key_error)\n");
        return scenario.planExit ?? 1;
      }
      const plan = fakePlan(scenario.summary, scenario.planErrors, scenario.diffLine);
      if (format !== "json") throw new Error("the Action asks for JSON only");
      if (command === "plan") {
        emit(JSON.stringify(plan));
        return scenario.planExit ?? (plan.errors.length > 0 ? 1 : 0);
      }
      if (plan.errors.length > 0) {
        emit("null\n");
        return 1;
      }
      const results: SkillResult[] = (scenario.syncResults ?? []).map((r) => ({ message: null, sId: null, ...r }));
      const sync: SyncResult = { version: 1, plan, results, uploads: [], requests: 0, bytesUploaded: 0, interrupted: null, ok: results.every((r) => r.status !== "failed") };
      emit(JSON.stringify(sync));
      return scenario.planExit ?? (sync.ok ? 0 : 1);
    }
    io.stderr(`dust-skills: unknown command ${command}\n`);
    return 1;
  };
  return { main, calls };
}
