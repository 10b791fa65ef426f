import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultQueue } from "./faults.js";
import { validateFault } from "./faults.js";
import { ApiError, readBody, sendError, sendJson } from "./http.js";
import type { SlidingWindowLimiter } from "./rate-limit.js";
import type { EmulatorStore } from "./store.js";
import { checkSeed } from "./seed-check.js";
import type { EmulatorSeed, RequestLogEntry } from "./types.js";

export interface ControlContext {
  store: EmulatorStore;
  faults: FaultQueue;
  requests: RequestLogEntry[];
  limiter: SlidingWindowLimiter;
  /** Back to the starting seed, or to the given one. */
  reset: (seed?: EmulatorSeed) => void;
}

/**
 * `/__emulator/*`: what a test or a user's pipeline needs from outside the process (spawned CLI, CI job).
 * No authentication: the emulator is a local test double and these routes never touch the Dust API.
 *
 *   GET    /__emulator/requests   → {requests}        DELETE /__emulator/requests → clears the log
 *   GET    /__emulator/faults     → {faults}          DELETE /__emulator/faults   → clears the queue
 *   POST   /__emulator/faults     body: a fault, an array of faults, or {fault, times} → {queued}
 *   POST   /__emulator/reset      body: optional seed → state, log, faults and rate limits start over
 *   GET    /__emulator/state      → the whole state (workspaces, keys, skills)
 */
export async function handleControl(
  ctx: ControlContext,
  method: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const route = `${method} ${url.pathname.replace(/\/+$/, "")}`;
    switch (route) {
      case "GET /__emulator/requests":
        return sendJson(res, 200, { requests: ctx.requests });
      case "DELETE /__emulator/requests": {
        const cleared = ctx.requests.length;
        ctx.requests.length = 0;
        return sendJson(res, 200, { cleared });
      }
      case "GET /__emulator/faults":
        return sendJson(res, 200, { faults: ctx.faults.pending() });
      case "DELETE /__emulator/faults":
        ctx.faults.clear();
        return sendJson(res, 200, { cleared: true });
      case "POST /__emulator/faults":
        return sendJson(res, 200, { queued: queueFaults(ctx.faults, await readJson(req)) });
      case "POST /__emulator/reset": {
        const body = await readJson(req, true);
        ctx.reset(body === undefined ? undefined : checkSeed(body));
        return sendJson(res, 200, { reset: true });
      }
      case "GET /__emulator/state":
        return sendJson(res, 200, ctx.store.snapshot());
      default:
        throw new ApiError(404, "not_found", `No control route ${method} ${url.pathname}.`);
    }
  } catch (err) {
    if (err instanceof ApiError) return sendError(res, err);
    sendError(res, new ApiError(400, "invalid_request_error", err instanceof Error ? err.message : String(err)));
  }
}

function queueFaults(faults: FaultQueue, body: unknown): number {
  const items = Array.isArray(body) ? body : [body];
  let queued = 0;
  for (const item of items) {
    const wrapped = item as { fault?: unknown; times?: unknown };
    const fault = wrapped.fault ?? item;
    const times = typeof wrapped.times === "number" ? wrapped.times : 1;
    validateFault(fault);
    faults.enqueue(fault, times);
    queued += times;
  }
  return queued;
}

async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
  const text = (await readBody(req)).toString("utf8").trim();
  if (text === "") {
    if (optional) return undefined;
    throw new ApiError(400, "invalid_request_error", "Expected a JSON body.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_request_error", "The body is not valid JSON.");
  }
}
