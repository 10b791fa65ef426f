import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DustClient } from "../../src/dust/client.js";
import { drop, dustError, json, KEY, scriptedServer, skill } from "./server.js";
import type { Handler } from "./server.js";

/** Everything that could end up on a screen or in a CI log about an error. */
function everything(err: unknown): string {
  const e = err as Error & { hint?: string; cause?: unknown };
  return [
    String(e),
    e.message,
    e.hint ?? "",
    e.stack ?? "",
    inspect(e, { depth: Infinity, showHidden: true }),
    JSON.stringify(e),
    inspect(e.cause, { depth: Infinity, showHidden: true }),
  ].join("\n");
}

// A server that answers every kind of failure, several of them echoing the Authorization header back,
// as a misconfigured proxy or debug page would.
const echo: Handler = (req, res) => res.writeHead(502, { "content-type": "text/html" }).end(`<pre>auth: ${req.headers["authorization"]}</pre>`);
const echoJson: Handler = (req, res) =>
  res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { type: "invalid_api_key_error", message: `bad key ${req.headers["authorization"]}` } }));
const echoShape: Handler = (req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ skills: [skill({ name: 1, sId: req.headers["authorization"] })] }));
const hang: Handler = () => {};
const cut: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "text/csv" });
  res.write("a\n1\n");
  setTimeout(() => res.socket?.destroy(), 20);
};

const cases: [string, Handler, (c: DustClient) => Promise<unknown>][] = [
  ["proxy page echoing the header", echo, (c) => c.listSkills()],
  ["error message echoing the header", echoJson, (c) => c.listSkills()],
  ["bad shape next to the header", echoShape, (c) => c.listSkills()],
  ["404", dustError(404, "workspace_not_found", "nope"), (c) => c.listAllSkills()],
  ["403 export", dustError(403, "workspace_auth_error", "Only admin users can perform this action."), (c) => c.exportCsv({ table: "users", startDate: "2025-01-01", endDate: "2025-01-01" }).next()],
  ["429", dustError(429, "rate_limit_error", "slow", { "retry-after": "0" }), (c) => c.listSkills()],
  ["reset", drop, (c) => c.listSkills()],
  ["import reset", drop, (c) => c.importSkills({ files: [{ fileName: "a.zip", data: Buffer.from(KEY) }] })],
  ["timeout", hang, (c) => c.archiveSkill("x")],
  ["broken CSV stream", cut, async (c) => { for await (const _ of c.exportCsv({ table: "messages", startDate: "2025-01-01", endDate: "2025-01-01" })) void _; }],
];

describe("the API key never leaks", () => {
  const logs: string[] = [];
  const servers: { close: () => Promise<void> }[] = [];
  const clients: DustClient[] = [];
  beforeAll(() => {
    logs.length = 0;
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    for (const s of servers) await s.close();
  });

  it.each(cases)("%s", async (_name, handler, call) => {
    const srv = await scriptedServer([handler, handler, handler]);
    servers.push(srv);
    const client = new DustClient(srv.conn, {
      log: (l) => logs.push(l),
      sleep: async () => {},
      retry: { attempts: 2 },
      timeouts: { requestMs: 1000 },
    });
    clients.push(client);
    let caught: unknown;
    try {
      await call(client);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeDefined();
    expect(srv.seen[0]?.headers["authorization"]).toBe(`Bearer ${KEY}`);
    expect(everything(caught)).not.toContain(KEY);
    expect(everything(caught)).not.toContain(KEY.slice(3, 20));
    expect(inspect(client, { depth: Infinity, showHidden: true })).not.toContain(KEY);
  });

  it("keeps it out of every log line", () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join("\n")).not.toContain(KEY.slice(3, 20));
  });

  it("still works with the key when nothing fails", async () => {
    const srv = await scriptedServer([json(200, { skills: [] })]);
    servers.push(srv);
    const client = new DustClient(srv.conn);
    clients.push(client);
    expect(await client.listSkills()).toEqual([]);
  });
});
