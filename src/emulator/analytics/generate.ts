import { hash32, idFromCounter, intBetween, prng } from "../ids.js";
import type { AnalyticsRow, AnalyticsSeed, AnalyticsTable, StoredSkill } from "../types.js";
import { DATE_COLUMN } from "./columns.js";
import { addDays, dayInZone, daysBetween, eachDay, msToDay } from "./dates.js";
import { FAKE_AGENTS, FAKE_SOURCES, FAKE_TOOLS, FAKE_USERS, FEEDBACK_COMMENTS } from "./fixtures.js";

export interface GenerateContext {
  workspaceId: string;
  analytics: AnalyticsSeed;
  /** Every skill of the workspace, any status: usage is recorded by sId and shown under the current name. */
  skills: StoredSkill[];
  /** The emulator clock's day (UTC): the last day that has data. */
  today: string;
  startDate: string;
  endDate: string;
  timezone: string;
}

interface Span {
  seed: number;
  /** First day with data. */
  historyStart: string;
  days: number;
  /** The requested range clipped to the history; null when they do not overlap. */
  from: string;
  to: string;
}

function span(ctx: GenerateContext): Span | null {
  const days = Math.max(1, Math.floor(ctx.analytics.days ?? 90));
  const historyStart = addDays(ctx.today, -(days - 1));
  const from = ctx.startDate > historyStart ? ctx.startDate : historyStart;
  const to = ctx.endDate < ctx.today ? ctx.endDate : ctx.today;
  if (from > to) return null;
  return { seed: ctx.analytics.seed ?? 1, historyStart, days, from, to };
}

/** The same (seed, table, day, key) always draws the same numbers, whatever range was asked for. */
function rngFor(s: Span, ...key: (string | number)[]): () => number {
  return prng(hash32(s.seed, ...key));
}

function weekdayFactor(day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6 ? 0.3 : 1;
}

const byText = (a: string, b: string): number => a.localeCompare(b);

/** Rows of one table for the request, produced lazily so a million-row table never sits in memory. */
export function tableRows(table: AnalyticsTable, ctx: GenerateContext): Iterable<AnalyticsRow> {
  const explicit = ctx.analytics.rows?.[table];
  if (explicit) return explicitRows(table, explicit, ctx);
  const s = span(ctx);
  if (!s && table !== "skills") return [];
  switch (table) {
    case "usage_metrics":
      return usageMetrics(s as Span);
    case "active_users":
      return activeUsers(s as Span);
    case "source":
      return sources(s as Span);
    case "agents":
      return agents(s as Span);
    case "users":
      return users(s as Span);
    case "skills":
      return skillsTable(s, ctx);
    case "skill_usage":
      return skillUsage(s as Span, ctx);
    case "tool_usage":
      return toolUsage(s as Span);
    case "messages":
      return messages(s as Span, ctx);
    case "feedback":
      return feedback(s as Span, ctx);
  }
}

function* explicitRows(table: AnalyticsTable, rows: AnalyticsRow[], ctx: GenerateContext): Generator<AnalyticsRow> {
  const column = DATE_COLUMN[table];
  for (const row of rows) {
    if (column) {
      const day = String(row[column] ?? "").slice(0, 10);
      if (day < ctx.startDate || day > ctx.endDate) continue;
    }
    yield row;
  }
}

function* usageMetrics(s: Span): Generator<AnalyticsRow> {
  for (const date of eachDay(s.from, s.to)) {
    const r = rngFor(s, "usage_metrics", date);
    const f = weekdayFactor(date);
    const messages = Math.round(intBetween(40, 200, r) * f);
    yield {
      date,
      messages,
      conversations: Math.max(1, Math.round(messages / intBetween(2, 5, r))),
      activeUsers: Math.max(1, Math.round(intBetween(4, 25, r) * f)),
    };
  }
}

function* activeUsers(s: Span): Generator<AnalyticsRow> {
  for (const date of eachDay(s.from, s.to)) {
    const r = rngFor(s, "active_users", date);
    const dau = Math.max(1, Math.round(intBetween(3, 20, r) * weekdayFactor(date)));
    const wau = dau + intBetween(0, 15, r);
    yield { date, dau, wau, mau: wau + intBetween(0, 30, r) };
  }
}

function* sources(s: Span): Generator<AnalyticsRow> {
  for (const date of eachDay(s.from, s.to)) {
    for (const source of [...FAKE_SOURCES].sort(byText)) {
      const messageCount = Math.round(intBetween(0, 60, rngFor(s, "source", date, source)) * weekdayFactor(date));
      if (messageCount > 0) yield { date, source, messageCount };
    }
  }
}

/** Per-day message counts of one agent or user: the base of the aggregated tables. */
function dailyCount(s: Span, kind: string, id: string, weight: number, date: string): number {
  return Math.round(intBetween(0, 8, rngFor(s, kind, id, date)) * weight * weekdayFactor(date));
}

function agents(s: Span): AnalyticsRow[] {
  const rows = FAKE_AGENTS.map((a) => {
    let messages = 0;
    for (const date of eachDay(s.from, s.to)) messages += dailyCount(s, "agent", a.agentId, a.weight, date);
    const { weight: _w, ...fields } = a;
    return {
      ...fields,
      authorEmails: [...a.authorEmails],
      editorEmails: [...a.editorEmails],
      messages,
      distinctUsersReached: Math.min(FAKE_USERS.length, 1 + (messages % FAKE_USERS.length)),
      distinctConversations: Math.ceil(messages / 3),
      credits: Math.round(messages * 37) / 100,
    };
  });
  return rows.filter((r) => r.messages > 0).sort((a, b) => b.messages - a.messages);
}

function users(s: Span): AnalyticsRow[] {
  const rows = FAKE_USERS.map((u) => {
    let messageCount = 0;
    let activeDaysCount = 0;
    let lastMessageSent = "";
    for (const date of eachDay(s.from, s.to)) {
      const n = dailyCount(s, "user", u.userId, u.weight, date);
      if (n === 0) continue;
      messageCount += n;
      activeDaysCount += 1;
      lastMessageSent = date;
    }
    const { weight: _w, userStatus, loginHour, ...fields } = u;
    // The last login is the morning of the last day with a message (PR 30979's column, an ISO instant).
    const lastLoginAt = lastMessageSent === "" ? "" : `${lastMessageSent}T${String(loginHour).padStart(2, "0")}:12:00.000Z`;
    return {
      ...fields,
      userStatus,
      lastLoginAt,
      messageCount,
      lastMessageSent,
      activeDaysCount,
      credits: Math.round(messageCount * 41) / 100,
    };
  });
  return rows.filter((r) => r.messageCount > 0).sort((a, b) => b.messageCount - a.messageCount);
}

interface UsageSubject {
  sId: string;
  /** What the export shows: the skill's current name, or the raw sId when it resolves to nothing. */
  label: string;
  firstDay: string;
  lastDay: string | null;
}

/** Skills that can have usage: every skill of the workspace between its creation and its archiving, plus ghosts. */
function usageSubjects(s: Span, ctx: GenerateContext): UsageSubject[] {
  const ghosts = ctx.analytics.unresolvedSkillIds ?? [`skl_${idFromCounter("gone", s.seed)}`];
  return [
    ...ctx.skills.map((k) => ({
      sId: k.sId,
      label: k.name,
      firstDay: msToDay(k.createdAt),
      lastDay: k.status === "archived" ? msToDay(k.updatedAt) : null,
    })),
    ...ghosts.map((sId) => ({ sId, label: sId, firstDay: s.historyStart, lastDay: null })),
  ];
}

function usageOn(s: Span, subject: UsageSubject, date: string): { executions: number; uniqueUsers: number } | null {
  if (date < subject.firstDay || (subject.lastDay !== null && date > subject.lastDay)) return null;
  const r = rngFor(s, "skill_usage", subject.sId, date);
  if (r() > 0.55 * weekdayFactor(date)) return null;
  const executions = intBetween(1, 30, r);
  return { executions, uniqueUsers: intBetween(1, Math.min(executions, FAKE_USERS.length), r) };
}

function* skillUsage(s: Span, ctx: GenerateContext): Generator<AnalyticsRow> {
  const subjects = usageSubjects(s, ctx);
  for (const date of eachDay(s.from, s.to)) {
    const rows: AnalyticsRow[] = [];
    for (const subject of subjects) {
      const u = usageOn(s, subject, date);
      if (u) rows.push({ date, skillName: subject.label, ...u });
    }
    rows.sort((a, b) => byText(String(a["skillName"]), String(b["skillName"])));
    yield* rows;
  }
}

/** Active custom skills, plus any other skill that was used in the range (front/lib/api/analytics/skills_export.ts). */
function skillsTable(s: Span | null, ctx: GenerateContext): AnalyticsRow[] {
  const used = new Set<string>();
  if (s) {
    for (const subject of usageSubjects(s, ctx)) {
      for (const date of eachDay(s.from, s.to)) {
        if (usageOn(s, subject, date)) {
          used.add(subject.sId);
          break;
        }
      }
    }
  }
  return ctx.skills
    .filter((k) => k.status === "active" || used.has(k.sId))
    .map((k) => ({
      skillId: k.sId,
      name: k.name,
      description: k.agentFacingDescription,
      editedByEmail: k.editedByEmail ?? "",
      createdAt: dayInZone(k.createdAt, ctx.timezone),
      lastEdit: dayInZone(k.updatedAt, ctx.timezone),
    }))
    .sort((a, b) => byText(a.name, b.name));
}

function* toolUsage(s: Span): Generator<AnalyticsRow> {
  const tools = [...FAKE_TOOLS].sort(byText);
  for (const date of eachDay(s.from, s.to)) {
    for (const toolName of tools) {
      const r = rngFor(s, "tool_usage", toolName, date);
      if (r() > 0.7 * weekdayFactor(date)) continue;
      const executions = intBetween(1, 80, r);
      yield { date, toolName, executions, uniqueUsers: intBetween(1, Math.min(executions, FAKE_USERS.length), r) };
    }
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function timeOfDay(seconds: number): string {
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

/**
 * `messagesRows` rows spread evenly over the history; row i belongs to day floor(i · days / N), so a
 * range maps to an index interval and nothing before it is generated.
 */
function* messages(s: Span, ctx: GenerateContext): Generator<AnalyticsRow> {
  const total = Math.max(0, Math.floor(ctx.analytics.messagesRows ?? s.days * 20));
  const firstIndexOfDay = (k: number): number => Math.ceil((k * total) / s.days);
  const skillNames = ctx.skills.filter((k) => k.status === "active").map((k) => k.name);
  const kFrom = daysBetween(s.historyStart, s.from);
  const kTo = daysBetween(s.historyStart, s.to);
  for (let k = kFrom; k <= kTo; k++) {
    const date = addDays(s.historyStart, k);
    const begin = firstIndexOfDay(k);
    const end = firstIndexOfDay(k + 1);
    for (let i = begin; i < end; i++) {
      const r = prng((Math.imul(s.seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
      const agent = FAKE_AGENTS[intBetween(0, FAKE_AGENTS.length - 1, r)] ?? FAKE_AGENTS[0];
      const user = FAKE_USERS[intBetween(0, FAKE_USERS.length - 1, r)] ?? FAKE_USERS[0];
      if (!agent || !user) return;
      const tool = FAKE_TOOLS[intBetween(0, FAKE_TOOLS.length - 1, r)] ?? "";
      const skill = skillNames.length > 0 && r() < 0.3 ? (skillNames[intBetween(0, skillNames.length - 1, r)] ?? "") : "";
      const seconds = Math.floor(((i - begin) / Math.max(1, end - begin)) * 86_400);
      yield {
        messageId: `msg_${i.toString(36).padStart(7, "0")}`,
        createdAt: `${date} ${timeOfDay(seconds)}`,
        assistantId: agent.agentId,
        assistantName: agent.name,
        assistantSettings: agent.settings,
        assistantTags: r() < 0.5 ? "support, internal" : "",
        conversationId: `cnv_${(i >> 2).toString(36)}`,
        parentMessageId: i % 4 === 0 ? "" : `msg_${(i - 1).toString(36).padStart(7, "0")}`,
        userId: user.userId,
        userEmail: user.userEmail,
        source: FAKE_SOURCES[intBetween(0, FAKE_SOURCES.length - 1, r)] ?? "web",
        toolsUsed: r() < 0.5 ? "" : tool,
        skillsUsed: skill,
        modelId: agent.modelId,
        modelProviderId: agent.providerId,
        modelResolutionMethod: r() < 0.8 ? "agent_configuration" : "auto",
        credits: Math.round(r() * 1000) / 1000,
      };
    }
  }
}

function* feedback(s: Span, ctx: GenerateContext): Generator<AnalyticsRow> {
  for (const date of eachDay(s.from, s.to)) {
    const r = rngFor(s, "feedback", date);
    const count = intBetween(0, 3, r);
    for (let j = 0; j < count; j++) {
      const agent = FAKE_AGENTS[intBetween(0, FAKE_AGENTS.length - 1, r)] ?? FAKE_AGENTS[0];
      const user = FAKE_USERS[intBetween(0, FAKE_USERS.length - 1, r)] ?? FAKE_USERS[0];
      if (!agent || !user) return;
      const conversationId = `cnv_${hash32(date, j).toString(36)}`;
      yield {
        feedbackId: `fbk_${date.replace(/-/g, "")}${j}`,
        createdAt: `${date} ${timeOfDay(Math.floor(((j + 1) / (count + 1)) * 86_400))}`,
        assistantId: agent.agentId,
        assistantName: agent.name,
        conversationId,
        conversationUrl: `https://dust.tt/w/${ctx.workspaceId}/conversation/${conversationId}`,
        userId: user.userId,
        userEmail: user.userEmail,
        thumb: r() < 0.7 ? "up" : "down",
        content: FEEDBACK_COMMENTS[intBetween(0, FEEDBACK_COMMENTS.length - 1, r)] ?? "",
        dismissed: r() < 0.1,
      };
    }
  }
}
