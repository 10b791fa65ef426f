import { Readable } from "node:stream";
import { Agent, request } from "../lib/undici.js";
import type { Dispatcher } from "undici";
import type { Connection } from "../config.js";
import { VERSION } from "../version.js";
import { buildError } from "./errors.js";
import type { DustApiError, Failure, FailureContext, Operation } from "./errors.js";
import { excerpt, redact } from "./redact.js";
import { DEFAULT_RETRY, decideRetry, isRetryable, parseRetryAfter } from "./retry.js";
import type { Outcome, Replay, RetryPolicy } from "./retry.js";
import { ShapeError } from "./shape.js";

export interface TransportOptions {
  retry?: Partial<RetryPolicy>;
  timeouts?: { connectMs?: number; requestMs?: number };
  /** Receives one line per retry or fallback; the key is never in it. */
  log?: (line: string) => void;
  /** Replaces the built-in connection pool (tests, proxies); its own connect timeout then applies. */
  dispatcher?: Dispatcher;
  /** How retries wait; tests pass a recorder so that nothing really sleeps. It may end early once `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random?: () => number;
}

/**
 * Three limits, chosen so that a stalled idempotent call is retried at least once:
 * - connect: opening a connection (never longer than one attempt);
 * - request: one attempt, headers and body (`--timeout` / DUST_TIMEOUT, in seconds);
 * - operation: one call with all its retries and waits, at least two whole attempts plus the longest backoff.
 */
export const DEFAULT_TIMEOUTS = { connectMs: 10_000, requestMs: 60_000 };

export interface TimeLimits {
  connectMs: number;
  requestMs: number;
  operationMs: number;
}

/** The limits a transport applies; `retry.maxTotalMs`, when given, is the operation limit as is. */
export function limitsFor(opts: Pick<TransportOptions, "retry" | "timeouts">, connTimeoutMs?: number): TimeLimits {
  const requestMs = opts.timeouts?.requestMs ?? connTimeoutMs ?? DEFAULT_TIMEOUTS.requestMs;
  const connectMs = Math.min(opts.timeouts?.connectMs ?? DEFAULT_TIMEOUTS.connectMs, requestMs);
  const maxDelayMs = opts.retry?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const operationMs = opts.retry?.maxTotalMs ?? Math.max(DEFAULT_RETRY.maxTotalMs, 2 * requestMs + maxDelayMs);
  return { connectMs, requestMs, operationMs };
}

export interface Call {
  op: Operation;
  method: "GET" | "POST" | "DELETE";
  /** Under /api/v1/w/{wId}, e.g. `/skills`. */
  route: string;
  /** An array repeats the key (`availability=a&availability=b`). */
  query?: Record<string, string | readonly string[] | undefined>;
  /** Sent in order; several parts are written one after another, with the Content-Length the caller set. */
  body?: Buffer | readonly Buffer[];
  headers?: Record<string, string>;
  accept: string;
  replay: Replay;
  /** Aborting it ends the call at once, body included, with no retry (the caller no longer needs the answer). */
  signal?: AbortSignal;
}

/** An answered call whose body is still to be read (streaming) — the caller must consume or destroy it. */
export interface OpenResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
  /** Turns a failure while reading the body into the call's error. */
  fail: (failure: Failure) => DustApiError;
}

const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * HTTP for the Dust API: one pool, the key in one header, timeouts, retries, and every failure turned into
 * a DustApiError. The key lives in a private field and is never passed to anything that could print it.
 */
export class Transport {
  readonly #conn: Connection;
  readonly #auth: string;
  readonly #policy: RetryPolicy;
  readonly #requestMs: number;
  readonly #dispatcher: Dispatcher;
  readonly #ownDispatcher: Agent | undefined;
  readonly #connectMs: number;
  readonly #log: (line: string) => void;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;

  constructor(conn: Connection, opts: TransportOptions = {}) {
    this.#conn = { baseUrl: conn.baseUrl, workspaceId: conn.workspaceId, apiKey: conn.apiKey };
    this.#auth = `Bearer ${conn.apiKey}`;
    const limits = limitsFor(opts, conn.timeoutMs);
    this.#policy = { ...DEFAULT_RETRY, ...opts.retry, maxTotalMs: limits.operationMs };
    const connectMs = limits.connectMs;
    this.#requestMs = limits.requestMs;
    this.#connectMs = connectMs;
    this.#ownDispatcher = opts.dispatcher ? undefined : new Agent({ connect: { timeout: connectMs } });
    this.#dispatcher = opts.dispatcher ?? (this.#ownDispatcher as Agent);
    const log = opts.log ?? (() => {});
    this.#log = (line) => log(redact(line, conn.apiKey));
    this.#sleep = opts.sleep ?? abortableSleep;
    this.#random = opts.random ?? Math.random;
  }

  get limits(): TimeLimits {
    return { connectMs: this.#connectMs, requestMs: this.#requestMs, operationMs: this.#policy.maxTotalMs };
  }

  log(line: string): void {
    this.#log(line);
  }

  async close(): Promise<void> {
    // Twice is harmless (undici's close throws on a closed pool).
    const own = this.#ownDispatcher;
    if (own === undefined || own.closed || own.destroyed) return;
    await own.close();
  }

  /** Sends a call and reads its whole body as text; the request timeout covers the body too. */
  async text(call: Call): Promise<{ status: number; text: string }> {
    return this.#run(call, async (res) => ({ status: res.statusCode, text: await res.body.text() }));
  }

  /**
   * Sends a call and hands its body to `read` chunk by chunk as it arrives; the request timeout covers the
   * body too, and a failed read is retried like any attempt (`read` starts afresh).
   */
  async stream<T>(call: Call, read: (body: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
    return this.#run(call, async (res) => read(res.body));
  }

  /** Sends a call and hands back the unread body; the request timeout then applies between body chunks only. */
  async open(call: Call): Promise<OpenResponse> {
    return this.#run(call, async (res, ctx, cancelTimer) => {
      cancelTimer();
      return {
        status: res.statusCode,
        headers: res.headers,
        body: res.body,
        fail: (failure) => buildError({ ...ctx, stop: "not-retryable" }, this.#clean(failure), false),
      };
    });
  }

  /** Turns a body-level problem (bad JSON, bad shape) into the call's error. */
  shapeError(call: Call, err: unknown): unknown {
    if (!(err instanceof ShapeError)) return err;
    const ctx = this.#context(call, 1, 0, "not-retryable");
    return buildError(ctx, { kind: "shape", detail: redact(err.message, this.#conn.apiKey) }, false);
  }

  async #run<T>(
    call: Call,
    onSuccess: (res: Dispatcher.ResponseData, ctx: FailureContext, cancelTimer: () => void) => Promise<T>,
  ): Promise<T> {
    const url = this.#url(call);
    const headers = {
      ...call.headers,
      authorization: this.#auth,
      "user-agent": `dust-skills/${VERSION}`,
      accept: call.accept,
    };
    const started = Date.now();
    let waitedMs = 0;
    const cancelled = (attempt: number): DustApiError =>
      buildError(this.#context(call, attempt, waitedMs, "not-retryable"), { kind: "network", code: "CANCELLED", detail: "cancelled by dust-skills" }, false);
    for (let attempt = 1; ; attempt++) {
      if (call.signal?.aborted) throw cancelled(attempt);
      // An attempt never outlives the operation limit, so a call never takes longer than it promises.
      const attemptMs = Math.max(1, Math.min(this.#requestMs, started + this.#policy.maxTotalMs - Date.now()));
      const timer = new AbortController();
      const handle = setTimeout(() => timer.abort(), attemptMs);
      const cancelTimer = (): void => clearTimeout(handle);
      const cancel = (): void => timer.abort();
      call.signal?.addEventListener("abort", cancel);
      let failure: Exclude<Failure, { kind: "shape" }>;
      let retryAfterMs: number | undefined;
      // A send-once call (an import) goes on a fresh connection. A pooled one may have been closed by the
      // server while we were busy packing ZIPs (CPU-bound work delays undici's own idle timer); a request
      // written to such a socket fails with a reset that, for a call we must not replay, cannot be retried.
      const oneShot = call.replay === "once" && this.#ownDispatcher ? new Agent({ connect: { timeout: this.#connectMs }, pipelining: 0 }) : undefined;
      try {
        const res = await request(url, {
          method: call.method,
          headers,
          // Parts become a fresh stream per attempt: the array itself is kept, so a resend sends it whole.
          body: isParts(call.body) ? Readable.from(call.body, { objectMode: false }) : call.body,
          dispatcher: oneShot ?? this.#dispatcher,
          signal: timer.signal,
          headersTimeout: attemptMs,
          bodyTimeout: this.#requestMs,
        });
        if (res.statusCode >= 200 && res.statusCode < 300) {
          return await onSuccess(res, this.#context(call, attempt, waitedMs, "not-retryable"), cancelTimer);
        }
        failure = this.#statusFailure(res.statusCode, await readLimited(res.body));
        retryAfterMs = parseRetryAfter(res.headers["retry-after"], Date.now());
      } catch (err) {
        if (call.signal?.aborted) throw cancelled(attempt);
        failure = this.#networkFailure(err, timer.signal.aborted, attemptMs);
      } finally {
        cancelTimer();
        call.signal?.removeEventListener("abort", cancel);
        // Not awaited: close() waits for the body, which a streaming caller may still be reading.
        oneShot?.close().catch(() => {});
      }
      const outcome: Outcome = failure.kind === "status" ? { kind: "status", status: failure.status } : { kind: "network", code: failure.code };
      const decision = decideRetry({
        policy: this.#policy,
        outcome,
        replay: call.replay,
        failures: attempt,
        elapsedMs: Math.max(Date.now() - started, waitedMs),
        retryAfterMs,
        random: this.#random,
      });
      if (!decision.retry) {
        const ctx = this.#context(call, attempt, waitedMs, decision.reason);
        if (decision.reason === "budget" && retryAfterMs !== undefined) ctx.retryAfterMs = retryAfterMs;
        // Whether a later try may work, even though this call stops here.
        throw buildError(ctx, failure, isRetryable(outcome, "idempotent"));
      }
      this.#log(`dust: ${call.method} ${this.#path(call)}: ${summary(failure)}; retry ${attempt + 1}/${this.#policy.attempts} in ${(decision.waitMs / 1000).toFixed(1)} s`);
      // A cancelled call must not sit out its wait either: its timer would hold the process that no longer needs it.
      await this.#sleep(decision.waitMs, call.signal);
      waitedMs += decision.waitMs;
    }
  }

  #statusFailure(status: number, text: string): Extract<Failure, { kind: "status" }> {
    try {
      const parsed = JSON.parse(text) as { error?: { type?: unknown; message?: unknown } };
      const e = parsed?.error;
      if (e && typeof e.type === "string") {
        const failure: Extract<Failure, { kind: "status" }> = { kind: "status", status, type: e.type };
        if (typeof e.message === "string") failure.serverMessage = redact(e.message, this.#conn.apiKey);
        return failure;
      }
    } catch {
      // not JSON: a proxy or gateway answered; shown as an excerpt below
    }
    return { kind: "status", status, excerpt: excerpt(text, this.#conn.apiKey) };
  }

  #networkFailure(err: unknown, timedOut: boolean, attemptMs: number): Extract<Failure, { kind: "network" }> {
    if (timedOut) return { kind: "network", code: "REQUEST_TIMEOUT", detail: "request timed out", timeoutMs: attemptMs };
    const code = networkErrorCode(err);
    const detail = redact(err instanceof Error ? err.message : String(err), this.#conn.apiKey);
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return { kind: "network", code, detail, timeoutMs: code === "UND_ERR_HEADERS_TIMEOUT" ? attemptMs : this.#requestMs };
    }
    return { kind: "network", code, detail };
  }

  #clean(failure: Failure): Failure {
    return failure.kind === "shape" ? { kind: "shape", detail: redact(failure.detail, this.#conn.apiKey) } : failure;
  }

  #context(call: Call, attempts: number, waitedMs: number, stop: FailureContext["stop"]): FailureContext {
    return {
      op: call.op,
      method: call.method,
      path: this.#path(call),
      baseUrl: this.#conn.baseUrl,
      workspaceId: this.#conn.workspaceId,
      attempts,
      waitedMs,
      stop,
    };
  }

  #path(call: Call): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(call.query ?? {})) for (const one of v === undefined ? [] : typeof v === "string" ? [v] : v) params.append(k, one);
    const qs = params.toString();
    const prefix = new URL(this.#conn.baseUrl).pathname.replace(/\/$/, "");
    return `${prefix}/api/v1/w/${encodeURIComponent(this.#conn.workspaceId)}${call.route}${qs ? `?${qs}` : ""}`;
  }

  #url(call: Call): string {
    return new URL(this.#path(call), this.#conn.baseUrl).toString();
  }
}

/** undici reports connect failures with the OS code, sometimes inside an AggregateError (happy eyeballs) or a cause. */
export function networkErrorCode(err: unknown): string {
  const e = err as { code?: unknown; errors?: unknown; cause?: unknown } | null;
  if (e && typeof e.code === "string") return e.code;
  if (e && Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = (inner as { code?: unknown } | null)?.code;
      if (typeof code === "string") return code;
    }
  }
  const cause = (e?.cause as { code?: unknown } | undefined)?.code;
  return typeof cause === "string" ? cause : "UNKNOWN";
}

function summary(f: Failure): string {
  if (f.kind === "status") return `${f.status} ${f.type ?? ""}`.trim();
  if (f.kind === "network") return f.code;
  return "bad response";
}

function isParts(body: Call["body"]): body is readonly Buffer[] {
  return Array.isArray(body);
}

/** An error body is read only up to a limit (a proxy can send megabytes of HTML); the rest is discarded. */
async function readLimited(body: Dispatcher.ResponseData["body"]): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(buf);
    size += buf.length;
    if (size >= ERROR_BODY_LIMIT) {
      discard(body);
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString("utf8");
}

/** Drops a body we stop reading; destroying an unread body emits an abort error that nobody needs to see. */
export function discard(body: Dispatcher.ResponseData["body"]): void {
  if (body.destroyed) return;
  body.on("error", () => {});
  body.destroy();
}

/** Waits `ms`, or less once `signal` aborts (the timer is then cleared); it never rejects: the caller checks the signal. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}
