/**
 * Startup of the shipped CLI (bin/dust-skills.js → dist/cli.js), side by side with a bare Node start:
 *   `dust-skills --version`              target ≤ 2× `node -e 0`
 *   `dust-skills validate skills-example` target ≤ 3× `node -e 0`
 * Runs the three commands in turn, ROUNDS times, so a busy machine slows all of them alike; prints the median
 * wall time and ratios, and beside them the mean CPU time (user + system) each run cost, which a loaded machine
 * (the 2 shared cores here) disturbs much less. Asserts nothing. Measures the committed dist/ (run
 * `npm run build` first after changing src/).
 * Run: npx tsx bench/startup.ts
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROUNDS = 25;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin/dust-skills.js");

interface Case {
  label: string;
  args: string[];
  target?: number;
}

const cases: Case[] = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "dust-skills --version", args: [bin, "--version"], target: 2 },
  { label: "dust-skills validate skills-example", args: [bin, "validate", "skills-example"], target: 3 },
];

/**
 * CPU time of every child this process has waited for, in ms (Linux: /proc/self/stat cutime + cstime, in clock
 * ticks of 10 ms); summed over all rounds, the mean per run is finer than a tick. null where there is no /proc.
 */
function childrenCpuMs(): number | null {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    // Fields after "(comm) ": state is index 0, so cutime (16th field overall) is 13 and cstime 14.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function wallMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // validate exits 0 on skills-example (warnings only); anything else means the measurement is of a failure.
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr.toString()}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

for (const c of cases) wallMs(c.args); // warm the file cache
const samples = cases.map(() => [] as number[]);
const cpu = cases.map(() => 0);
for (let round = 0; round < ROUNDS; round += 1) {
  cases.forEach((c, i) => {
    const before = childrenCpuMs();
    samples[i]!.push(wallMs(c.args));
    const after = childrenCpuMs();
    if (before !== null && after !== null) cpu[i]! += after - before;
  });
}
const cpuMean = (i: number): number | null => (childrenCpuMs() === null ? null : cpu[i]! / ROUNDS);

const floor = median(samples[0]!);
const cpuFloor = cpuMean(0);
console.log(`Node ${process.version}, ${ROUNDS} rounds: median wall (min–max), then mean CPU per run (user + system)`);
cases.forEach((c, i) => {
  const xs = samples[i]!;
  const m = median(xs);
  const ratio = m / floor;
  const verdict = c.target === undefined ? "floor" : `${ratio.toFixed(2)}× (target ≤ ${c.target}×: ${ratio <= c.target ? "met" : "MISSED"})`;
  const ms = cpuMean(i);
  const cpuText = ms === null || cpuFloor === null ? "CPU n/a" : `CPU ${ms.toFixed(0)} ms (${(ms / cpuFloor).toFixed(2)}×)`;
  console.log(`  ${c.label.padEnd(38)} ${m.toFixed(0).padStart(5)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})  ${verdict}  ${cpuText}`);
});
