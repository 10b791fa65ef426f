/**
 * The emulator against a decompression bomb: a ~300 KB upload whose entry declares 12 bytes and inflates
 * to 300 MiB. Dust's own reading trusts headers; the emulator decides from real inflated output, so the
 * bomb must cost no more than an honest upload that really inflates to 10 MiB (the floor, measured in the
 * same run), and the process must stay small and keep answering.
 *
 *   npx tsx bench/zip-bomb.ts
 *
 * Targets: refusal time within 2× of the 10 MiB floor; peak RSS growth under 100 MB; the next import answers 200.
 */
import { constants as zlibConstants, crc32, deflateRawSync } from "node:zlib";
import { importBody } from "../src/dust/multipart.js";
import { request } from "undici";
import { startEmulator } from "../src/emulator/index.js";
import { rawZip } from "../test/emulator/helpers.js";
import type { RawZipEntry } from "../test/emulator/helpers.js";

const KEY = "sk-bench-admin";
const MiB = 1024 * 1024;
const TARGET_TIME_RATIO = 2;
const TARGET_RSS_MB = 100;

const md = (name: string): RawZipEntry => {
  const text = Buffer.from(`---\nname: ${name}\ndescription: d\n---\nBody.\n`);
  return { name: `${name}/SKILL.md`, stored: text, method: 0, declaredSize: text.length, crc: crc32(text) };
};

async function post(url: string, data: Buffer): Promise<{ status: number; ms: number }> {
  const { parts, headers } = importBody({ files: [{ fileName: "u.zip", data }], onConflict: "override" });
  const t0 = performance.now();
  const res = await request(`${url}/api/v1/w/w_bench/skills`, { method: "POST", body: Buffer.concat(parts), headers: { ...headers, authorization: `Bearer ${KEY}` } });
  await res.body.text();
  return { status: res.statusCode, ms: performance.now() - t0 };
}

const emu = await startEmulator({ seed: { workspaces: [{ id: "w_bench", keys: [{ key: KEY, role: "admin" }] }] } });
try {
  const tenMiB = Buffer.alloc(10 * MiB - 200, 0x61);
  const honest = rawZip([md("floor"), { name: "floor/a.txt", stored: deflateRawSync(tenMiB), method: 8, declaredSize: tenMiB.length, crc: crc32(tenMiB) }]);
  const block = deflateRawSync(Buffer.alloc(MiB), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const stream = Buffer.concat([...Array.from({ length: 300 }, () => block), deflateRawSync(Buffer.alloc(0))]);
  const bomb = rawZip([md("bomb"), { name: "bomb/notes.txt", stored: stream, method: 8, declaredSize: 12 }]);

  await post(emu.url, honest); // warm up
  const floors: number[] = [];
  for (let i = 0; i < 5; i++) floors.push((await post(emu.url, honest)).ms);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const bombs: { status: number; ms: number }[] = [];
  for (let i = 0; i < 5; i++) bombs.push(await post(emu.url, bomb));
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  const after = await post(emu.url, honest);

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const floor = median(floors);
  const refusal = median(bombs.map((b) => b.ms));
  const growth = (peak - rss0) / MiB;
  console.log(`upload sizes: honest ${(honest.length / 1024).toFixed(0)} KB (inflates to 10 MiB), bomb ${(bomb.length / 1024).toFixed(0)} KB (inflates to 300 MiB, declares 12 B)`);
  console.log(`honest 10 MiB import (floor): ${floor.toFixed(1)} ms median of 5`);
  console.log(`bomb refusal: ${refusal.toFixed(1)} ms median of 5 (status ${bombs.map((b) => b.status).join(",")}), ratio ${(refusal / floor).toFixed(2)}× (target ≤ ${TARGET_TIME_RATIO}×)`);
  console.log(`peak RSS growth during the bombs: ${growth.toFixed(1)} MB (target < ${TARGET_RSS_MB} MB)`);
  console.log(`next import after the bombs: ${after.status}`);
  const ok = bombs.every((b) => b.status === 400) && refusal / floor <= TARGET_TIME_RATIO && growth < TARGET_RSS_MB && after.status === 200;
  console.log(ok ? "PASS" : "FAIL");
  process.exitCode = ok ? 0 : 1;
} finally {
  await emu.close();
}
