import { readFileSync } from "node:fs";
import { parseSkillMd } from "./src/bundle/skill-md.ts";
import { decodeSkillMd } from "./src/bundle/skill-md-text.ts";
const files = Array.from({ length: 1000 }, (_, i) => `/tmp/benchrepo/skills/skill-${String(i).padStart(4, "0")}/SKILL.md`);
for (let k = 0; k < 4; k++) {
  let c0 = process.cpuUsage();
  const bufs = files.map((f) => readFileSync(f));
  let c = process.cpuUsage(c0); const read = (c.user + c.system) / 1000;
  c0 = process.cpuUsage();
  const texts = bufs.map((b) => decodeSkillMd(b).text!);
  c = process.cpuUsage(c0); const dec = (c.user + c.system) / 1000;
  c0 = process.cpuUsage();
  for (const t of texts) parseSkillMd(t);
  c = process.cpuUsage(c0); const parse = (c.user + c.system) / 1000;
  console.log({ read, dec, parse });
}
