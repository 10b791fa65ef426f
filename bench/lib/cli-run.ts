/**
 * Runs the CLI against an emulator, in-process (main()) or as a child process (`node bin/dust-skills.js`, wall
 * time including Node's startup), and returns what the emulator saw during that one run.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli.js";
import type { Emulator, RequestLogEntry } from "../../src/emulator/index.js";
import { captureIo } from "../../test/helpers/io.js";

export interface CliRun {
  code: number;
  out: string;
  err: string;
  wallMs: number;
  /**
   * CPU time, a load-independent companion to wall time on a busy machine. In-process: this process (the CLI
   * and the emulator, git children excluded); spawned: the CLI and its git children, via /usr/bin/time.
   */
  cpuMs: number | null;
  /** The emulator's request log entries made by this run only. */
  requests: RequestLogEntry[];
}

export interface CliTarget {
  emulator: Emulator;
  workspaceId: string;
  apiKey: string;
  cwd: string;
}

const TIME = "/usr/bin/time";
const CPU_MARK = "@@cpu ";

const envOf = (t: CliTarget): Record<string, string> => ({
  DUST_BASE_URL: t.emulator.url,
  DUST_WORKSPACE_ID: t.workspaceId,
  DUST_API_KEY: t.apiKey,
  NO_COLOR: "1",
});

export async function runInProcess(t: CliTarget, args: string[]): Promise<CliRun> {
  const mark = t.emulator.requests.length;
  const io = captureIo({ cwd: t.cwd, env: { ...process.env, ...envOf(t) } });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const code = await main(args, io);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { code, out: io.out(), err: io.err(), wallMs, cpuMs, requests: t.emulator.requests.slice(mark) };
}

/** Async spawn (not spawnSync): the emulator answering the child lives on this process's event loop. */
export async function runSpawned(t: CliTarget, project: string, args: string[]): Promise<CliRun> {
  const mark = t.emulator.requests.length;
  const cli = [process.execPath, join(project, "bin/dust-skills.js"), ...args];
  const command = existsSync(TIME) ? [TIME, "-f", `${CPU_MARK}%U %S`, ...cli] : cli;
  const start = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: t.cwd,
    env: { ...process.env, ...envOf(t) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c) => resolve(c ?? 1));
  });
  const wallMs = performance.now() - start;
  const cpuAt = err.lastIndexOf(CPU_MARK);
  let cpuMs: number | null = null;
  if (cpuAt >= 0) {
    const [user = 0, system = 0] = err.slice(cpuAt + CPU_MARK.length).trim().split(/\s+/).map(Number);
    cpuMs = (user + system) * 1000;
    err = err.slice(0, cpuAt);
  }
  return { code, out, err, wallMs, cpuMs, requests: t.emulator.requests.slice(mark) };
}

export const listRequests = (log: RequestLogEntry[]): number => log.filter((r) => r.method === "GET" && r.path.endsWith("/skills")).length;
export const mutatingRequests = (log: RequestLogEntry[]): RequestLogEntry[] => log.filter((r) => r.method === "POST" || r.method === "DELETE");
