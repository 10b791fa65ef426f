/**
 * Lists 10,000 skills (5,000 active of which 1,000 unpublished, 5,000 archived) through
 * DustClient.listAllSkills, with skill objects the size Dust sends. Two measures: end to end against the
 * emulator, and the client alone against a server replaying the emulator's bodies (so the emulator's own
 * time does not count).
 *
 *   npx tsx bench/list-skills.ts [skills]
 *
 * Target: the whole listing (two requests, validation, sorting) in under 2 s.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { DustClient } from "../src/dust/client.js";
import { startEmulator } from "../src/emulator/index.js";
import type { SkillSeed } from "../src/emulator/index.js";

const COUNT = Number(process.argv[2] ?? 10_000);
const TARGET_MS = 2_000;
const RUNS = 5;
const KEY = "sk-bench-admin-0123456789";

const instructions = "Follow these steps carefully.\n\n".concat("- Do one precise thing, then check it.\n".repeat(40));
const skills: SkillSeed[] = Array.from({ length: COUNT }, (_, i) => ({
  sId: `skl_${i.toString(36).padStart(8, "0")}`,
  name: `Skill ${String(i).padStart(5, "0")} ${i % 7 === 0 ? "Ünïcødé" : "plain"}`,
  agentFacingDescription: `Use this for task number ${i}.`,
  userFacingDescription: `Task ${i}.`,
  instructions,
  source: i % 3 === 0 ? "web_app" : "api",
  sourceMetadata: i % 3 === 0 ? null : { filePath: `skills/skill-${i}/SKILL.md` },
  fileAttachments: [
    { fileId: `fil_${i}a`, fileName: "scripts/run.py" },
    { fileId: `fil_${i}b`, fileName: "references/guide.md" },
  ],
  status: i % 2 === 0 ? "active" : "archived",
  availability: i % 10 === 0 ? "editors" : "workspace_users",
  tools: [{ sId: `mcp_${i}`, name: "search", server: { name: "search", tools: [{ name: "q", inputSchema: { type: "object" } }] } }],
}));

async function median(client: DustClient): Promise<{ median: number; best: number; listed: number }> {
  const times: number[] = [];
  let listed = 0;
  for (let run = 0; run < RUNS; run++) {
    const t = performance.now();
    const all = await client.listAllSkills();
    times.push(performance.now() - t);
    listed = all.active.length + all.archived.length;
  }
  if (listed !== COUNT) throw new Error(`listed ${listed} skills, expected ${COUNT}`);
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)] ?? 0, best: times[0] ?? 0, listed };
}

function report(label: string, r: { median: number; best: number; listed: number }): void {
  console.log(
    `${label}: median ${r.median.toFixed(0)} ms, best ${r.best.toFixed(0)} ms, ` +
      `${Math.round(r.listed / (r.median / 1000)).toLocaleString("en-US")} skills/s, ${(r.median / TARGET_MS).toFixed(2)}× the ${TARGET_MS} ms target`,
  );
}

const emu = await startEmulator({ seed: { workspaces: [{ id: "w_bench", keys: [{ key: KEY, role: "admin" }], skills }] } });
const bodies = new Map<string, Buffer>();
try {
  for (const status of ["active", "archived"]) {
    const path = `/api/v1/w/w_bench/skills?status=${status}&bypassEditorVisibility=true`;
    const res = await request(`${emu.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
    bodies.set(path, Buffer.from(await res.body.arrayBuffer()));
  }
  const client = new DustClient({ baseUrl: emu.url, workspaceId: "w_bench", apiKey: KEY });
  console.log(`${COUNT.toLocaleString("en-US")} skills (active + archived, unpublished included), ${RUNS} runs each; bodies ${(
    [...bodies.values()].reduce((n, b) => n + b.length, 0) / 1024 / 1024
  ).toFixed(1)} MB`);
  report("end to end (emulator + client, one process)", await median(client));
  await client.close();
} finally {
  await emu.close();
}

const replay = createServer((req, res) => {
  const body = bodies.get(req.url ?? "");
  res.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(body ?? "{}");
});
await new Promise<void>((r) => replay.listen(0, "127.0.0.1", r));
const replayUrl = `http://127.0.0.1:${(replay.address() as AddressInfo).port}`;
const client = new DustClient({ baseUrl: replayUrl, workspaceId: "w_bench", apiKey: KEY });
try {
  report("client alone (replayed bodies)", await median(client));
} finally {
  await client.close();
  replay.closeAllConnections();
  replay.close();
}
