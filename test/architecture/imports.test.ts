import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The rule README "Development" states for the core: the planner imports no I/O module and no renderer, so
 * a plan is a function of its inputs. Read from the import graph (type-only imports included: a type from an
 * edge module ties the core to that edge all the same), transitively from every file under src/plan/.
 */
const SRC = resolve(import.meta.dirname, "../../src");

/** Folders the planner may reach: itself, the domain model, and pure helpers. */
const ALLOWED_FOLDERS = ["plan", "model", "lib"];
/** Node built-ins that compute without touching the outside world. */
const ALLOWED_BUILTINS = new Set(["node:path", "node:crypto"]);

interface Edge {
  from: string;
  to: string;
}

function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

function resolveLocal(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${relative(SRC, from)} imports ${spec}, which does not resolve`);
}

/** Every edge reachable from the entry files: local files by path, packages and built-ins by name. */
function importGraph(entries: string[]): Edge[] {
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith(".")) {
        const to = resolveLocal(file, spec);
        edges.push({ from: file, to });
        queue.push(to);
      } else {
        edges.push({ from: file, to: spec });
      }
    }
  }
  return edges;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The edges that break the rule, as `from → to` lines a reader can act on. */
function violations(edges: Edge[]): string[] {
  const bad: string[] = [];
  for (const { from, to } of edges) {
    const shownFrom = relative(SRC, from);
    if (to.startsWith(SRC)) {
      const folder = relative(SRC, to).split(/[\\/]/)[0] ?? "";
      if (!ALLOWED_FOLDERS.includes(folder)) bad.push(`${shownFrom} → ${relative(SRC, to)}`);
    } else if (!ALLOWED_BUILTINS.has(to)) {
      bad.push(`${shownFrom} → ${to}`);
    }
  }
  return bad;
}

describe("the planner's imports", () => {
  const planFiles = tsFiles(join(SRC, "plan"));

  it("reach only the planner, the model and pure helpers: no I/O module, no renderer", () => {
    expect(planFiles.length).toBeGreaterThan(3);
    expect(violations(importGraph(planFiles))).toEqual([]);
  });

  it("are read transitively, so an I/O module behind a helper is caught", () => {
    // The rule must see through a pure-looking file: src/gather reaches git and the filesystem via bundle/.
    const edges = importGraph([join(SRC, "gather", "plan-inputs.ts")]);
    const found = violations(edges);
    expect(found).toContain("gather/plan-inputs.ts → bundle/load.ts");
    expect(found.some((v) => v.startsWith("git/"))).toBe(true);
    expect(found.some((v) => v.endsWith("→ node:fs") || v.endsWith("→ node:fs/promises"))).toBe(true);
  });

  it("names a renderer import from the planner as a violation", () => {
    const fakePlanFile = join(SRC, "plan", "plan.ts");
    expect(violations([{ from: fakePlanFile, to: join(SRC, "render", "plan-text.ts") }])).toEqual(["plan/plan.ts → render/plan-text.ts"]);
    expect(violations([{ from: fakePlanFile, to: "undici" }])).toEqual(["plan/plan.ts → undici"]);
  });
});
