/**
 * The fake workspace population behind generated analytics. Several values are chosen to break naive CSV
 * handling: commas, quotes, newlines, and text starting with = + - @ (the formula guard).
 */

export interface FakeAgent {
  agentId: string;
  name: string;
  description: string;
  settings: string;
  modelId: string;
  providerId: string;
  authorEmails: string[];
  editorEmails: string[];
  lastEdit: string;
  /** Relative share of the workspace's messages. */
  weight: number;
}

export const FAKE_AGENTS: readonly FakeAgent[] = [
  {
    agentId: "agt_helpdesk01",
    name: "Helpdesk",
    description: "Answers IT questions, fast",
    settings: "published",
    modelId: "claude-sonnet-4-5",
    providerId: "anthropic",
    authorEmails: ["ana@example.com"],
    editorEmails: ["ana@example.com", "bo@example.com"],
    lastEdit: "2025-01-14",
    weight: 5,
  },
  {
    agentId: "agt_closer0002",
    name: 'Sales "Closer"',
    description: "Drafts follow-ups.\nNever sends them.",
    settings: "published",
    modelId: "gpt-4.1",
    providerId: "openai",
    authorEmails: ["chen@example.com"],
    editorEmails: [],
    lastEdit: "2025-02-03",
    weight: 3,
  },
  {
    agentId: "agt_formula003",
    name: "=SUM(A1:A9)",
    description: "-internal test agent",
    settings: "unpublished",
    modelId: "mistral-large-latest",
    providerId: "mistral",
    authorEmails: ["dee@example.com"],
    editorEmails: ["dee@example.com"],
    lastEdit: "2024-11-30",
    weight: 1,
  },
  {
    agentId: "agt_mention004",
    name: "@oncall",
    description: "+1 for incidents, pages the on-call",
    settings: "published",
    modelId: "claude-haiku-4-5",
    providerId: "anthropic",
    authorEmails: ["eli@example.com"],
    editorEmails: ["eli@example.com"],
    lastEdit: "2025-03-09",
    weight: 2,
  },
];

export interface FakeUser {
  userId: string;
  userName: string;
  userEmail: string;
  groups: string;
  /** The membership's status in the `users` export. */
  userStatus: "active" | "revoked";
  /** UTC hour of the last login on the day of the last message. */
  loginHour: number;
  weight: number;
}

export const FAKE_USERS: readonly FakeUser[] = [
  { userId: "usr_ana", userName: "Ana Lima", userEmail: "ana@example.com", groups: "Engineering, Support", userStatus: "active", loginHour: 8, weight: 6 },
  { userId: "usr_bo", userName: "Bo O'Neil", userEmail: "bo@example.com", groups: "Support", userStatus: "active", loginHour: 9, weight: 4 },
  { userId: "usr_chen", userName: 'Chen "CJ" Jun', userEmail: "chen@example.com", groups: "Sales", userStatus: "active", loginHour: 14, weight: 3 },
  { userId: "usr_dee", userName: "-Dee", userEmail: "dee@example.com", groups: "", userStatus: "revoked", loginHour: 7, weight: 1 },
  { userId: "usr_eli", userName: "Eli Ward", userEmail: "eli@example.com", groups: "Engineering", userStatus: "active", loginHour: 16, weight: 2 },
];

export const FAKE_SOURCES: readonly string[] = ["api", "extension", "slack", "teams", "web", "zapier"];

export const FAKE_TOOLS: readonly string[] = ["include_data", "query_tables", "run_python", "web_search", "@mcp/github"];

export const FEEDBACK_COMMENTS: readonly string[] = [
  "",
  "Great answer, thanks",
  'Said "yes" when it meant "no"',
  "Wrong numbers,\nsee the Q3 sheet",
  "=cmd|' /C calc'!A0",
  "@channel this is outdated",
];
