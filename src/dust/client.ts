import { compareText } from "../lib/compare-text.js";
import type { Connection } from "../config.js";
import { csvRows, CsvError } from "./csv.js";
import { DustApiError } from "./errors.js";
import { importBody } from "./multipart.js";
import type { ImportRequest } from "./multipart.js";
import { parseJson } from "./shape.js";
import { SkillListReader } from "./skill-list-stream.js";
import { Transport } from "./transport.js";
import type { Call, TransportOptions } from "./transport.js";
import type { ExportQuery, ImportResult } from "./types.js";
import type { Availability, LiveSkill, LiveSkillStatus } from "../model/skill.js";
import { readArchiveResult, readImportResult } from "./validate.js";
import { discard, networkErrorCode } from "./transport.js";

export { DustApiError } from "./errors.js";
export type { RetryPolicy } from "./retry.js";
export type { ImportRequest } from "./multipart.js";

export type DustClientOptions = TransportOptions;

/**
 * The Dust API as dust-skills uses it (see ../shared/dust-api.md). Every failure is a DustApiError whose
 * message says what to do; the API key is never part of any output.
 */
export class DustClient {
  readonly #t: Transport;
  /** Whether this key may list unpublished skills; learnt on the first listAllSkills. */
  #bypass: boolean | undefined;

  constructor(conn: Connection, opts: DustClientOptions = {}) {
    this.#t = new Transport(conn, opts);
  }

  /**
   * One status per call; sorted by name then sId (Dust promises no order). `onAnswer` runs when Dust answers
   * with a success and the body starts (again on a retried body).
   */
  async listSkills(
    opts: { status?: LiveSkillStatus; bypassEditorVisibility?: boolean; availability?: readonly Availability[]; signal?: AbortSignal } = {},
    onAnswer?: () => void,
  ): Promise<LiveSkill[]> {
    const call: Call = {
      op: "list",
      method: "GET",
      route: "/skills",
      query: {
        status: opts.status,
        availability: opts.availability && opts.availability.length > 0 ? opts.availability : undefined,
        bypassEditorVisibility: opts.bypassEditorVisibility ? "true" : undefined,
      },
      accept: "application/json",
      replay: "idempotent",
      ...(opts.signal ? { signal: opts.signal } : {}),
    };
    // Read skill by skill as the body arrives (at 20,000 skills it is ~120 MB): see skill-list-stream.ts.
    const reader = await this.#t.stream(call, async (body) => {
      onAnswer?.();
      const r = new SkillListReader();
      for await (const chunk of body) r.push(chunk);
      return r;
    });
    let skills: LiveSkill[];
    try {
      skills = reader.finish();
    } catch (err) {
      throw this.#t.shapeError(call, err);
    }
    return skills.sort((a, b) => compareText(a.name, b.name) || compareText(a.sId, b.sId));
  }

  /**
   * Active and archived skills, unpublished ones included when the key is admin. A non-admin key gets 403
   * app_auth_error for bypassEditorVisibility; the client then lists without it, and remembers, so later
   * calls do not pay for the refused request again. `seesUnpublished` tells the plan whether skills with
   * availability `editors` can be missing from `active`.
   */
  async listAllSkills(): Promise<{ active: LiveSkill[]; archived: LiveSkill[]; seesUnpublished: boolean }> {
    // Once Dust answers the active listing, whether this key may bypass is known: the archived listing is asked
    // then, beside the active body, not after its last byte (at 20,000 skills a round trip after ~120 MB).
    let archived: Promise<LiveSkill[]> | undefined;
    // Should the active listing fail, the archived one is of no use: ended at once, not left to hold the exit.
    const unneeded = new AbortController();
    const askArchived = (): void => {
      if (archived !== undefined) return;
      archived = this.listSkills({ status: "archived", bypassEditorVisibility: this.#bypass, signal: unneeded.signal });
      archived.catch(() => {}); // awaited below, unless the active listing fails first
    };
    let active: LiveSkill[];
    try {
      active = (await this.listActiveSkills({}, askArchived)).skills;
    } catch (err) {
      unneeded.abort();
      throw err;
    }
    askArchived();
    return { active, archived: await (archived as Promise<LiveSkill[]>), seesUnpublished: this.#bypass === true };
  }

  /**
   * Active skills only, unpublished ones included when the key may see them, optionally only those with the
   * given availabilities (the server filters, so the body shrinks).
   */
  async listActiveSkills(
    filter: { availability?: readonly Availability[] } = {},
    onAnswer?: () => void,
  ): Promise<{ skills: LiveSkill[]; seesUnpublished: boolean }> {
    const availability = filter.availability;
    if (this.#bypass !== false) {
      try {
        const answered = (): void => {
          this.#bypass = true;
          onAnswer?.();
        };
        const skills = await this.listSkills({ status: "active", bypassEditorVisibility: true, ...(availability ? { availability } : {}) }, answered);
        return { skills, seesUnpublished: true };
      } catch (err) {
        if (!(err instanceof DustApiError && err.status === 403 && err.type === "app_auth_error")) throw err;
        this.#bypass = false;
        this.#t.log("dust: the API key is not admin: unpublished skills (availability `editors`) are not visible to it");
      }
    }
    return { skills: await this.listSkills({ status: "active", ...(availability ? { availability } : {}) }, onAnswer), seesUnpublished: false };
  }

  /** One POST /skills. Never resent once it may have reached Dust (see retry.ts): each import is a new version. */
  async importSkills(req: ImportRequest): Promise<ImportResult> {
    if (req.files.length === 0) throw new Error("importSkills needs at least one file");
    const { parts, headers } = importBody(req);
    const call: Call = { op: "import", method: "POST", route: "/skills", body: parts, headers, accept: "application/json", replay: "once" };
    return this.#json(call, readImportResult);
  }

  /** Sets the skill's status to archived. Safe to resend: archiving twice changes nothing. */
  async archiveSkill(sId: string): Promise<void> {
    const call: Call = {
      op: "archive",
      method: "DELETE",
      route: `/skills/${encodeURIComponent(sId)}`,
      accept: "application/json",
      replay: "idempotent",
    };
    await this.#json(call, readArchiveResult);
  }

  /**
   * The export as CSV, one object per row keyed by the header, read from the network as rows are consumed.
   * Cells are raw: formula-guarded text keeps its leading `'` (see unguardFormula). Retries happen only
   * before the first row; a break later fails the iteration (a restart could repeat rows).
   */
  async *exportCsv(q: ExportQuery): AsyncGenerator<Record<string, string>> {
    const res = await this.#t.open(exportCall(q, "csv", "text/csv"));
    let rows = 0;
    try {
      const type = String(res.headers["content-type"] ?? "");
      if (/json|html/i.test(type)) {
        throw res.fail({ kind: "shape", detail: `expected CSV, got content-type ${type}` });
      }
      for await (const row of csvRows(res.body)) {
        yield row;
        rows++;
      }
    } catch (err) {
      if (err instanceof DustApiError) throw err;
      if (err instanceof CsvError) throw res.fail({ kind: "shape", detail: `CSV ${err.message}` });
      throw res.fail({ kind: "network", code: networkErrorCode(err), detail: "connection lost", afterRows: rows });
    } finally {
      discard(res.body);
    }
  }

  /** Frees the connection pool (only needed by long-lived processes that make many clients). */
  async close(): Promise<void> {
    await this.#t.close();
  }

  async #json<T>(call: Call, read: (body: unknown) => T): Promise<T> {
    const { text } = await this.#t.text(call);
    try {
      return read(parseJson(text));
    } catch (err) {
      throw this.#t.shapeError(call, err);
    }
  }
}

function exportCall(q: ExportQuery, format: "csv" | "json", accept: string): Call {
  return {
    op: "export",
    method: "GET",
    route: "/analytics/export",
    query: { table: q.table, startDate: q.startDate, endDate: q.endDate, timezone: q.timezone, format },
    accept,
    replay: "idempotent",
  };
}
