/**
 * When to try a request again, and how long to wait first. Pure: the client feeds it outcomes and the clock.
 */

export interface RetryPolicy {
  /** Most attempts per call, the first one included. */
  attempts: number;
  /** First backoff ceiling; doubles each retry ("full jitter": the wait is uniform in [0, ceiling]). */
  baseDelayMs: number;
  /** Ceiling of one computed backoff wait. */
  maxDelayMs: number;
  /** Budget for one call from its first attempt; a wait that would pass it is not taken. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000, maxTotalMs: 60_000 };

/**
 * Whether a request may be sent twice. Dust creates a new skill version on every import, so POST /skills
 * is `once`; list, export and archive (archiving an archived skill changes nothing) are `idempotent`.
 */
export type Replay = "idempotent" | "once";

/** What one attempt ended with, as far as retrying is concerned. */
export type Outcome = { kind: "status"; status: number } | { kind: "network"; code: string };

/** Statuses that mean "try later": overload, maintenance, or a gateway that lost its upstream. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/**
 * Statuses an import may be retried on. 429 and 503 are answered by Dust's rate limiter and maintenance
 * gate before the import handler runs, so nothing was written. A 502/504 comes from a gateway that may have
 * handed the request on before losing the answer: the import may have happened, and a retry would make a
 * second version (or a duplicate skill after a rename), so the user decides after a fresh plan.
 */
const RETRY_STATUSES_ONCE = new Set([429, 503]);

/**
 * Failures while opening the connection: no byte of the request reached Dust, so even an import is safe to
 * resend. ENOTFOUND is absent on purpose: a misspelt host does not heal in a few seconds.
 */
export const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
/**
 * Failures after the request may have been sent (reset, peer closed, stalled answer). Safe to resend only
 * when the request is idempotent: for an import the server may have written the skills before the
 * connection broke mid-response.
 */
const MIDWAY_FAILURES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "REQUEST_TIMEOUT",
]);

export function isRetryable(outcome: Outcome, replay: Replay): boolean {
  if (outcome.kind === "status") {
    return (replay === "idempotent" ? RETRY_STATUSES : RETRY_STATUSES_ONCE).has(outcome.status);
  }
  if (CONNECT_FAILURES.has(outcome.code)) return true;
  return replay === "idempotent" && MIDWAY_FAILURES.has(outcome.code);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP-date always names a month; without this, Date.parse reads "-5" as the year -5.
  if (!/[a-z]{3}/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Full-jitter exponential backoff for the retry after `failures` failed attempts (1-based). */
export function backoffMs(policy: RetryPolicy, failures: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  return Math.floor(random() * ceiling);
}

export type RetryDecision =
  | { retry: true; waitMs: number }
  | { retry: false; reason: "not-retryable" | "attempts" | "budget"; waitMs?: number };

/**
 * Decides the next step after a failed attempt. A server's Retry-After is obeyed as given, never shortened
 * (coming back early only earns another 429); when it does not fit in the remaining budget we stop at once
 * rather than sleep and fail anyway.
 */
export function decideRetry(args: {
  policy: RetryPolicy;
  outcome: Outcome;
  replay: Replay;
  failures: number;
  elapsedMs: number;
  retryAfterMs: number | undefined;
  random: () => number;
}): RetryDecision {
  const { policy, outcome, replay, failures, elapsedMs, retryAfterMs, random } = args;
  if (!isRetryable(outcome, replay)) return { retry: false, reason: "not-retryable" };
  if (failures >= policy.attempts) return { retry: false, reason: "attempts" };
  const waitMs = retryAfterMs ?? backoffMs(policy, failures, random);
  if (elapsedMs + waitMs > policy.maxTotalMs) return { retry: false, reason: "budget", waitMs };
  return { retry: true, waitMs };
}
