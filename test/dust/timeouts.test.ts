import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { resolveConnection } from "../../src/config.js";
import { DustApiError, DustClient } from "../../src/dust/client.js";
import { DEFAULT_RETRY } from "../../src/dust/retry.js";
import { abortableSleep, limitsFor, Transport } from "../../src/dust/transport.js";
import { startEmulator } from "../../src/emulator/index.js";
import { ConfigError } from "../../src/errors.js";
import { tempRepos } from "../git/repo.js";
import { skillMd } from "../bundle/memfs.js";
import { captureIo } from "../helpers/io.js";
import { fakeSleep, json, scriptedServer, skill } from "./server.js";
import type { Handler } from "./server.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});
const repo = tempRepos();

describe("time limits", () => {
  it.each([undefined, 5_000, 60_000, 300_000])("leave room for one retry of a stalled call (request %s ms)", (requestMs) => {
    const limits = limitsFor({}, requestMs);
    expect(limits.requestMs).toBe(requestMs ?? 60_000);
    expect(limits.connectMs).toBeLessThanOrEqual(limits.requestMs);
    // Two whole attempts and the longest backoff between them fit in one operation.
    expect(limits.operationMs).toBeGreaterThanOrEqual(2 * limits.requestMs + DEFAULT_RETRY.maxDelayMs);
  });

  it("the transport applies them", () => {
    const conn = resolveConnection({ baseUrl: "http://127.0.0.1:1", workspaceId: "w", apiKey: "sk-x", timeout: "90" }, {});
    const t = new Transport(conn);
    expect(t.limits).toEqual({ connectMs: 10_000, requestMs: 90_000, operationMs: 195_000 });
    expect(new Transport({ ...conn, timeoutMs: 2_000 }).limits.connectMs).toBe(2_000);
  });

  it("retries a GET whose first attempt stalls, with the default retry budget", async () => {
    const hang: Handler = () => {};
    const srv = await scriptedServer([hang, json(200, { skills: [skill({ name: "a" })] })]);
    const { sleep } = fakeSleep();
    const client = new DustClient({ ...srv.conn, timeoutMs: 300 }, { sleep });
    closers.push(srv.close, () => client.close());
    const skills = await client.listSkills();
    expect(skills.map((s) => s.name)).toEqual(["a"]);
    expect(srv.seen).toHaveLength(2);
  });

  it("an attempt never outlives the operation limit, and the message names --timeout", async () => {
    const hang: Handler = () => {};
    const srv = await scriptedServer([hang, hang]);
    const client = new DustClient(srv.conn, { timeouts: { requestMs: 30_000 }, retry: { maxTotalMs: 400 } });
    closers.push(srv.close, () => client.close());
    const started = Date.now();
    const err = (await client.listSkills().catch((e: unknown) => e)) as DustApiError;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(DustApiError);
    expect(err.message).toMatch(/did not answer GET .* within 0\.4 s/);
    expect(err.hint).toContain("--timeout SECONDS (or DUST_TIMEOUT)");
  });

  it.each([["abc"], ["0"], ["-5"], ["1e3"], ["7200"]])("refuses DUST_TIMEOUT=%s with the unit and the default", (value) => {
    const run = (): unknown => resolveConnection({ baseUrl: "http://127.0.0.1:1", workspaceId: "w", apiKey: "sk-x" }, { DUST_TIMEOUT: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(`DUST_TIMEOUT must be a number of seconds between 0 and 3600, not "${value}".`);
  });

  it("--timeout wins over DUST_TIMEOUT", () => {
    const conn = resolveConnection({ baseUrl: "http://127.0.0.1:1", workspaceId: "w", apiKey: "sk-x", timeout: "1.5" }, { DUST_TIMEOUT: "99" });
    expect(conn.timeoutMs).toBe(1_500);
    expect(resolveConnection({ baseUrl: "http://127.0.0.1:1", workspaceId: "w", apiKey: "sk-x" }, { DUST_TIMEOUT: "99" }).timeoutMs).toBe(99_000);
  });

  it("plan --timeout: a stalled list is given up after that many seconds and tried again", async () => {
    const emu = await startEmulator();
    closers.push(() => emu.close());
    emu.faults.enqueue({ kind: "delay", ms: 3_000, match: { method: "GET" } });
    const r = repo();
    r.write({ "skills/alpha/SKILL.md": skillMd("alpha") });
    r.git("add", "-A");
    r.commit("alpha");
    const io = captureIo({ cwd: r.dir, env: { DUST_API_KEY: "sk-demo-admin", DUST_WORKSPACE_ID: "w_demo", DUST_BASE_URL: emu.url } });
    const code = await main(["plan", "skills", "--timeout", "0.5"], io);
    expect(code, io.err()).toBe(0);
    expect(io.err()).toMatch(/GET \S+\/skills\S*: REQUEST_TIMEOUT; retry 2\/5/);
    expect(io.out()).toContain("alpha");
  });
});

describe("the wait between retries", () => {
  it("ends as soon as its call is cancelled, and leaves no timer behind", async () => {
    const cancel = new AbortController();
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    const started = Date.now();
    const waiting = abortableSleep(30_000, cancel.signal);
    expect(timers()).toBe(before + 1);
    cancel.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(timers()).toBe(before);
  });

  it("waits the whole time when nothing cancels it, and not at all when already cancelled", async () => {
    const started = Date.now();
    await abortableSleep(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    const cancelled = new AbortController();
    cancelled.abort();
    const again = Date.now();
    await abortableSleep(30_000, cancelled.signal);
    expect(Date.now() - again).toBeLessThan(1_000);
  });
});
