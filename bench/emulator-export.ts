/**
 * The emulator's side of a large export: how fast it streams the `messages` table and whether its memory
 * stays flat as the table grows (rows are generated lazily and written with backpressure). The body is
 * only counted, never kept, so the memory printed is the emulator's.
 *
 *   npx tsx bench/emulator-export.ts
 *
 * Targets: ≥ 200,000 rows/s, and retained heap during a 1M-row export within 1.5× of a 100k-row one.
 */
import { request } from "undici";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { startEmulator } from "../src/emulator/index.js";

const TARGET_ROWS_PER_S = 200_000;
const TARGET_HEAP_RATIO = 1.5;
const KEY = "sk-bench-admin";
const DAYS = 30;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function run(rows: number): Promise<{ seconds: number; bytes: number; heap: number; rss: number }> {
  const emu = await startEmulator({
    seed: { workspaces: [{ id: "w_bench", keys: [{ key: KEY, role: "admin" }], analytics: { seed: 1, days: DAYS, messagesRows: rows } }] },
  });
  const today = new Date().toISOString().slice(0, 10);
  const start = new Date(Date.now() - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  gc();
  let heap = 0;
  let rss = 0;
  const sample = setInterval(() => {
    gc();
    heap = Math.max(heap, process.memoryUsage().heapUsed);
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 200);
  const t0 = performance.now();
  const res = await request(`${emu.url}/api/v1/w/w_bench/analytics/export?table=messages&startDate=${start}&endDate=${today}`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sample);
  await emu.close();
  if (lines !== rows + 1) throw new Error(`expected ${rows + 1} lines, got ${lines}`);
  return { seconds, bytes, heap, rss };
}

const small = await run(100_000);
const large = await run(1_000_000);
for (const [rows, r] of [
  [100_000, small],
  [1_000_000, large],
] as const) {
  console.log(
    `${rows.toLocaleString("en")} rows: ${r.seconds.toFixed(2)} s, ${Math.round(rows / r.seconds).toLocaleString("en")} rows/s, ` +
      `${mb(r.bytes)} sent, retained heap ≤ ${mb(r.heap)}, rss ≤ ${mb(r.rss)}`,
  );
}
const rate = 1_000_000 / large.seconds;
const ratio = large.heap / small.heap;
console.log(`rate: ${Math.round(rate).toLocaleString("en")} rows/s (target ≥ ${TARGET_ROWS_PER_S.toLocaleString("en")}: ${(rate / TARGET_ROWS_PER_S).toFixed(2)}×)`);
console.log(`heap 1M / 100k: ${ratio.toFixed(2)} (target ≤ ${TARGET_HEAP_RATIO}: ${ratio <= TARGET_HEAP_RATIO ? "ok" : "over"})`);
