/**
 * Streams a 1,000,000-row `messages` export through DustClient.exportCsv and prints throughput and memory
 * at 100k, 500k and 1M rows. The emulator runs in a child process so that the numbers are the client's alone.
 *
 *   npx tsx bench/export-stream.ts [rows]
 *
 * Then the CSV reader alone on the same bytes replayed from memory, to separate the client's cost from
 * the emulator's (both share the machine).
 *
 * Targets: ≥ 100,000 rows/s, and retained heap at 1M rows within 1.5× of that at 100k (flat memory).
 */
import { request } from "undici";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DustClient } from "../src/dust/client.js";
import { csvRows } from "../src/dust/csv.js";
import { startChildEmulator } from "./lib/child-emulator.js";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const DAYS = 30;
const TARGET_ROWS_PER_S = 100_000;
const TARGET_HEAP_RATIO = 1.5;
const CHECKPOINTS = new Set([100_000, 500_000, 1_000_000, ROWS]);
const KEY = "sk-bench-admin-0123456789";

const seed = { workspaces: [{ id: "w_bench", keys: [{ key: KEY, role: "admin" as const }], analytics: { seed: 1, days: DAYS, messagesRows: ROWS } }] };
const { url, stop } = await startChildEmulator(seed);

// Retained heap (after a full GC) is the number that must stay flat; the peak between GCs only shows
// how lazily V8 collects. Exposing gc at run time keeps the command a plain `npx tsx`.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const client = new DustClient({ baseUrl: url, workspaceId: "w_bench", apiKey: KEY });
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

let rows = 0;
let peakHeap = 0;
const heapAt = new Map<number, number>();
const started = performance.now();
for await (const row of client.exportCsv({ table: "messages", startDate: day(-(DAYS + 1)), endDate: day(1) })) {
  if (row["messageId"] === undefined) throw new Error("row without messageId");
  rows++;
  if (rows % 10_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  if (CHECKPOINTS.has(rows)) {
    const s = (performance.now() - started) / 1000;
    gc();
    const m = process.memoryUsage();
    heapAt.set(rows, m.heapUsed);
    console.log(
      `${rows.toLocaleString("en-US").padStart(9)} rows  ${Math.round(rows / s).toLocaleString("en-US").padStart(9)} rows/s  ` +
        `retained heap ${mb(m.heapUsed)}  peak heap ${mb(peakHeap)}  rss ${mb(m.rss)}  peak rss ${mb(process.resourceUsage().maxRSS * 1024)}`,
    );
  }
}
const seconds = (performance.now() - started) / 1000;
await client.close();

const rate = rows / seconds;
const first = heapAt.get(100_000) ?? heapAt.values().next().value ?? 0;
const last = heapAt.get(rows) ?? 0;
console.log(`\nend to end: ${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s`);
console.log(`throughput: ${Math.round(rate).toLocaleString("en-US")} rows/s = ${(rate / TARGET_ROWS_PER_S).toFixed(2)}× the ${TARGET_ROWS_PER_S.toLocaleString("en-US")} rows/s target`);
console.log(`retained heap at ${rows.toLocaleString("en-US")} / at 100,000 rows: ${(last / first).toFixed(2)} (target ≤ ${TARGET_HEAP_RATIO})`);
if (rows !== ROWS) console.log(`note: the export had ${rows} rows, not ${ROWS}`);

// The reader alone: one 64 KiB block of real export text (cut at a row end; messages cells hold no line
// breaks) replayed until ROWS rows.
const block = await sampleBlock();
const perBlock = block.toString("utf8").split("\n").length - 1;
async function* replay(): AsyncGenerator<Buffer> {
  yield Buffer.from("messageId,createdAt,assistantId,assistantName,assistantSettings,assistantTags,conversationId,parentMessageId,userId,userEmail,source,toolsUsed,skillsUsed,modelId,modelProviderId,modelResolutionMethod,credits\n");
  for (let n = 0; n < ROWS; n += perBlock) yield block;
}
const t0 = performance.now();
let parsed = 0;
for await (const _row of csvRows(replay())) parsed++;
const parseRate = parsed / ((performance.now() - t0) / 1000);
console.log(`reader alone: ${parsed.toLocaleString("en-US")} rows at ${Math.round(parseRate).toLocaleString("en-US")} rows/s = ${(parseRate / TARGET_ROWS_PER_S).toFixed(2)}× the target`);

async function sampleBlock(): Promise<Buffer> {
  const res = await request(`${url}/api/v1/w/w_bench/analytics/export?table=messages&startDate=${day(-2)}&endDate=${day(0)}`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  const text = await res.body.text();
  const body = text.slice(text.indexOf("\n") + 1, 64 * 1024);
  return Buffer.from(body.slice(0, body.lastIndexOf("\n") + 1));
}
stop();
