import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Connection } from "../../src/config.js";

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** One answer per request, in order; the last one repeats. */
export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export const KEY = "sk-test-0123456789abcdef-SECRET";

/** A throwaway HTTP server on 127.0.0.1:0 that records every request and answers from a script. */
export async function scriptedServer(handlers: Handler[]): Promise<{
  url: string;
  seen: Seen[];
  conn: Connection;
  close: () => Promise<void>;
}> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const handler = handlers[Math.min(seen.length - 1, handlers.length - 1)];
      handler?.(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    conn: { baseUrl: url, workspaceId: "ws1", apiKey: KEY },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

export function dustError(status: number, type: string, message: string, headers: Record<string, string> = {}): Handler {
  return json(status, { error: { type, message } }, headers);
}

/** Drops the connection without any answer, as a crashed server or a proxy reset would. */
export const drop: Handler = (req) => req.socket.destroy();

export function skill(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sId: "sk1",
    name: "Alpha",
    agentFacingDescription: "does a",
    userFacingDescription: "does a",
    instructions: "Do A.",
    status: "active",
    source: "api",
    sourceMetadata: { filePath: "skills/alpha/SKILL.md" },
    fileAttachments: [{ fileId: "fil_1", fileName: "scripts/run.py" }],
    availability: "workspace_users",
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_100_000,
    tools: [{ sId: "mcp", name: "x", extra: { deep: true } }],
    somethingNew: 42,
    ...over,
  };
}

/** Records the waits a client asks for instead of sleeping. */
export function fakeSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
