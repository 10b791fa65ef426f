import { UserError } from "../errors.js";

/** Which call failed: decides the advice (an analytics 403 means "admin key", an import 400 names skills). */
export type Operation = "list" | "import" | "archive" | "export";

/**
 * The one error of the Dust edge. `message` says what happened and `hint` what to do; neither ever holds
 * the API key, and `cause` is a plain summary (never the HTTP library's error, whose socket links back
 * to the request headers).
 */
export class DustApiError extends UserError {
  /** HTTP status, when Dust (or a proxy) answered. */
  readonly status?: number;
  /** Dust's `error.type`, e.g. `invalid_api_key_error`, `workspace_not_found`; `invalid_response` for a bad shape. */
  readonly type?: string;
  /** Dust's own `error.message`, verbatim (key removed): an import 400 names the skills at fault. */
  readonly serverMessage?: string;
  /** Network failure code (`ECONNREFUSED`, `UND_ERR_SOCKET`, `REQUEST_TIMEOUT`...), when no answer came. */
  readonly code?: string;
  readonly method: string;
  /** Path and query as sent; never holds credentials. */
  readonly path: string;
  /** Whether trying again later may succeed (after retries ran out, or for a failure not retried here). */
  readonly retryable: boolean;
  /** Attempts made, and time spent waiting between them. */
  readonly attempts: number;
  readonly waitedMs: number;

  constructor(init: DustApiErrorInit) {
    super(init.message, { hint: init.hint, cause: init.cause });
    if (init.status !== undefined) this.status = init.status;
    if (init.type !== undefined) this.type = init.type;
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage;
    if (init.code !== undefined) this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.retryable = init.retryable;
    this.attempts = init.attempts;
    this.waitedMs = init.waitedMs;
  }
}

export interface DustApiErrorInit {
  message: string;
  hint?: string;
  cause?: unknown;
  status?: number;
  type?: string;
  serverMessage?: string;
  code?: string;
  method: string;
  path: string;
  retryable: boolean;
  attempts: number;
  waitedMs: number;
}

/** Everything known about a failed call, already free of the key. */
export interface FailureContext {
  op: Operation;
  method: string;
  path: string;
  baseUrl: string;
  workspaceId: string;
  attempts: number;
  waitedMs: number;
  /** Why retrying stopped: the failure is final, attempts ran out, or the time budget (and the wait asked for). */
  stop: "not-retryable" | "attempts" | "budget";
  retryAfterMs?: number;
}

export type Failure =
  | { kind: "status"; status: number; type?: string; serverMessage?: string; excerpt?: string }
  | { kind: "network"; code: string; detail: string; timeoutMs?: number; afterRows?: number }
  | { kind: "shape"; detail: string };

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
  UND_ERR_SOCKET: "connection closed by the other side",
  UND_ERR_BODY_TIMEOUT: "no data for too long",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the answer was cut short",
  EPIPE: "connection closed while sending",
};

export function buildError(ctx: FailureContext, failure: Failure, retryable: boolean): DustApiError {
  const { message, hint } = explain(ctx, failure);
  const base = { method: ctx.method, path: ctx.path, attempts: ctx.attempts, waitedMs: ctx.waitedMs, retryable };
  if (failure.kind === "status") {
    return new DustApiError({
      ...base,
      message,
      hint,
      status: failure.status,
      ...(failure.type === undefined ? {} : { type: failure.type }),
      ...(failure.serverMessage === undefined ? {} : { serverMessage: failure.serverMessage }),
    });
  }
  if (failure.kind === "network") {
    const cause = Object.assign(new Error(failure.detail), { code: failure.code });
    return new DustApiError({ ...base, message, hint, code: failure.code, cause });
  }
  return new DustApiError({ ...base, message, hint, status: 200, type: "invalid_response" });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** ", after 5 attempts and 12.3 s of waiting", or "" for a single attempt. */
function afterRetries(ctx: FailureContext): string {
  return ctx.attempts > 1 ? `, after ${ctx.attempts} attempts and ${seconds(ctx.waitedMs)} of waiting` : "";
}

function explain(ctx: FailureContext, f: Failure): { message: string; hint?: string } {
  const where = `${ctx.method} ${ctx.path}`;
  if (f.kind === "shape") {
    return {
      message: `Dust answered ${where} with data dust-skills does not understand: ${f.detail}`,
      hint: "The Dust API may have changed; update dust-skills, or report this with the line above.",
    };
  }
  if (f.kind === "network") return explainNetwork(ctx, f, where);
  return explainStatus(ctx, f, where);
}

function explainNetwork(ctx: FailureContext, f: Extract<Failure, { kind: "network" }>, where: string): { message: string; hint?: string } {
  const midImport = ctx.op === "import" && ctx.stop === "not-retryable";
  if (f.afterRows !== undefined) {
    return {
      message: `The analytics export ${where} broke off after ${f.afterRows} rows: ${NETWORK_WORDS[f.code] ?? f.detail} (${f.code}).`,
      hint: "Run it again; rows already read are incomplete and should not be used.",
    };
  }
  if (f.code === "REQUEST_TIMEOUT" || f.code === "UND_ERR_HEADERS_TIMEOUT" || f.code === "UND_ERR_BODY_TIMEOUT") {
    const within = f.timeoutMs === undefined ? "in time" : `within ${seconds(f.timeoutMs)}`;
    return {
      message: `Dust did not answer ${where} ${within}${afterRetries(ctx)}.`,
      hint: midImport
        ? "The import may have been applied anyway: run `dust-skills plan` to see what Dust has before syncing again."
        : "Dust may be slow or unreachable; retry later, or allow more time per request with --timeout SECONDS (or DUST_TIMEOUT).",
    };
  }
  const words = NETWORK_WORDS[f.code] ?? f.detail;
  if (midImport) {
    return {
      message: `The connection to Dust broke during ${where} (${words}, ${f.code}); the import may have been applied.`,
      hint: "It was not retried, as a second import would create new versions: run `dust-skills plan` to see what Dust has now, then sync again.",
    };
  }
  return {
    message: `Could not reach Dust at ${ctx.baseUrl} for ${where}: ${words} (${f.code})${afterRetries(ctx)}.`,
    hint:
      f.code === "ENOTFOUND"
        ? "Check DUST_BASE_URL / DUST_REGION (us or eu)."
        : "Check your network, proxy and DUST_BASE_URL / DUST_REGION; retry later if Dust is down.",
  };
}

function explainStatus(ctx: FailureContext, f: Extract<Failure, { kind: "status" }>, where: string): { message: string; hint?: string } {
  const said = f.excerpt !== undefined ? `${f.status} with a non-JSON body: ${f.excerpt || "(empty)"}` : `${f.status} ${f.type ?? "error"}: ${f.serverMessage ?? "(no message)"}`;
  const detail = `(${where} answered ${said})`;
  if (f.excerpt !== undefined && f.status === 404 && f.excerpt.trim() === "404 Not Found") {
    // Dust's router answers a route or method it lacks with exactly this plain text, not a Dust error body.
    return {
      message: `There is no such route at ${ctx.baseUrl}: ${where} answered a plain-text "404 Not Found", not a Dust error. Is ${ctx.baseUrl} a Dust API server?`,
      hint: "Check DUST_BASE_URL (or --base-url): it must be the Dust host itself (https://dust.tt or https://eu.dust.tt, or DUST_REGION=us|eu), with no path after it.",
    };
  }
  if (f.excerpt !== undefined && f.status < 500 && f.status !== 429) {
    return {
      message: `Something other than the Dust API answered ${where}: ${said}`,
      hint: "A proxy or gateway is in the way, or DUST_BASE_URL does not point at Dust.",
    };
  }
  switch (f.status) {
    case 401:
      if (f.type === "invalid_api_key_error") {
        // Dust checks the key before the workspace, so a key sent to the other region's host is unknown there.
        return {
          message: `Dust at ${ctx.baseUrl} does not know this API key ${detail}: either the key is wrong or disabled, or it belongs to a workspace in the other region (or behind another base URL).`,
          hint: `Check DUST_API_KEY (an active sk-... key of workspace ${ctx.workspaceId}) and the region: DUST_REGION=us|eu or DUST_BASE_URL must be the host where that workspace lives.`,
        };
      }
      return {
        message: `Dust refused the API key ${detail}.`,
        hint:
          f.type === "workspace_auth_error"
            ? `The key belongs to another workspace: check that DUST_API_KEY is a key of workspace ${ctx.workspaceId} (DUST_WORKSPACE_ID).`
            : `Check DUST_API_KEY: it must be an active key (sk-...) of workspace ${ctx.workspaceId}.`,
      };
    case 403:
      if (ctx.op === "export") {
        return { message: `The analytics export needs an admin API key ${detail}.`, hint: "Use a key created with the admin role in DUST_API_KEY." };
      }
      if (ctx.op === "archive") {
        // An API key is never a skill editor, so only the admin role may archive.
        return { message: `Archiving a skill needs an admin API key ${detail}.`, hint: "Use a key created with the admin role in DUST_API_KEY." };
      }
      if (ctx.op === "import") {
        // Since Dust PR 32947 only admin keys may update, take over or set editors on existing skills.
        return {
          message: `Dust refused the import: this API key is not admin, and updating or taking over an existing skill, or setting its editors, needs an admin key ${detail}.`,
          hint: "Use a key created with the admin role in DUST_API_KEY; a builder key can only create new skills. Skills written earlier in the same upload stay written: run `dust-skills plan` to see where things stand.",
        };
      }
      return { message: `Dust refused ${where}: the API key's role is not allowed to do this ${detail}.`, hint: "Use a key with a higher role (builder or admin)." };
    case 404:
      if (f.type === "workspace_not_found") {
        return {
          message: `Workspace ${ctx.workspaceId} was not found at ${ctx.baseUrl} ${detail}: either the workspace id is wrong, or the workspace lives in the other region.`,
          hint: "Check DUST_WORKSPACE_ID and the region: a workspace lives in one region and the other one answers 404 (DUST_REGION=us|eu or DUST_BASE_URL).",
        };
      }
      if (ctx.op === "archive") {
        return { message: `Dust has no such skill to archive ${detail}.`, hint: "It may have been deleted meanwhile; run `dust-skills plan` again." };
      }
      return { message: `Dust answered 404 ${detail}.`, hint: "Check DUST_BASE_URL and DUST_WORKSPACE_ID." };
    case 400:
      return explainBadRequest(ctx, f, detail);
    case 429:
      return {
        message: `Dust rate-limited ${where} (429 ${f.type ?? "rate_limit_error"})${afterRetries(ctx)}${budgetNote(ctx)}.`,
        hint:
          ctx.op === "export"
            ? "Wait a minute and run it again; the analytics export allows 60 requests per minute per workspace."
            : "Wait a minute and run it again.",
      };
    default:
      if (f.status >= 500) {
        const maybeApplied = ctx.op === "import" && ctx.stop === "not-retryable" && f.status !== 500;
        return {
          message: `Dust failed on ${where}${afterRetries(ctx)}${budgetNote(ctx)} (${said})`,
          hint: maybeApplied
            ? "The import was not retried because it may have been applied: run `dust-skills plan` to see what Dust has now."
            : "Dust may be in maintenance or overloaded; retry in a few minutes.",
        };
      }
      return { message: `Dust refused ${where} ${detail}.`, hint: "Check DUST_BASE_URL: it must point at the Dust API." };
  }
}

function explainBadRequest(ctx: FailureContext, f: Extract<Failure, { kind: "status" }>, detail: string): { message: string; hint?: string } {
  const text = f.serverMessage ?? "(no message)";
  if (ctx.op === "import") {
    if (/ADM-ZIP: |Failed to open ZIP/.test(text)) {
      // Dust's ZIP library refused one of the uploaded files; the caller knows which upload it was.
      return {
        message: `Dust could not read an uploaded ZIP: ${text}`,
        hint: "The ZIP was damaged on the way or is not a ZIP; run `dust-skills pack` to inspect what would be sent, then sync again.",
      };
    }
    // Dust's import messages name the skills at fault: pass them through unchanged.
    const hint = /availability/i.test(text)
      ? "This key may not set availability: use an admin key (or one with the publish grant), or pass --availability keep to send none (new skills then stay unpublished)."
      : /restricted|permission/i.test(text)
        ? "The API key's role may not create skills: use a builder or admin key."
        : undefined;
    return hint === undefined ? { message: `Dust refused the import: ${text}` } : { message: `Dust refused the import: ${text}`, hint };
  }
  if (ctx.op === "export") return { message: `Dust refused the analytics export query: ${text}` };
  return { message: `Dust refused the request ${detail}.` };
}

function budgetNote(ctx: FailureContext): string {
  if (ctx.stop !== "budget") return "";
  if (ctx.retryAfterMs === undefined) return "; the retry time budget ran out";
  return `; Dust asked to wait ${seconds(ctx.retryAfterMs)} (Retry-After), beyond the retry time budget`;
}
