import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { call, errorOf, importZips, listNames, seed, skillMd, start, WS, zipOf } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const SKILLS = `/api/v1/w/${WS}/skills`;

async function control(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await request(`${emu!.url}/__emulator/${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  return { status: res.statusCode, json: await res.body.json() };
}

describe("fault injection", () => {
  it("answers queued status faults once each, in order, then the real server", async () => {
    emu = await start();
    emu.faults.enqueue({ kind: "status", status: 503 }, 2);
    emu.faults.enqueue({ kind: "status", status: 429, retryAfter: 7 });
    const a = await call(emu, "GET", SKILLS);
    const b = await call(emu, "GET", SKILLS);
    const c = await call(emu, "GET", SKILLS);
    const d = await call(emu, "GET", SKILLS);
    expect([a.status, b.status, c.status, d.status]).toEqual([503, 503, 429, 200]);
    expect(errorOf(a).type).toBe("service_unavailable");
    expect(errorOf(c).type).toBe("rate_limit_error");
    expect(c.headers["retry-after"]).toBe("7");
    expect(emu.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, "status"],
      [503, "status"],
      [429, "status"],
      [200, undefined],
    ]);
  });

  it("matches faults by method and path prefix, and sends a custom body and an HTTP-date Retry-After", async () => {
    emu = await start();
    const date = "Wed, 21 Oct 2026 07:28:00 GMT";
    emu.faults.enqueue({ kind: "status", status: 500, body: { oops: true }, retryAfter: date, match: { method: "POST", pathPrefix: SKILLS } });
    expect((await call(emu, "GET", SKILLS)).status).toBe(200);
    const post = await importZips(emu, [await zipOf({ "a/SKILL.md": skillMd("A") })]);
    expect(post.status).toBe(500);
    expect(post.json()).toEqual({ oops: true });
    expect(post.headers["retry-after"]).toBe(date);
    expect(await listNames(emu)).toEqual([]);
  });

  it("drops the connection without an answer", async () => {
    emu = await start();
    emu.faults.enqueue({ kind: "drop" });
    await expect(call(emu, "GET", SKILLS)).rejects.toThrow();
    expect(emu.requests[0]).toMatchObject({ method: "GET", path: SKILLS, status: 0, fault: "drop" });
    expect((await call(emu, "GET", SKILLS)).status).toBe(200);
  });

  it("delays a request, then answers it normally", async () => {
    emu = await start();
    emu.faults.enqueue({ kind: "delay", ms: 150 });
    let settled = false;
    const pending = call(emu, "GET", SKILLS).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    expect((await pending).status).toBe(200);
    expect(emu.requests[0]?.fault).toBe("delay");
  });
});

describe("control routes", () => {
  it("queue faults and read the request log over HTTP, for a CLI or pipeline in another process", async () => {
    emu = await start();
    expect(await control("POST", "faults", [{ kind: "status", status: 502 }, { fault: { kind: "status", status: 504 }, times: 2 }])).toEqual({
      status: 200,
      json: { queued: 3 },
    });
    expect(((await control("GET", "faults")).json as { faults: unknown[] }).faults).toHaveLength(3);
    await call(emu, "GET", `${SKILLS}?status=archived`);
    await control("DELETE", "faults");
    await importZips(emu, [await zipOf({ "x/SKILL.md": skillMd("Logged"), "y/SKILL.md": skillMd("Too") })]);
    const log = (await control("GET", "requests")).json as { requests: unknown[] };
    expect(log.requests).toEqual([
      { method: "GET", path: SKILLS, query: "status=archived", status: 502, fault: "status" },
      { method: "POST", path: SKILLS, query: "", status: 200, skillNames: ["Logged", "Too"] },
    ]);
    expect((await control("DELETE", "requests")).json).toEqual({ cleared: 2 });
    expect(emu.requests).toEqual([]);
  });

  it("refuses a malformed fault with a 400 that says what is wrong", async () => {
    emu = await start();
    const reply = await control("POST", "faults", { kind: "explode" });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.json)).toContain('fault.kind must be \\"status\\", \\"drop\\" or \\"delay\\"');
  });

  it("resets state, log, faults and rate limits to the seed, or to a new seed", async () => {
    emu = await start(seed([{ name: "Seeded", instructions: "s\n" }]));
    await importZips(emu, [await zipOf({ "x/SKILL.md": skillMd("Extra") })], { availability: "workspace_users" });
    emu.faults.enqueue({ kind: "drop" });
    expect((await control("POST", "reset")).json).toEqual({ reset: true });
    expect(await listNames(emu)).toEqual(["Seeded"]);
    expect(emu.faults.pending()).toEqual([]);
    expect(emu.requests.map((r) => r.method)).toEqual(["GET"]);

    await control("POST", "reset", seed([{ name: "Other", instructions: "o\n" }]));
    expect(await listNames(emu)).toEqual(["Other"]);
    const state = (await control("GET", "state")).json as { workspaces: { id: string }[] };
    expect(state.workspaces.map((w) => w.id)).toEqual([WS, "w_other"]);
    expect((await control("POST", "reset", { workspaces: [{ id: "x", keys: [{ key: "nope", role: "admin" }] }] })).status).toBe(400);
  });
});
