import { afterEach, describe, expect, it } from "vitest";
import { TABLE_COLUMNS } from "../../src/emulator/analytics/columns.js";
import { csvCell } from "../../src/emulator/analytics/csv.js";
import { TIMEZONE_NAMES } from "../../src/emulator/analytics/timezone-names.js";
import type { AnalyticsSeed, SkillSeed } from "../../src/emulator/index.js";
import { ANALYTICS_TABLES } from "../../src/emulator/types.js";
import { ADMIN, BUILDER, call, errorOf, seed, start, T0, USER, WS } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const DAY = 86_400_000;
const exportPath = (q: string): string => `/api/v1/w/${WS}/analytics/export?${q}`;

function withAnalytics(analytics: AnalyticsSeed, skills: SkillSeed[] = []): ReturnType<typeof seed> {
  return seed(skills, { analytics });
}

describe("GET /analytics/export: access", () => {
  it("is for admin keys only", async () => {
    emu = await start();
    for (const key of [BUILDER, USER]) {
      const reply = await call(emu, "GET", exportPath("table=usage_metrics&startDate=2025-06-01&endDate=2025-06-02"), { key });
      expect(reply.status).toBe(403);
      expect(errorOf(reply)).toEqual({ type: "workspace_auth_error", message: "Only admin users can perform this action." });
    }
  });

  it("allows 60 requests a minute per workspace, then 429 rate_limit_error with Retry-After in seconds", async () => {
    emu = await start();
    const q = exportPath("table=usage_metrics&startDate=2025-06-01&endDate=2025-06-01");
    for (let i = 0; i < 60; i++) {
      expect((await call(emu, "GET", q)).status).toBe(200);
      emu.clock.now += 100;
    }
    const limited = await call(emu, "GET", q);
    expect(limited.status).toBe(429);
    expect(errorOf(limited)).toEqual({
      type: "rate_limit_error",
      message: "Too many requests to this endpoint for this workspace (max 60 per minute).",
    });
    // The first request was 6 s ago: the window frees a slot 54 s from now.
    expect(limited.headers["retry-after"]).toBe("54");
    emu.clock.now += 54_000;
    expect((await call(emu, "GET", q)).status).toBe(200);
    // The limit does not touch other routes.
    expect((await call(emu, "GET", `/api/v1/w/${WS}/skills`)).status).toBe(200);
  });

  it("counts toward the 60/min before checking the role: refused requests use up the window too", async () => {
    emu = await start();
    const q = exportPath("table=usage_metrics&startDate=2025-06-01&endDate=2025-06-01");
    for (let i = 0; i < 60; i++) expect((await call(emu, "GET", q, { key: BUILDER })).status).toBe(403);
    // The window is full: the admin key is limited, and so is the builder (429, not 403).
    expect((await call(emu, "GET", q)).status).toBe(429);
    expect((await call(emu, "GET", q, { key: BUILDER })).status).toBe(429);
  });
});

describe("GET /analytics/export: query validation", () => {
  it("answers 'Invalid query parameters: ' and the pretty-printed JSON list of issues", async () => {
    emu = await start();
    const reply = await call(emu, "GET", exportPath("table=nope&startDate=2025-1-01&timezone=Mars%2FOlympus&format=xml"));
    expect(reply.status).toBe(400);
    const { type, message } = errorOf(reply);
    expect(type).toBe("invalid_request_error");
    expect(message.startsWith("Invalid query parameters: [\n  {\n")).toBe(true);
    const issues = JSON.parse(message.slice("Invalid query parameters: ".length)) as { path: string[]; code: string }[];
    expect(issues.map((i) => [i.path.join("."), i.code])).toEqual([
      ["table", "invalid_enum_value"],
      ["startDate", "custom"],
      ["endDate", "invalid_type"],
      ["timezone", "custom"],
      ["format", "invalid_enum_value"],
    ]);
    expect(message).toBe(`Invalid query parameters: ${JSON.stringify(issues, null, 2)}`);
  });

  it("requires YYYY-MM-DD dates with startDate <= endDate (equal is fine: both inclusive)", async () => {
    emu = await start();
    const badFormat = await call(emu, "GET", exportPath("table=skills&startDate=2025-6-1&endDate=2025-06-02"));
    expect(issuesOf(badFormat)).toContainEqual({ code: "custom", message: "Date must be in YYYY-MM-DD format", path: ["startDate"] });
    const reversed = await call(emu, "GET", exportPath("table=skills&startDate=2025-06-02&endDate=2025-06-01"));
    expect(reversed.status).toBe(400);
    expect(issuesOf(reversed)).toEqual([{ code: "custom", message: "startDate must be before or equal to endDate", path: [] }]);
    const sameDay = await call(emu, "GET", exportPath("table=usage_metrics&startDate=2025-06-02&endDate=2025-06-02"));
    expect(sameDay.text.split("\n").filter(Boolean)).toHaveLength(2);
  });

  it("runs the start <= end check even when a date is malformed, but not when a field has the wrong type", async () => {
    emu = await start();
    const malformed = await call(emu, "GET", exportPath("table=skills&startDate=June&endDate=2025-06-01"));
    expect(issuesOf(malformed).map((i) => [i["path"], i["code"]])).toEqual([
      [["startDate"], "custom"],
      [[], "custom"],
    ]);
    // A missing endDate is a type error: zod stops there and the object refinement never runs.
    const missing = await call(emu, "GET", exportPath("table=skills&startDate=June"));
    expect(issuesOf(missing).map((i) => [i["path"], i["code"]])).toEqual([
      [["startDate"], "custom"],
      [["endDate"], "invalid_type"],
    ]);
  });

  it("has no calendar check: 2026-02-31 and 2025-13-01 pass and are answered", async () => {
    emu = await start();
    for (const range of ["startDate=2026-02-01&endDate=2026-02-31", "startDate=2025-12-30&endDate=2025-13-01"]) {
      const reply = await call(emu, "GET", exportPath(`table=usage_metrics&${range}`));
      expect(reply.status, `${range}: ${reply.text}`).toBe(200);
    }
  });

  it("accepts exactly the SDK's 592 moment-timezone names", async () => {
    emu = await start();
    const q = (tz: string): string => exportPath(`table=skills&startDate=2025-06-01&endDate=2025-06-01&timezone=${encodeURIComponent(tz)}`);
    for (const tz of ["UTC", "Europe/Paris", "US/Pacific-New", "Etc/GMT+12"]) expect((await call(emu, "GET", q(tz))).status, tz).toBe(200);
    // Valid IANA names the list does not carry are refused.
    for (const tz of ["America/Ciudad_Juarez", "Europe/Kyiv", "utc"]) {
      const reply = await call(emu, "GET", q(tz));
      expect(reply.status, tz).toBe(400);
      expect(issuesOf(reply)).toEqual([{ code: "custom", message: "Invalid IANA timezone", path: ["timezone"] }]);
    }
    expect(TIMEZONE_NAMES.size).toBe(592);
  });
});

function issuesOf(reply: { text: string }): Record<string, unknown>[] {
  const message = (JSON.parse(reply.text) as { error: { message: string } }).error.message;
  return JSON.parse(message.slice("Invalid query parameters: ".length)) as Record<string, unknown>[];
}

describe("GET /analytics/export: CSV and JSON", () => {
  it("writes every table with its exact header, text/csv and the attachment file name", async () => {
    emu = await start();
    for (const table of ANALYTICS_TABLES) {
      const reply = await call(emu, "GET", exportPath(`table=${table}&startDate=2025-06-01&endDate=2025-06-03`));
      expect(reply.status, table).toBe(200);
      expect(reply.headers["content-type"]).toBe("text/csv");
      expect(reply.headers["content-disposition"]).toBe(`attachment; filename="dust_${table}_2025-06-01_2025-06-03.csv"`);
      expect(reply.text.split("\n")[0]).toBe(TABLE_COLUMNS[table].join(","));
      expect(reply.text.endsWith("\n")).toBe(true);
      expect(reply.text.charCodeAt(0)).not.toBe(0xfeff);
    }
  });

  it("quotes only when needed, doubles quotes, and guards text cells that start with = + - @", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("-1 day")).toBe("'-1 day");
    expect(csvCell('@x, "y"')).toBe(`"'@x, ""y"""`);
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(false)).toBe("false");
  });

  it("serves explicit seed rows, filtered by the inclusive date range; JSON keeps numbers as numbers", async () => {
    const rows = [
      { date: "2025-05-31", skillName: "before", executions: 1, uniqueUsers: 1 },
      { date: "2025-06-01", skillName: "=danger, \"quoted\"\nline", executions: 3, uniqueUsers: 2 },
      { date: "2025-06-02", skillName: "+plus", executions: 4, uniqueUsers: 1 },
      { date: "2025-06-03", skillName: "after", executions: 1, uniqueUsers: 1 },
    ];
    emu = await start(withAnalytics({ rows: { skill_usage: rows } }));
    const csv = await call(emu, "GET", exportPath("table=skill_usage&startDate=2025-06-01&endDate=2025-06-02"));
    expect(csv.text).toBe(
      'date,skillName,executions,uniqueUsers\n2025-06-01,"\'=danger, ""quoted""\nline",3,2\n2025-06-02,\'+plus,4,1\n',
    );
    const json = await call(emu, "GET", exportPath("table=skill_usage&startDate=2025-06-01&endDate=2025-06-02&format=json"));
    expect(json.headers["content-type"]).toBe("application/json");
    expect(json.json()).toEqual([rows[1], rows[2]]);
  });

  it("answers an empty range with the header line alone, and [] in JSON", async () => {
    emu = await start(withAnalytics({ rows: { skill_usage: [] } }));
    const csv = await call(emu, "GET", exportPath("table=skill_usage&startDate=2020-01-01&endDate=2020-01-31"));
    expect(csv.text).toBe("date,skillName,executions,uniqueUsers\n");
    const json = await call(emu, "GET", exportPath("table=skill_usage&startDate=2020-01-01&endDate=2020-01-31&format=json"));
    expect(json.text).toBe("[]");
  });
});

describe("generated analytics", () => {
  const skills: SkillSeed[] = [
    { sId: "skl_live000001", name: "Shared Name", source: "api", createdAt: T0 - 200 * DAY, instructions: "x\n" },
    { sId: "skl_arch000001", name: "Shared Name", source: "api", status: "archived", createdAt: T0 - 200 * DAY, updatedAt: T0 - 10 * DAY, instructions: "x\n" },
    { sId: "skl_ws00000001", name: "Only In Workspace", source: "web_app", createdAt: T0 - 200 * DAY, instructions: "x\n", editedByEmail: "ana@example.com" },
    { sId: "skl_new0000001", name: "Brand New", source: "api", createdAt: T0 - 2 * DAY, instructions: "x\n" },
  ];
  const analytics: AnalyticsSeed = { seed: 7, days: 60, unresolvedSkillIds: ["skl_ghost00001"] };
  const range = "startDate=2025-04-01&endDate=2025-06-15";

  async function skillUsage(): Promise<{ date: string; skillName: string; executions: number; uniqueUsers: number }[]> {
    const reply = await call(emu!, "GET", exportPath(`table=skill_usage&${range}&format=json`));
    return reply.json() as { date: string; skillName: string; executions: number; uniqueUsers: number }[];
  }

  it("is deterministic: the same seed and state give the same bytes", async () => {
    emu = await start(withAnalytics(analytics, skills));
    const first = await call(emu, "GET", exportPath(`table=messages&${range}`));
    const second = await call(emu, "GET", exportPath(`table=messages&${range}`));
    expect(second.text).toBe(first.text);
    await emu.close();
    emu = await start(withAnalytics({ ...analytics, seed: 8 }, skills));
    expect((await call(emu, "GET", exportPath(`table=messages&${range}`))).text).not.toBe(first.text);
  });

  it("covers the history window only, and one row per skill per day in date then name order", async () => {
    emu = await start(withAnalytics(analytics, skills));
    const rows = await skillUsage();
    const dates = rows.map((r) => r.date);
    expect(dates[0]! >= "2025-04-17").toBe(true); // 60 days ending 2025-06-15
    expect(dates.at(-1)! <= "2025-06-15").toBe(true);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      expect(a.date < b.date || (a.date === b.date && a.skillName.localeCompare(b.skillName) <= 0)).toBe(true);
    }
    for (const r of rows) expect(r.uniqueUsers).toBeLessThanOrEqual(r.executions);
  });

  it("shows usage under the current name, a raw sId for an unresolvable skill, and respects creation and archiving", async () => {
    emu = await start(withAnalytics(analytics, skills));
    const rows = await skillUsage();
    const names = new Set(rows.map((r) => r.skillName));
    expect(names).toEqual(new Set(["Shared Name", "Only In Workspace", "Brand New", "skl_ghost00001"]));
    // The archived twin stops on its archive day; the live one carries on, both under the same name.
    const sharedAfterArchive = rows.filter((r) => r.skillName === "Shared Name" && r.date > "2025-06-05");
    const perDay = new Map<string, number>();
    for (const r of sharedAfterArchive) perDay.set(r.date, (perDay.get(r.date) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBe(1);
    expect(rows.filter((r) => r.skillName === "Brand New").every((r) => r.date >= "2025-06-13")).toBe(true);

    emu.store.editSkill(WS, "skl_ws00000001", { name: "Renamed In Dust" });
    const renamed = await skillUsage();
    expect(renamed.some((r) => r.skillName === "Renamed In Dust")).toBe(true);
    expect(renamed.some((r) => r.skillName === "Only In Workspace")).toBe(false);
  });

  it("lists active skills and used archived ones in the skills table, dates in the requested time zone", async () => {
    emu = await start(withAnalytics(analytics, skills));
    const reply = await call(emu, "GET", exportPath(`table=skills&${range}&format=json&timezone=Pacific%2FKiritimati`));
    const rows = reply.json() as Record<string, string>[];
    expect(rows.map((r) => r["skillId"])).toEqual(["skl_new0000001", "skl_ws00000001", "skl_live000001", "skl_arch000001"]);
    expect(rows[1]).toMatchObject({ name: "Only In Workspace", editedByEmail: "ana@example.com" });
    // T0 is 12:00 UTC, already the next day at UTC+14.
    expect(rows[0]?.["createdAt"]).toBe("2025-06-14");
  });

  it("streams a large messages table row by row", async () => {
    emu = await start(withAnalytics({ days: 10, messagesRows: 50_000 }));
    const reply = await call(emu, "GET", exportPath("table=messages&startDate=2025-06-06&endDate=2025-06-15"));
    const lines = reply.text.split("\n");
    expect(lines).toHaveLength(50_000 + 2); // header + rows + the empty string after the final \n
    expect(reply.headers["transfer-encoding"]).toBe("chunked");
    const half = await call(emu, "GET", exportPath("table=messages&startDate=2025-06-11&endDate=2025-06-15"));
    expect(half.text.split("\n")).toHaveLength(25_000 + 2);
  });
});

it("keeps the admin key check ahead of the query check", async () => {
  emu = await start();
  const reply = await call(emu, "GET", exportPath("table=bogus"), { key: ADMIN });
  expect(reply.status).toBe(400);
  const asBuilder = await call(emu, "GET", exportPath("table=bogus"), { key: BUILDER });
  expect(asBuilder.status).toBe(403);
});
