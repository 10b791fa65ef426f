/**
 * The analytics export through the client against the emulator: CSV read back cell for cell, JSON types,
 * admin-only access, query validation and the 60/min limit with Retry-After.
 */
import { afterAll, describe, expect, it } from "vitest";
import { unguardFormula } from "../../src/lib/formula-guard.js";
import { contractSeed, Harness, KEYS } from "./contract-helpers.js";

const TODAY = Date.parse("2025-06-30T12:00:00Z");
const everything: string[] = [];

async function withHarness(fn: (h: Harness) => Promise<void>, seed = contractSeed(), now: () => number = () => TODAY): Promise<void> {
  const h = await Harness.start(seed, { now });
  try {
    await fn(h);
  } finally {
    everything.push(...h.output);
    await h.close();
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

afterAll(() => {
  const text = everything.join("\n");
  for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
});

const TRICKY = [
  { feedbackId: "f1", createdAt: "2025-06-01T10:00:00.000Z", assistantName: "Plain", content: "simple", thumb: "up", dismissed: false },
  { feedbackId: "f2", createdAt: "2025-06-02T10:00:00.000Z", assistantName: "Comma, inc", content: 'He said "hi", twice', thumb: "down", dismissed: true },
  { feedbackId: "f3", createdAt: "2025-06-03T10:00:00.000Z", assistantName: "Lines", content: "line1\nline2\r\nline3", thumb: "up", dismissed: false },
  { feedbackId: "f4", createdAt: "2025-06-04T10:00:00.000Z", assistantName: "=HYPERLINK(\"x\")", content: "+1 great", thumb: "up", dismissed: false },
  { feedbackId: "f5", createdAt: "2025-06-05T10:00:00.000Z", assistantName: "@here", content: "-minus", thumb: "down", dismissed: false },
  { feedbackId: "f6", createdAt: "2025-06-06T10:00:00.000Z", assistantName: "Ünïcødé ✓", content: null, thumb: "up", dismissed: false },
  { feedbackId: "f7", createdAt: "2025-06-07T10:00:00.000Z", assistantName: "'quoted", content: "", thumb: "up", dismissed: false },
];

function seedWithFeedback() {
  return contractSeed({ analytics: { rows: { feedback: TRICKY } } });
}

describe("CSV export", () => {
  it("reads cells with commas, quotes, newlines and formula guards back exactly", async () => {
    await withHarness(async (h) => {
      const q = { table: "feedback", startDate: "2025-06-01", endDate: "2025-06-30" };
      const rows = await collect(h.client().exportCsv(q));
      expect(rows.map((r) => r["feedbackId"])).toEqual(TRICKY.map((t) => t.feedbackId));
      expect(rows[1]?.["assistantName"]).toBe("Comma, inc");
      expect(rows[1]?.["content"]).toBe('He said "hi", twice');
      expect(rows[2]?.["content"]).toBe("line1\nline2\r\nline3");
      // raw cells keep the guard; unguardFormula gives the original text back
      expect(rows[3]?.["assistantName"]).toBe("'=HYPERLINK(\"x\")");
      expect(rows[3]?.["content"]).toBe("'+1 great");
      expect(rows[4]?.["assistantName"]).toBe("'@here");
      expect(rows[4]?.["content"]).toBe("'-minus");
      expect(rows[5]?.["assistantName"]).toBe("Ünïcødé ✓");
      expect(rows[5]?.["content"]).toBe("");
      expect(rows[6]?.["assistantName"]).toBe("'quoted");
      for (const [i, t] of TRICKY.entries()) {
        expect(unguardFormula(rows[i]?.["assistantName"] ?? "")).toBe(t.assistantName);
        expect(unguardFormula(rows[i]?.["content"] ?? "")).toBe(t.content ?? "");
        expect(rows[i]?.["dismissed"]).toBe(String(t.dismissed));
      }
    }, seedWithFeedback());
  });

  it("agrees cell for cell with the JSON export of the same query", async () => {
    await withHarness(async (h) => {
      const q = { table: "feedback", startDate: "2025-06-01", endDate: "2025-06-30" };
      const csv = await collect(h.client().exportCsv(q));
      const json = await h.exportJson(q);
      expect(csv).toHaveLength(json.length);
      for (const [i, row] of json.entries()) {
        expect(Object.keys(csv[i] ?? {})).toEqual(Object.keys(row));
        for (const [col, value] of Object.entries(row)) {
          expect(unguardFormula(csv[i]?.[col] ?? ""), `${i}.${col}`).toBe(value === null ? "" : String(value));
        }
      }
    }, seedWithFeedback());
  });

  it("yields no rows for an empty range (the header line alone)", async () => {
    await withHarness(async (h) => {
      expect(await collect(h.client().exportCsv({ table: "feedback", startDate: "2024-01-01", endDate: "2024-01-31" }))).toEqual([]);
      expect(h.emu.requests.at(-1)?.status).toBe(200);
    }, seedWithFeedback());
  });

  it("gives every table its documented columns, in order", async () => {
    const columns: Record<string, string[]> = {
      usage_metrics: ["date", "messages", "conversations", "activeUsers"],
      active_users: ["date", "dau", "wau", "mau"],
      source: ["date", "source", "messageCount"],
      agents: ["agentId", "name", "description", "settings", "modelId", "providerId", "authorEmails", "editorEmails", "messages", "distinctUsersReached", "distinctConversations", "lastEdit", "credits"],
      users: ["userId", "userName", "userEmail", "userStatus", "lastLoginAt", "messageCount", "lastMessageSent", "activeDaysCount", "groups", "credits"],
      skills: ["skillId", "name", "description", "editedByEmail", "createdAt", "lastEdit"],
      skill_usage: ["date", "skillName", "executions", "uniqueUsers"],
      tool_usage: ["date", "toolName", "executions", "uniqueUsers"],
      messages: ["messageId", "createdAt", "assistantId", "assistantName", "assistantSettings", "assistantTags", "conversationId", "parentMessageId", "userId", "userEmail", "source", "toolsUsed", "skillsUsed", "modelId", "modelProviderId", "modelResolutionMethod", "credits"],
      feedback: ["feedbackId", "createdAt", "assistantId", "assistantName", "conversationId", "conversationUrl", "userId", "userEmail", "thumb", "content", "dismissed"],
    };
    await withHarness(async (h) => {
      const c = h.client();
      for (const [table, cols] of Object.entries(columns)) {
        const rows = await collect(c.exportCsv({ table, startDate: "2025-06-01", endDate: "2025-06-30", timezone: "Europe/Paris" }));
        expect(rows.length, table).toBeGreaterThan(0);
        expect(Object.keys(rows[0] ?? {}), table).toEqual(cols);
      }
    }, contractSeed({ analytics: { seed: 7, days: 60, messagesRows: 3000 } }));
  });

  it("streams a large messages export with as many rows as the JSON form", async () => {
    await withHarness(async (h) => {
      const q = { table: "messages", startDate: "2025-05-01", endDate: "2025-06-30" };
      let n = 0;
      for await (const row of h.client().exportCsv(q)) {
        expect(row["messageId"]).toBeTruthy();
        n++;
      }
      expect(n).toBe((await h.exportJson(q)).length);
      expect(n).toBeGreaterThan(10_000);
    }, contractSeed({ analytics: { seed: 3, days: 90, messagesRows: 30_000 } }));
  });
});

describe("JSON export", () => {
  it("keeps numbers as numbers", async () => {
    await withHarness(async (h) => {
      const rows = await h.exportJson({ table: "usage_metrics", startDate: "2025-06-01", endDate: "2025-06-03" });
      expect(rows.map((r) => r["date"])).toEqual(["2025-06-01", "2025-06-02", "2025-06-03"]);
      expect(typeof rows[0]?.["messages"]).toBe("number");
    });
  });
});

describe("export errors", () => {
  it("403 for a non-admin key says an admin key is needed", async () => {
    await withHarness(async (h) => {
      const err = await h.failure(collect(h.client("builder").exportCsv({ table: "users", startDate: "2025-06-01", endDate: "2025-06-02" })));
      expect([err.status, err.type]).toEqual([403, "workspace_auth_error"]);
      expect(err.message).toContain("needs an admin API key");
    });
  });

  it("400 for bad dates, with the server's issue list verbatim", async () => {
    await withHarness(async (h) => {
      const bad = await h.failure(collect(h.client().exportCsv({ table: "users", startDate: "2025-2-30", endDate: "2025-06-02" })));
      expect(bad.status).toBe(400);
      expect(bad.message).toBe(`Dust refused the analytics export query: ${bad.serverMessage}`);
      expect(bad.serverMessage).toMatch(/^Invalid query parameters: \[\n {2}\{/);
      expect(bad.serverMessage).toContain("Date must be in YYYY-MM-DD format");
      const order = await h.failure(collect(h.client().exportCsv({ table: "users", startDate: "2025-06-02", endDate: "2025-06-01" })));
      expect(order.serverMessage).toContain("startDate must be before or equal to endDate");
      const tz = await h.failure(collect(h.client().exportCsv({ table: "users", startDate: "2025-06-01", endDate: "2025-06-01", timezone: "Mars/Olympus" })));
      expect(tz.serverMessage).toContain("timezone");
      expect(h.emu.requests.map((r) => r.status)).toEqual([400, 400, 400]);
    });
  });

  it("waits out the 60/min limit as Retry-After says, then succeeds", async () => {
    let clock = TODAY;
    await withHarness(
      async (h) => {
        const waits: number[] = [];
        const c = h.client("admin", {
          sleep: async (ms) => {
            waits.push(ms);
            clock += ms;
          },
          retry: { attempts: 3, maxTotalMs: 120_000 },
        });
        const q = { table: "usage_metrics", startDate: "2025-06-01", endDate: "2025-06-01" };
        for (let i = 0; i < 60; i++) {
          clock += 100;
          await collect(c.exportCsv(q));
        }
        const rows = await collect(c.exportCsv(q));
        expect(rows).toHaveLength(1);
        const statuses = h.emu.requests.map((r) => r.status);
        expect(statuses.slice(-2)).toEqual([429, 200]);
        expect(waits).toHaveLength(1);
        // the first of the 60 requests leaves the window 60 s after it was made: 5.9 s of the window were used
        expect(waits[0]).toBe(55_000);
      },
      contractSeed(),
      () => clock,
    );
  });

  it("gives up with a clear message when the limit outlasts the retry budget", async () => {
    await withHarness(async (h) => {
      const c = h.client("admin", { retry: { attempts: 3, maxTotalMs: 10_000 } });
      const q = { table: "usage_metrics", startDate: "2025-06-01", endDate: "2025-06-01" };
      for (let i = 0; i < 60; i++) await collect(c.exportCsv(q));
      const err = await h.failure(collect(c.exportCsv(q)));
      expect(err.status).toBe(429);
      expect(err.message).toContain("Retry-After");
      expect(err.hint).toContain("60 requests per minute");
      expect(err.retryable).toBe(true);
    });
  });

  it("retries an export after a dropped connection", async () => {
    await withHarness(async (h) => {
      h.emu.faults.enqueue({ kind: "drop" });
      const rows = await collect(h.client().exportCsv({ table: "feedback", startDate: "2025-06-01", endDate: "2025-06-30" }));
      expect(rows).toHaveLength(TRICKY.length);
      expect(h.emu.requests.map((r) => r.fault ?? r.status)).toEqual(["drop", 200]);
    }, seedWithFeedback());
  });
});
