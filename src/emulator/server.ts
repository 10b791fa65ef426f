import type { IncomingMessage, ServerResponse } from "node:http";
import { exportAnalytics } from "./analytics/export-route.js";
import { authenticate } from "./auth.js";
import { handleControl } from "./control-routes.js";
import type { ControlContext } from "./control-routes.js";
import { defaultFaultBody } from "./faults.js";
import { ApiError, drain, sendError, sendJson } from "./http.js";
import { archiveSkill, listSkills, postSkills } from "./skills-routes.js";
import type { Region, RequestLogEntry } from "./types.js";

export interface ServerContext extends ControlContext {
  now: () => number;
  region: Region | undefined;
  /** Pending delay faults, cleared on close. */
  timers: Set<NodeJS.Timeout>;
}

const WORKSPACE_ROUTE = /^\/api\/v1\/w\/([^/]+)(\/.*)?$/;

function notSupported(expected: string): ApiError {
  return new ApiError(405, "method_not_supported_error", `The method passed is not supported, ${expected} is expected.`);
}

export function createHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(ctx, req, res);
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  if (url.pathname.startsWith("/__emulator/")) {
    await handleControl(ctx, method, url, req, res);
    return;
  }

  const entry: RequestLogEntry = { method, path: url.pathname, query: url.search.replace(/^\?/, ""), status: 0 };
  logOnHeaders(ctx, res, entry);

  const fault = ctx.faults.take(method, url.pathname);
  if (fault?.kind === "drop" && fault.after) {
    entry.fault = "drop";
    // The server does its work; the answer is never written and the socket dies instead.
    res.end = ((): ServerResponse => {
      req.socket.destroy();
      return res;
    }) as ServerResponse["end"];
  } else if (fault?.kind === "drop") {
    entry.fault = "drop";
    ctx.requests.push(entry);
    // An abrupt close with nothing sent: the client sees a reset socket, as with a dying load balancer.
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "status") {
    entry.fault = "status";
    await drain(req);
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
    sendJson(res, fault.status, fault.body ?? defaultFaultBody(fault.status), headers);
    return;
  }
  if (fault?.kind === "delay") {
    entry.fault = "delay";
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ctx.timers.delete(timer);
        resolve();
      }, fault.ms);
      ctx.timers.add(timer);
    });
    if (res.destroyed) return;
  }

  try {
    await route(ctx, method, url, req, res, entry);
  } catch (err) {
    if (res.headersSent) {
      res.destroy(err instanceof Error ? err : undefined);
      return;
    }
    await drain(req).catch(() => undefined);
    if (err instanceof ApiError) sendError(res, err);
    else sendError(res, new ApiError(500, "internal_server_error", err instanceof Error ? err.message : String(err)));
  }
}

/** The log entry is written when the status line is, so it is there before the client can read the answer. */
function logOnHeaders(ctx: ServerContext, res: ServerResponse, entry: RequestLogEntry): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  let logged = false;
  (res as { writeHead: (...args: unknown[]) => ServerResponse }).writeHead = (...args: unknown[]) => {
    if (!logged) {
      logged = true;
      entry.status = typeof args[0] === "number" ? args[0] : res.statusCode;
      ctx.requests.push(entry);
    }
    return writeHead(...args);
  };
}

async function route(
  ctx: ServerContext,
  method: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
): Promise<void> {
  const m = WORKSPACE_ROUTE.exec(url.pathname);
  if (m?.[1] === undefined) return sendNotFound(req, res);
  const wId = decodeURIComponent(m[1]);
  const rest = (m[2] ?? "").replace(/\/+$/, "");
  // The workspace sub-app authenticates every request before its router looks for a route.
  const a = authenticate(ctx.store, wId, header(req, "authorization"), ctx.region);

  if (rest === "/skills" && method === "GET") return listSkills(ctx.store, a, url, res);
  if (rest === "/skills" && method === "POST") {
    return postSkills(ctx.store, a, req, res, ctx.now(), (names) => {
      entry.skillNames = names;
    });
  }
  const skillMatch = /^\/skills\/([^/]+)$/.exec(rest);
  if (skillMatch?.[1] !== undefined && method === "DELETE") {
    return archiveSkill(ctx.store, a, decodeURIComponent(skillMatch[1]), res);
  }
  if (rest === "/analytics/export") {
    if (method === "GET") return exportAnalytics(ctx, a, url, res);
    // The export route registers an explicit fallback; every other route leaves it to the router's 404.
    throw notSupported("GET");
  }
  return sendNotFound(req, res);
}

/** Hono's default notFound: plain text, not a Dust error body. */
async function sendNotFound(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await drain(req);
  const text = "404 Not Found";
  res.writeHead(404, { "content-type": "text/plain; charset=UTF-8", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
