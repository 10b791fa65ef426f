import type { Fault } from "./types.js";

/**
 * Faults waiting for a request to hit them. Each one answers exactly one matching request, in the
 * order they were queued, so a test can script "503, 503, then the real answer".
 */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  /** Queues one fault, or `times` copies of it. */
  enqueue(fault: Fault, times = 1): void {
    validateFault(fault);
    for (let i = 0; i < times; i++) this.queue.push(structuredClone(fault));
  }

  /** Removes and returns the first fault matching this request, if any. */
  take(method: string, path: string): Fault | undefined {
    const i = this.queue.findIndex((f) => matches(f, method, path));
    if (i === -1) return undefined;
    return this.queue.splice(i, 1)[0];
  }

  pending(): Fault[] {
    return structuredClone(this.queue);
  }

  clear(): void {
    this.queue.length = 0;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.pathPrefix && !path.startsWith(m.pathPrefix)) return false;
  return true;
}

/** Faults also arrive as JSON on the control route, so their shape is checked here. */
export function validateFault(value: unknown): asserts value is Fault {
  const f = value as Partial<Record<string, unknown>> | null;
  if (typeof f !== "object" || f === null) throw new TypeError("a fault must be an object");
  if (f["match"] !== undefined && (typeof f["match"] !== "object" || f["match"] === null)) {
    throw new TypeError("fault.match must be an object {method?, pathPrefix?}");
  }
  switch (f["kind"]) {
    case "status":
      if (typeof f["status"] !== "number" || f["status"] < 100 || f["status"] > 599) {
        throw new TypeError("a status fault needs a numeric status between 100 and 599");
      }
      return;
    case "drop":
      if (f["after"] !== undefined && typeof f["after"] !== "boolean") throw new TypeError("fault.after must be a boolean");
      return;
    case "delay":
      if (typeof f["ms"] !== "number" || f["ms"] < 0) throw new TypeError("a delay fault needs ms >= 0");
      return;
    default:
      throw new TypeError('fault.kind must be "status", "drop" or "delay"');
  }
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "not_authenticated",
  403: "workspace_auth_error",
  404: "workspace_not_found",
  429: "rate_limit_error",
  500: "internal_server_error",
  502: "internal_server_error",
  503: "service_unavailable",
  504: "internal_server_error",
};

/** The body a status fault sends when the test gave none: a Dust error body that fits the status. */
export function defaultFaultBody(status: number): unknown {
  return {
    error: {
      type: TYPE_BY_STATUS[status] ?? "internal_server_error",
      message: `Injected fault: HTTP ${status}.`,
    },
  };
}
