import { request } from "../lib/undici.js";
import { UserError } from "../errors.js";

export interface IssueComment {
  id: number;
  body: string;
  /** The author's login; "" when GitHub names none (a deleted account shows as "ghost"). */
  author: string;
}

/**
 * Who a token posts as. The Actions GITHUB_TOKEN (an app installation token) may not read `GET /user`, and its
 * comments are signed by this bot.
 */
export const ACTIONS_BOT = "github-actions[bot]";

/** A refused GitHub request: status and GitHub's own message, never the token. */
export class GitHubApiError extends UserError {
  readonly status: number;
  readonly apiMessage: string;

  constructor(method: string, url: string, status: number, apiMessage: string) {
    super(`GitHub API ${method} ${url} answered ${status}: ${apiMessage || "(no message)"}`);
    this.status = status;
    this.apiMessage = apiMessage;
  }
}

/**
 * The three issue-comment calls the sticky PR comment needs. The base URL comes from GITHUB_API_URL, so the
 * same code talks to github.com, GitHub Enterprise Server, and the tests' local fake.
 */
export class GitHubClient {
  private readonly baseUrl: string;
  private readonly origin: string;

  constructor(
    private readonly token: string,
    baseUrl: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.origin = new URL(this.baseUrl).origin;
  }

  /** Every comment of an issue or PR, following the `Link: rel="next"` pages (100 per page). */
  async listIssueComments(owner: string, repo: string, issue: number): Promise<IssueComment[]> {
    const comments: IssueComment[] = [];
    let url: string | undefined = `${this.repoUrl(owner, repo)}/issues/${issue}/comments?per_page=100&page=1`;
    while (url) {
      const { body, link } = await this.send("GET", url);
      if (!Array.isArray(body)) throw new GitHubApiError("GET", url, 200, "expected a list of comments");
      for (const c of body as unknown[]) {
        const comment = readComment(c);
        if (comment) comments.push(comment);
      }
      url = nextPage(link);
      // Never send the token to another host, whatever a Link header says.
      if (url && new URL(url).origin !== this.origin) {
        throw new GitHubApiError("GET", url, 200, "pagination link points to another host; refusing to follow it");
      }
    }
    return comments;
  }

  /**
   * The login this token posts as: `GET /user` for a personal or OAuth token; an installation token (the
   * Actions GITHUB_TOKEN) is refused there with 403/404 and posts as github-actions[bot]. A 401 (bad token)
   * is an error like on any other call.
   */
  async viewerLogin(): Promise<string> {
    try {
      const { body } = await this.send("GET", `${this.baseUrl}/user`);
      const login = (body as { login?: unknown } | undefined)?.login;
      if (typeof login === "string" && login !== "") return login;
      throw new GitHubApiError("GET", `${this.baseUrl}/user`, 200, "response has no login");
    } catch (err) {
      if (err instanceof GitHubApiError && (err.status === 403 || err.status === 404)) return ACTIONS_BOT;
      throw err;
    }
  }

  async createComment(owner: string, repo: string, issue: number, body: string): Promise<IssueComment> {
    const res = await this.send("POST", `${this.repoUrl(owner, repo)}/issues/${issue}/comments`, { body });
    return toComment(res.body);
  }

  async updateComment(owner: string, repo: string, commentId: number, body: string): Promise<IssueComment> {
    const res = await this.send("PATCH", `${this.repoUrl(owner, repo)}/issues/comments/${commentId}`, { body });
    return toComment(res.body);
  }

  private repoUrl(owner: string, repo: string): string {
    return `${this.baseUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  }

  private async send(method: "GET" | "POST" | "PATCH", url: string, json?: unknown): Promise<{ body: unknown; link: string }> {
    const res = await request(url, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "dust-skills-action",
        ...(json === undefined ? {} : { "content-type": "application/json" }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.body.text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.statusCode >= 400) {
      const message = (body as { message?: unknown } | undefined)?.message;
      throw new GitHubApiError(method, stripQuery(url), res.statusCode, typeof message === "string" ? message : text.slice(0, 200));
    }
    const link = res.headers["link"];
    return { body, link: Array.isArray(link) ? link.join(", ") : (link ?? "") };
  }
}

/** The `rel="next"` target of an RFC 8288 Link header, as GitHub sends it. */
export function nextPage(link: string): string | undefined {
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel="?([^"]*\s)?next(\s[^"]*)?"?/.test(match[2] ?? "")) return match[1];
  }
  return undefined;
}

function toComment(body: unknown): IssueComment {
  const comment = readComment(body);
  if (!comment) throw new GitHubApiError("POST", "comment", 200, "response has no comment id");
  return comment;
}

function readComment(value: unknown): IssueComment | undefined {
  const c = value as { id?: unknown; body?: unknown; user?: { login?: unknown } | null } | undefined;
  if (typeof c?.id !== "number") return undefined;
  const login = c.user?.login;
  return { id: c.id, body: typeof c.body === "string" ? c.body : "", author: typeof login === "string" ? login : "" };
}

function stripQuery(url: string): string {
  return url.split("?")[0] ?? url;
}
