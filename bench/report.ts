/**
 * The usage drift report over a 90-day window for 500, 1,000 and 2,000 skills: wall time of one report
 * (GET /skills active + archived, the `skills` and `skill_usage` exports, the plan, the join, the HTML page)
 * and memory while it runs. The emulator runs in a child process with generated analytics; its answers are
 * recorded once and replayed from memory for the timed runs, so the numbers are the report's alone (the
 * emulator's own generation time is printed beside them). Bundles are built in memory (reading them from
 * disk is `validate`'s benchmark).
 *
 *   npx tsx bench/report.ts
 *
 * Targets: 2,000 skills × 90 days under 2 s; retained heap grows with skills × days, not with export rows.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { request } from "undici";
import type { Bundle } from "../src/model/bundle.js";
import { DustClient } from "../src/dust/client.js";
import type { EmulatorSeed, SkillSeed } from "../src/emulator/index.js";
import { renderReportHtml } from "../src/render/report-html.js";
import { runReport } from "../src/report/run.js";
import { UsageAggregator } from "../src/report/usage.js";
import { resolveWindow } from "../src/report/window.js";
import { startChildEmulator } from "./lib/child-emulator.js";

const SIZES = (process.env["BENCH_SIZES"] ?? "500,1000,2000").split(",").map(Number);
const DAYS = 90;
const TARGET_MS = 2_000;
const RUNS = 3;
const KEY = "sk-bench-report-admin";
const DAY_MS = 86_400_000;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Half the skills come from git (a twentieth of those drifted), a quarter are web-app skills, the rest archived. */
function workspace(n: number): { skills: SkillSeed[]; bundles: Bundle[] } {
  const skills: SkillSeed[] = [];
  const bundles: Bundle[] = [];
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const name = `skill-${String(i).padStart(4, "0")}`;
    const dir = `skills/${name}`;
    const instructions = `# ${name}\n\nFollow the steps for ${name}.\n`;
    const common = {
      name,
      agentFacingDescription: `${name} helps`,
      userFacingDescription: `${name} helps`,
      availability: "workspace_users" as const,
      createdAt: now - 200 * DAY_MS,
      updatedAt: now - 150 * DAY_MS,
    };
    if (i % 2 === 0) {
      skills.push({ ...common, instructions: i % 40 === 0 ? `${instructions}Edited in Dust.\n` : instructions, source: "api", sourceMetadata: { filePath: `${dir}/SKILL.md` } });
      bundles.push({
        root: "/repo",
        dir,
        skillMd: `${dir}/SKILL.md`,
        files: [{ rel: "SKILL.md", size: 120 }],
        attachments: [],
        dropped: [],
        skill: { name, description: `${name} helps`, instructions },
      });
    } else if (i % 4 === 1) {
      skills.push({ ...common, instructions, source: "web_app" });
    } else {
      skills.push({ ...common, instructions, source: "web_app", status: "archived", updatedAt: now - 30 * DAY_MS });
    }
  }
  return { skills, bundles };
}

const corpora = new Map(SIZES.map((n) => [n, workspace(n)]));
const seed: EmulatorSeed = {
  workspaces: SIZES.map((n) => ({
    id: `w_${n}`,
    keys: [{ key: `${KEY}-${n}`, role: "admin" }],
    skills: corpora.get(n)?.skills ?? [],
    analytics: { seed: 1, days: DAYS },
  })),
};

const { url, stop } = await startChildEmulator(seed);

/**
 * A pass-through to the emulator that keeps every answer; once a size has been recorded it replays the
 * answers from memory, so the timed runs measure the report (HTTP, CSV, plan, join, HTML), not the emulator
 * generating 90 days of analytics.
 */
const recorded = new Map<string, { status: number; type: string; body: Buffer }>();
let replaying = false;
const proxy = createServer((req, res) => {
  const key = req.url ?? "";
  const hit = replaying ? recorded.get(key) : undefined;
  if (hit) {
    res.writeHead(hit.status, { "content-type": hit.type });
    res.end(hit.body);
    return;
  }
  void (async () => {
    const up = await request(`${url}${key}`, { method: "GET", headers: { authorization: req.headers.authorization ?? "" } });
    const body = Buffer.from(await up.body.arrayBuffer());
    const type = String(up.headers["content-type"] ?? "application/json");
    if (up.statusCode === 200) recorded.set(key, { status: up.statusCode, type, body });
    res.writeHead(up.statusCode, { "content-type": type });
    res.end(body);
  })().catch((err: unknown) => {
    res.writeHead(502);
    res.end(String(err));
  });
});
await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

interface Run {
  ms: number;
  /** CPU time of this process (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  rows: number;
  bytes: number;
  peakHeap: number;
  retained: number;
  skills: number;
  executions: number;
}

async function once(n: number): Promise<Run> {
  const corpus = corpora.get(n);
  if (!corpus) throw new Error(`no corpus for ${n}`);
  const client = new DustClient({ baseUrl: proxyUrl, workspaceId: `w_${n}`, apiKey: `${KEY}-${n}` });
  gc();
  const base = getHeapStatistics().used_heap_size;
  let peakHeap = 0;
  // getHeapStatistics is cheap; process.memoryUsage() also measures RSS and would slow the run it samples.
  const sample = setInterval(() => (peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size - base)), 10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await runReport({
    source: client,
    bundles: corpus.bundles,
    window: resolveWindow({ days: DAYS }, new Date()),
    now: new Date(),
    log: process.env["BENCH_TRACE"] ? (l) => console.error(`  +${(performance.now() - t0).toFixed(0)} ms ${l}`) : undefined,
  });
  if (process.env["BENCH_TRACE"]) console.error(`  +${(performance.now() - t0).toFixed(0)} ms joined`);
  const html = renderReportHtml(report);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sample);
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size - base);
  // Retained: what the report itself keeps (the Report object alive, everything transient collected).
  gc();
  const retained = getHeapStatistics().used_heap_size - base;
  await client.close();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, rows: report.usageRows ?? 0, bytes: html.length, peakHeap, retained, skills: report.skills.length, executions: report.totals.executions ?? 0 };
}

const results: { n: number; endToEnd: number; median: Run }[] = [];
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} CPUs (wall times are only meaningful on an idle machine)`);
try {
  for (const n of SIZES) {
    replaying = false;
    const endToEnd = (await once(n)).ms; // also records the answers, and warms up JIT and the connection pool
    replaying = true;
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(n));
    runs.sort((a, b) => a.ms - b.ms);
    const median = runs[Math.floor(runs.length / 2)] as Run;
    results.push({ n, endToEnd, median });
    console.log(
      `${String(n).padStart(5)} skills × ${DAYS} days: report ${median.ms.toFixed(0).padStart(5)} ms wall, ${median.cpuMs.toFixed(0)} ms CPU (median of ${RUNS}; ` +
        `${endToEnd.toFixed(0)} ms with the emulator generating), ${median.rows.toLocaleString("en-US")} usage rows, ` +
        `${median.skills} report rows, HTML ${mb(median.bytes)}, heap peak +${mb(median.peakHeap)}, retained +${mb(median.retained)}`,
    );
  }
} finally {
  stop();
  proxy.close();
}

const first = results[0];
const last = results[results.length - 1];
if (first && last) {
  console.log(
    `\n${last.n} skills: ${last.median.ms.toFixed(0)} ms wall against the ${TARGET_MS} ms target: ratio ${(last.median.ms / TARGET_MS).toFixed(2)}; ` +
      `CPU ${last.median.cpuMs.toFixed(0)} ms: ratio ${(last.median.cpuMs / TARGET_MS).toFixed(2)} (≤ 1 passes)`,
  );
  const rowsGrowth = last.median.rows / first.median.rows;
  const heapGrowth = last.median.peakHeap / Math.max(1, first.median.peakHeap);
  console.log(
    `export rows ×${rowsGrowth.toFixed(1)} from ${first.n} to ${last.n} skills; peak heap ×${heapGrowth.toFixed(1)}; ` +
      `peak heap per usage row: ${(first.median.peakHeap / first.median.rows).toFixed(0)} B → ${(last.median.peakHeap / last.median.rows).toFixed(0)} B ` +
      `(the aggregate is skills × days arrays; rows are not kept)`,
  );
}

/**
 * Memory against export size with the skills fixed: the same 2,000 names × 90 days fed as 200k and then
 * 2M rows (a name-day repeats, as when two skills share a name). The aggregate must not grow with rows.
 */
function aggregateRows(total: number): { ms: number; retained: number } {
  const window = resolveWindow({ days: DAYS }, new Date());
  const names = Array.from({ length: 2_000 }, (_, i) => `skill-${i}`);
  gc();
  const base = getHeapStatistics().used_heap_size;
  const t0 = performance.now();
  const agg = new UsageAggregator(window);
  for (let i = 0; i < total; i++) {
    agg.add({
      date: window.dates[i % DAYS] ?? "",
      skillName: names[Math.floor(i / DAYS) % names.length] ?? "",
      executions: String(1 + (i % 7)),
      uniqueUsers: "1",
    });
  }
  const ms = performance.now() - t0;
  gc();
  const retained = getHeapStatistics().used_heap_size - base;
  if (agg.result().byName.size !== Math.min(names.length, Math.ceil(total / DAYS))) throw new Error("aggregate lost names");
  return { ms, retained };
}

const small = aggregateRows(200_000);
const large = aggregateRows(2_000_000);
console.log(
  `\naggregation alone, 2,000 names × ${DAYS} days: 200k rows ${small.ms.toFixed(0)} ms, retained +${mb(small.retained)}; ` +
    `2M rows ${large.ms.toFixed(0)} ms, retained +${mb(large.retained)}: ratio ${(large.retained / Math.max(1, small.retained)).toFixed(2)} (target ≤ 1.5, flat)`,
);

