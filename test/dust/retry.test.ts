import { describe, expect, it } from "vitest";
import { backoffMs, decideRetry, DEFAULT_RETRY, isRetryable, parseRetryAfter } from "../../src/dust/retry.js";
import type { Outcome } from "../../src/dust/retry.js";

const status = (s: number): Outcome => ({ kind: "status", status: s });
const net = (code: string): Outcome => ({ kind: "network", code });

describe("isRetryable", () => {
  it("retries overload and gateway statuses for idempotent calls, never client errors", () => {
    for (const s of [429, 502, 503, 504]) expect(isRetryable(status(s), "idempotent")).toBe(true);
    for (const s of [400, 401, 403, 404, 405, 500]) expect(isRetryable(status(s), "idempotent")).toBe(false);
  });

  it("retries an import only on answers given before it was processed", () => {
    expect(isRetryable(status(429), "once")).toBe(true);
    expect(isRetryable(status(503), "once")).toBe(true);
    expect(isRetryable(status(502), "once")).toBe(false);
    expect(isRetryable(status(504), "once")).toBe(false);
  });

  it("retries connect failures always, mid-request failures only when idempotent", () => {
    for (const c of ["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT"]) {
      expect(isRetryable(net(c), "once")).toBe(true);
      expect(isRetryable(net(c), "idempotent")).toBe(true);
    }
    for (const c of ["ECONNRESET", "UND_ERR_SOCKET", "REQUEST_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT"]) {
      expect(isRetryable(net(c), "once")).toBe(false);
      expect(isRetryable(net(c), "idempotent")).toBe(true);
    }
    expect(isRetryable(net("ENOTFOUND"), "idempotent")).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).toBe(0);
  });
  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter(["2", "9"], now)).toBe(2000);
  });
});

describe("backoff", () => {
  it("grows exponentially, is capped, and is fully jittered", () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(p, 1, () => 0.999999)).toBe(99);
    expect(backoffMs(p, 3, () => 0.5)).toBe(200);
    expect(backoffMs(p, 10, () => 0.999999)).toBe(999);
    expect(backoffMs(p, 4, () => 0)).toBe(0);
  });
});

describe("decideRetry", () => {
  const args = { policy: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 5000 }, replay: "idempotent" as const, elapsedMs: 0, retryAfterMs: undefined, random: () => 0.5 };
  it("obeys Retry-After exactly instead of the backoff", () => {
    expect(decideRetry({ ...args, outcome: status(429), failures: 1, retryAfterMs: 2000 })).toEqual({ retry: true, waitMs: 2000 });
    expect(decideRetry({ ...args, outcome: status(503), failures: 1 })).toEqual({ retry: true, waitMs: 50 });
  });
  it("stops after the attempts and when the wait would pass the time budget", () => {
    expect(decideRetry({ ...args, outcome: status(503), failures: 3 })).toEqual({ retry: false, reason: "attempts" });
    expect(decideRetry({ ...args, outcome: status(429), failures: 1, retryAfterMs: 9000 })).toEqual({ retry: false, reason: "budget", waitMs: 9000 });
    expect(decideRetry({ ...args, outcome: status(429), failures: 1, elapsedMs: 4990, retryAfterMs: 20 })).toMatchObject({ retry: false, reason: "budget" });
  });
  it("never retries what is not retryable", () => {
    expect(decideRetry({ ...args, outcome: status(401), failures: 1 })).toEqual({ retry: false, reason: "not-retryable" });
  });
});
