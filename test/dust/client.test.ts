import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import JSZip from "jszip";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { DustApiError, DustClient } from "../../src/dust/client.js";
import type { DustClientOptions } from "../../src/dust/client.js";
import { UserError } from "../../src/errors.js";
import { VERSION } from "../../src/version.js";
import { drop, dustError, fakeSleep, json, scriptedServer, skill } from "./server.js";
import type { Handler } from "./server.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function setup(handlers: Handler[], opts: DustClientOptions = {}) {
  const srv = await scriptedServer(handlers);
  const { sleep, waits } = fakeSleep();
  const logs: string[] = [];
  const client = new DustClient(srv.conn, { sleep, log: (l) => logs.push(l), retry: { attempts: 3 }, ...opts });
  closers.push(srv.close, () => client.close());
  return { ...srv, client, waits, logs };
}

async function failure(p: Promise<unknown>): Promise<DustApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DustApiError);
    expect(err).toBeInstanceOf(UserError);
    return err as DustApiError;
  }
  throw new Error("expected a DustApiError");
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("listSkills", () => {
  it("sends the documented request and returns validated skills sorted by name", async () => {
    const { client, seen } = await setup([json(200, { skills: [skill({ sId: "b", name: "Zed" }), skill({ sId: "a", name: "Alpha" })] })]);
    const skills = await client.listSkills({ status: "archived" });
    expect(skills.map((s) => s.name)).toEqual(["Alpha", "Zed"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe("GET");
    expect(seen[0]?.url).toBe("/api/v1/w/ws1/skills?status=archived");
    expect(seen[0]?.headers["authorization"]).toBe("Bearer sk-test-0123456789abcdef-SECRET");
    expect(seen[0]?.headers["user-agent"]).toBe(`dust-skills/${VERSION}`);
  });

  it("names the field when the answer has a wrong type", async () => {
    const { client } = await setup([json(200, { skills: [skill(), skill({ name: 12 })] })]);
    const err = await failure(client.listSkills());
    expect(err.type).toBe("invalid_response");
    expect(err.message).toContain("skills[1].name: expected string, got number");
    expect(err.retryable).toBe(false);
  });

  it("reports a body that is not JSON at all", async () => {
    const { client } = await setup([(_q, res) => res.end("<html>ok</html>")]);
    expect((await failure(client.listSkills())).message).toContain("not valid JSON");
  });

  it("asks again when the connection breaks after some skills arrived, and keeps only the full answer", async () => {
    const first = JSON.stringify(skill({ sId: "a", name: "Alpha" }));
    const midway: Handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
      // One whole skill and half of the next: what arrived is never kept.
      res.write(`{"skills":[${first},${first.slice(0, 40)}`);
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const { client, seen } = await setup([midway, json(200, { skills: [skill({ sId: "b", name: "Beta" })] })]);
    expect((await client.listSkills()).map((s) => s.sId)).toEqual(["b"]);
    expect(seen).toHaveLength(2);
  });
});

describe("listAllSkills", () => {
  it("lists unpublished skills with an admin key", async () => {
    const { client, seen } = await setup([json(200, { skills: [skill()] }), json(200, { skills: [] })]);
    const all = await client.listAllSkills();
    expect(all.seesUnpublished).toBe(true);
    expect(all.active).toHaveLength(1);
    expect(seen.map((s) => s.url)).toEqual([
      "/api/v1/w/ws1/skills?status=active&bypassEditorVisibility=true",
      "/api/v1/w/ws1/skills?status=archived&bypassEditorVisibility=true",
    ]);
  });

  it("falls back without bypass on 403 app_auth_error and remembers it", async () => {
    const { client, seen, logs } = await setup([
      dustError(403, "app_auth_error", "Only admins can bypass."),
      json(200, { skills: [skill()] }),
    ]);
    const first = await client.listAllSkills();
    expect(first.seesUnpublished).toBe(false);
    expect(first.active).toHaveLength(1);
    await client.listAllSkills();
    expect(seen.map((s) => s.url)).toEqual([
      "/api/v1/w/ws1/skills?status=active&bypassEditorVisibility=true",
      "/api/v1/w/ws1/skills?status=active",
      "/api/v1/w/ws1/skills?status=archived",
      "/api/v1/w/ws1/skills?status=active",
      "/api/v1/w/ws1/skills?status=archived",
    ]);
    expect(logs.join("\n")).toContain("not admin");
  });

  it("asks for the archived skills as soon as the active listing answers, not after its last byte", async () => {
    const one = JSON.stringify(skill({ sId: "a", name: "Alpha" }));
    let archivedBeforeEnd = false;
    let seenRef: { url: string }[] = [];
    // The active body is held open until the archived request arrives (at most 3 s).
    const slowActive: Handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`{"skills":[${one}`);
      const started = Date.now();
      const poll = setInterval(() => {
        const arrived = seenRef.some((r) => r.url.includes("status=archived"));
        if (!arrived && Date.now() - started < 3000) return;
        clearInterval(poll);
        archivedBeforeEnd = arrived;
        res.end("]}");
      }, 10);
    };
    const admin = await setup([slowActive, json(200, { skills: [] })]);
    seenRef = admin.seen;
    const all = await admin.client.listAllSkills();
    expect(all.active.map((s) => s.sId)).toEqual(["a"]);
    expect(archivedBeforeEnd).toBe(true);
    expect(admin.seen.map((s) => s.url)).toEqual([
      "/api/v1/w/ws1/skills?status=active&bypassEditorVisibility=true",
      "/api/v1/w/ws1/skills?status=archived&bypassEditorVisibility=true",
    ]);

    // A key that may not bypass: the archived listing waits for the answer that says so, and asks without.
    archivedBeforeEnd = false;
    const builder = await setup([dustError(403, "app_auth_error", "Only admins can bypass."), slowActive, json(200, { skills: [] })]);
    seenRef = builder.seen;
    expect((await builder.client.listAllSkills()).seesUnpublished).toBe(false);
    expect(archivedBeforeEnd).toBe(true);
    expect(builder.seen.map((s) => s.url)).toEqual([
      "/api/v1/w/ws1/skills?status=active&bypassEditorVisibility=true",
      "/api/v1/w/ws1/skills?status=active",
      "/api/v1/w/ws1/skills?status=archived",
    ]);
  });

  /**
   * An active listing that answers, then breaks its body `afterMs` after the archived listing was asked for;
   * `seen` is the server's request log, known once the server is set up.
   */
  const activeBreakingAfterArchived = (seen: () => { url: string }[], afterMs = 0): Handler => (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"skills":[');
    const poll = setInterval(() => {
      if (!seen().some((r) => r.url.includes("status=archived"))) return;
      clearInterval(poll);
      setTimeout(() => res.end("not json]}"), afterMs);
    }, 10);
  };

  it("ends the archived listing at once when the active one fails after answering", async () => {
    let seenRef: { url: string }[] = [];
    const neverAnswers: Handler = () => {};
    const { client, seen } = await setup([activeBreakingAfterArchived(() => seenRef), neverAnswers]);
    seenRef = seen;
    const started = Date.now();
    const err = await failure(client.listAllSkills());
    expect(err.message).toMatch(/listing|JSON|skills/i);
    // Nothing is left in flight: closing the pool does not wait for the archived answer (60 s timeout).
    await client.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen.map((s) => s.url)).toEqual([
      "/api/v1/w/ws1/skills?status=active&bypassEditorVisibility=true",
      "/api/v1/w/ws1/skills?status=archived&bypassEditorVisibility=true",
    ]);
  });

  it("does not sit out the archived listing's retry wait once the active one fails", async () => {
    let seenRef: { url: string }[] = [];
    // The active body breaks once the archived listing has had its 429 and waits to retry.
    const brokenActive = activeBreakingAfterArchived(() => seenRef, 100);
    const busy = dustError(429, "rate_limit_error", "Slow down.", { "retry-after": "30" });
    // A wait that ends only when its call is cancelled (or after 30 s).
    const cancelledWaits: number[] = [];
    const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          cancelledWaits.push(ms);
          resolve();
        });
      });
    const { client, seen } = await setup([brokenActive, busy], { sleep });
    seenRef = seen;
    await failure(client.listAllSkills());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cancelledWaits).toHaveLength(1);
    expect(cancelledWaits[0]).toBeGreaterThanOrEqual(30_000);
    // The archived listing was not asked again.
    expect(seen).toHaveLength(2);
  });

  it("does not hide other 403s behind the fallback", async () => {
    const { client, seen } = await setup([dustError(403, "workspace_auth_error", "Only builders can do this.")]);
    expect((await failure(client.listAllSkills())).status).toBe(403);
    expect(seen).toHaveLength(1);
  });
});

describe("retries", () => {
  it("honours Retry-After in seconds on 429", async () => {
    const { client, seen, waits } = await setup([dustError(429, "rate_limit_error", "slow down", { "retry-after": "1" }), json(200, { skills: [] })]);
    await client.listSkills();
    expect(seen).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const { client, waits } = await setup([dustError(429, "rate_limit_error", "slow down", { "retry-after": at }), json(200, { skills: [] })]);
    await client.listSkills();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(25_000);
    expect(waits[0]).toBeLessThanOrEqual(30_000);
  });

  it("backs off on 503 twice then succeeds", async () => {
    const { client, seen, waits, logs } = await setup(
      [dustError(503, "service_unavailable", "maintenance"), dustError(503, "service_unavailable", "maintenance"), json(200, { skills: [skill()] })],
      { retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 }, random: () => 0.5 },
    );
    expect(await client.listSkills()).toHaveLength(1);
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([50, 100]);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toContain("503 service_unavailable; retry 2/5");
  });

  it("retries a GET whose connection was reset", async () => {
    const { client, seen } = await setup([drop, json(200, { skills: [skill()] })]);
    expect(await client.listSkills()).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  it("gives up after the attempts and says how long it waited", async () => {
    const { client, seen } = await setup([dustError(429, "rate_limit_error", "too many", { "retry-after": "2" })]);
    const err = await failure(collect(client.exportCsv({ table: "users", startDate: "2025-01-01", endDate: "2025-01-02" })));
    expect(seen).toHaveLength(3);
    expect(err.status).toBe(429);
    expect(err.attempts).toBe(3);
    expect(err.waitedMs).toBe(4000);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("after 3 attempts and 4.0 s of waiting");
  });

  it("stops at once when Retry-After exceeds the time budget", async () => {
    const { client, seen, waits } = await setup([dustError(429, "rate_limit_error", "too many", { "retry-after": "120" })], { retry: { maxTotalMs: 5000 } });
    const err = await failure(client.listSkills());
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(err.message).toContain("asked to wait 120 s");
  });

  it.each([400, 401, 403, 404, 405, 500])("never retries %i", async (status) => {
    const { client, seen } = await setup([dustError(status, "some_error", "nope"), json(200, { skills: [] })]);
    const err = await failure(client.listSkills());
    expect(err.status).toBe(status);
    expect(seen).toHaveLength(1);
  });

  it("retries refused connections, even for an import", async () => {
    const port = await closedPort();
    const { sleep, waits } = fakeSleep();
    const client = new DustClient({ baseUrl: `http://127.0.0.1:${port}`, workspaceId: "ws1", apiKey: "sk-abcdefghijklmnop" }, { sleep, retry: { attempts: 3 } });
    closers.push(() => client.close());
    const err = await failure(client.importSkills({ files: [{ fileName: "a.zip", data: Buffer.from("zip") }] }));
    expect(err.code).toBe("ECONNREFUSED");
    expect(waits).toHaveLength(2);
    expect(err.message).toContain("connection refused");
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });
});

describe("connect failures", () => {
  it("retries an import whose connection could not be opened in time, and names the failure", async () => {
    let tries = 0;
    const timingOut = new Agent({
      connect: (_opts, cb) => {
        tries++;
        cb(Object.assign(new Error("Connect Timeout Error"), { code: "UND_ERR_CONNECT_TIMEOUT" }), null);
      },
    });
    const { sleep, waits } = fakeSleep();
    const client = new DustClient({ baseUrl: "https://dust.tt", workspaceId: "ws1", apiKey: "sk-abcdefghijklmnop" }, { sleep, dispatcher: timingOut, retry: { attempts: 3 } });
    closers.push(() => timingOut.close());
    const err = await failure(client.importSkills({ files: [{ fileName: "a.zip", data: Buffer.from("zip") }] }));
    expect(tries).toBe(3);
    expect(waits).toHaveLength(2);
    expect(err.code).toBe("UND_ERR_CONNECT_TIMEOUT");
    expect(err.message).toContain("Could not reach Dust at https://dust.tt");
    expect(err.message).toContain("connection timed out");
    expect(err.retryable).toBe(true);
  });
});

describe("importSkills", () => {
  it("sends multipart with each file as application/zip and repeated names and editors", async () => {
    const zip = new JSZip();
    zip.file("wrap/a/SKILL.md", "---\nname: A\ndescription: d\n---\nbody\n");
    const data = await zip.generateAsync({ type: "nodebuffer" });
    const { client, seen } = await setup([json(200, { imported: [skill({ name: "A" })], updated: [], skipped: [] })]);
    const result = await client.importSkills({
      files: [{ fileName: "one.zip", data }, { fileName: "two.zip", data }],
      names: ["A", "B"],
      onConflict: "skip",
      availability: "workspace_users",
      editors: ["a@x.com", "b@x.com"],
    });
    expect(result.imported.map((s) => s.name)).toEqual(["A"]);
    const req = seen[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/api/v1/w/ws1/skills");
    expect(req?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(req?.headers["content-length"])).toBe(req?.body.length);
    const text = req?.body.toString("latin1") ?? "";
    expect(text).toContain('name="files"; filename="one.zip"\r\nContent-Type: application/zip');
    expect(text).toContain('name="files"; filename="two.zip"');
    expect(text.match(/name="names"/g)).toHaveLength(2);
    expect(text.match(/name="editors"/g)).toHaveLength(2);
    expect(text).toMatch(/name="onConflict"\r\n\r\nskip\r\n/);
    expect(text).toMatch(/name="availability"\r\n\r\nworkspace_users\r\n/);
    expect(req?.body.indexOf(data)).toBeGreaterThan(0);
  });

  it("passes Dust's 400 message through verbatim", async () => {
    const msg = 'A different skill named "Alpha" already exists. Skill "Beta" not found in the archive.';
    const { client } = await setup([dustError(400, "invalid_request_error", msg)]);
    const err = await failure(client.importSkills({ files: [{ fileName: "a.zip", data: Buffer.from("x") }] }));
    expect(err.message).toBe(`Dust refused the import: ${msg}`);
    expect(err.serverMessage).toBe(msg);
    expect(err.type).toBe("invalid_request_error");
  });

  it("is not retried after the connection breaks mid-response", async () => {
    const midway: Handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"imported":[');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const { client, seen, waits } = await setup([midway, json(200, { imported: [], updated: [] })]);
    const err = await failure(client.importSkills({ files: [{ fileName: "a.zip", data: Buffer.from("x") }] }));
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(err.message).toContain("may have been applied");
    expect(err.hint).toContain("dust-skills plan");
  });

  it("is not retried when the connection drops before any answer", async () => {
    const { client, seen } = await setup([drop, json(200, { imported: [], updated: [] })]);
    await failure(client.importSkills({ files: [{ fileName: "a.zip", data: Buffer.from("x") }] }));
    expect(seen).toHaveLength(1);
  });

  it("is retried on 429 and 503, not on 502 or 504", async () => {
    const ok = json(200, { imported: [], updated: [], skipped: [] });
    const files = [{ fileName: "a.zip", data: Buffer.from("x") }];
    for (const status of [429, 503]) {
      const { client, seen } = await setup([dustError(status, "busy", "later"), ok]);
      await client.importSkills({ files });
      expect(seen).toHaveLength(2);
    }
    for (const status of [502, 504]) {
      const { client, seen } = await setup([dustError(status, "gateway", "lost"), ok]);
      const err = await failure(client.importSkills({ files }));
      expect(seen).toHaveLength(1);
      expect(err.hint).toContain("may have been applied");
    }
  });
});

describe("archiveSkill", () => {
  it("sends DELETE with the sId encoded", async () => {
    const { client, seen } = await setup([json(200, { success: true })]);
    await client.archiveSkill("a/b");
    expect(seen[0]?.method).toBe("DELETE");
    expect(seen[0]?.url).toBe("/api/v1/w/ws1/skills/a%2Fb");
  });

  it("explains an unknown skill", async () => {
    const { client } = await setup([dustError(404, "skill_not_found", "The skill was not found.")]);
    const err = await failure(client.archiveSkill("nope"));
    expect(err.type).toBe("skill_not_found");
    expect(err.message).toContain("no such skill");
  });

  it("is retried after a reset (archiving twice is harmless)", async () => {
    const { client, seen } = await setup([drop, json(200, { success: true })]);
    await client.archiveSkill("s1");
    expect(seen).toHaveLength(2);
  });
});

describe("actionable messages", () => {
  it("401 points at DUST_API_KEY", async () => {
    const { client } = await setup([dustError(401, "invalid_api_key_error", "The API key provided is invalid or disabled.")]);
    const err = await failure(client.listSkills());
    expect(err.message).toContain("invalid_api_key_error");
    expect(err.hint).toContain("DUST_API_KEY");
  });

  it("401 workspace_auth_error points at the workspace id", async () => {
    const { client } = await setup([dustError(401, "workspace_auth_error", "wrong workspace")]);
    expect((await failure(client.listSkills())).hint).toContain("DUST_WORKSPACE_ID");
  });

  it("404 workspace_not_found points at the workspace id and the region", async () => {
    const { client } = await setup([dustError(404, "workspace_not_found", "The workspace was not found.")]);
    const err = await failure(client.listSkills());
    expect(err.message).toContain("Workspace ws1 was not found");
    expect(err.hint).toContain("DUST_WORKSPACE_ID");
    expect(err.hint).toContain("region");
  });

  it("403 on analytics says an admin key is needed", async () => {
    const { client } = await setup([dustError(403, "workspace_auth_error", "Only admin users can perform this action.")]);
    const err = await failure(collect(client.exportCsv({ table: "users", startDate: "2025-01-01", endDate: "2025-01-01" })));
    expect(err.message).toContain("needs an admin API key");
    expect(err.method).toBe("GET");
    expect(err.path).toBe("/api/v1/w/ws1/analytics/export?table=users&startDate=2025-01-01&endDate=2025-01-01&format=csv");
  });

  it("a proxy's HTML error page becomes a short sanitized excerpt", async () => {
    const page = `<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad\tGateway</h1>${"x".repeat(500)}</body></html>`;
    const { client } = await setup([(_q, res) => res.writeHead(502, { "content-type": "text/html" }).end(page)], { retry: { attempts: 1 } });
    const err = await failure(client.listSkills());
    expect(err.status).toBe(502);
    expect(err.message).toContain("502 with a non-JSON body: 502 Bad Gateway Bad Gateway xxx");
    expect(err.message).not.toMatch(/[<>\t]/);
    expect(err.message).not.toContain("x".repeat(201));
  });

  it("a 4xx page from something else than Dust says so", async () => {
    const { client } = await setup([(_q, res) => res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>")]);
    const err = await failure(client.listSkills());
    expect(err.message).toContain("Something other than the Dust API answered");
    expect(err.message).toContain("Not Found");
  });
});

describe("timeouts", () => {
  it("stops waiting for a server that never answers, and retries a GET", async () => {
    const hang: Handler = () => {};
    const { client, seen } = await setup([hang], { timeouts: { requestMs: 400 }, retry: { attempts: 2 } });
    const err = await failure(client.listSkills());
    expect(seen).toHaveLength(2);
    expect(err.code).toBe("REQUEST_TIMEOUT");
    expect(err.message).toContain("did not answer");
  });

  it("covers a body that stalls, not only the headers", async () => {
    const stall: Handler = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"skills":[');
    };
    const { client } = await setup([stall], { timeouts: { requestMs: 400 }, retry: { attempts: 1 } });
    const err = await failure(client.listSkills());
    expect(["REQUEST_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]).toContain(err.code);
  });

  it("does not retry an import that timed out", async () => {
    const hang: Handler = () => {};
    const { client, seen } = await setup([hang], { timeouts: { requestMs: 400 } });
    const err = await failure(client.importSkills({ files: [{ fileName: "a.zip", data: Buffer.from("x") }] }));
    expect(seen).toHaveLength(1);
    expect(err.hint).toContain("may have been applied");
  });
});

describe("exportCsv", () => {
  const q = { table: "messages", startDate: "2025-01-01", endDate: "2025-01-31", timezone: "Europe/Paris" };
  const csv = (body: string, headers: Record<string, string> = { "content-type": "text/csv" }): Handler => (_r, res) => res.writeHead(200, headers).end(body);

  it("streams rows with quoted commas, quotes, newlines and guarded formulas read back exactly", async () => {
    const body = 'messageId,content,userEmail\nm1,"a, b","x@y.z"\nm2,"say ""hi""\nsecond line",\'=1+1\nm3,\'@mention,\'-5\n';
    const { client, seen } = await setup([csv(body)]);
    const rows = await collect(client.exportCsv(q));
    expect(rows).toEqual([
      { messageId: "m1", content: "a, b", userEmail: "x@y.z" },
      { messageId: "m2", content: 'say "hi"\nsecond line', userEmail: "'=1+1" },
      { messageId: "m3", content: "'@mention", userEmail: "'-5" },
    ]);
    expect(seen[0]?.url).toBe("/api/v1/w/ws1/analytics/export?table=messages&startDate=2025-01-01&endDate=2025-01-31&timezone=Europe%2FParis&format=csv");
    expect(seen[0]?.headers["accept"]).toBe("text/csv");
  });

  it("reads rows written in many small chunks", async () => {
    const chunked: Handler = (_r, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      const text = 'a,b\n1,"x\r\ny"\r\n2,"€"\n';
      let i = 0;
      const tick = (): void => {
        if (i >= text.length) return void res.end();
        res.write(text.slice(i, i + 3));
        i += 3;
        setImmediate(tick);
      };
      tick();
    };
    const { client } = await setup([chunked]);
    expect(await collect(client.exportCsv(q))).toEqual([{ a: "1", b: "x\r\ny" }, { a: "2", b: "€" }]);
  });

  it("refuses HTML where CSV was expected", async () => {
    const { client } = await setup([csv("<html>login</html>", { "content-type": "text/html" })]);
    const err = await failure(collect(client.exportCsv(q)));
    expect(err.message).toContain("expected CSV");
  });

  it("fails, after the rows it read, when the stream breaks off", async () => {
    const cut: Handler = (_r, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("a,b\n1,2\n3,4\n");
      setTimeout(() => res.socket?.destroy(), 30);
    };
    const { client, seen } = await setup([cut]);
    const got: unknown[] = [];
    const err = await failure(
      (async () => {
        for await (const r of client.exportCsv(q)) got.push(r);
      })(),
    );
    expect(got).toHaveLength(2);
    expect(err.message).toContain("broke off after 2 rows");
    expect(seen).toHaveLength(1);
  });

  it("lets the consumer stop early and releases the connection", async () => {
    let markClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const endless: Handler = (_r, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("n\n");
      let i = 0;
      const timer = setInterval(() => res.write(`${i++}\n`), 1);
      res.on("close", () => {
        clearInterval(timer);
        markClosed();
      });
    };
    const { client } = await setup([endless]);
    const got: string[] = [];
    for await (const r of client.exportCsv(q)) {
      got.push(r["n"] ?? "");
      if (got.length === 3) break;
    }
    expect(got).toEqual(["0", "1", "2"]);
    // the server sees its response closed (an endless body would otherwise never end: the test times out)
    await closed;
  });

  it("retries before the first row, like any GET", async () => {
    const { client, seen } = await setup([dustError(429, "rate_limit_error", "60/min", { "retry-after": "1" }), csv("a\n1\n")]);
    expect(await collect(client.exportCsv(q))).toEqual([{ a: "1" }]);
    expect(seen).toHaveLength(2);
  });
});

describe("export query errors", () => {
  it("passes a query validation message through", async () => {
    const msg = 'Invalid query parameters: [\n  {\n    "message": "Invalid date"\n  }\n]';
    const { client } = await setup([dustError(400, "invalid_request_error", msg)]);
    const err = await failure(collect(client.exportCsv({ table: "users", startDate: "2025-13-01", endDate: "2025-01-01" })));
    expect(err.message).toBe(`Dust refused the analytics export query: ${msg}`);
  });
});

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
