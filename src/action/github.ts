import { request } from "undici";
import { UserError } from "../errors.js";

export interface IssueComment {
  id: number;
  body: string;
}

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
      for (const c of body as Array<{ id?: unknown; body?: unknown }>) {
        if (typeof c.id === "number") comments.push({ id: c.id, body: typeof c.body === "string" ? c.body : "" });
      }
      url = nextPage(link);
      // Never send the token to another host, whatever a Link header says.
      if (url && new URL(url).origin !== this.origin) {
        throw new GitHubApiError("GET", url, 200, "pagination link points to another host; refusing to follow it");
      }
    }
    return comments;
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
  const c = body as { id?: unknown; body?: unknown } | undefined;
  if (typeof c?.id !== "number") throw new GitHubApiError("POST", "comment", 200, "response has no comment id");
  return { id: c.id, body: typeof c.body === "string" ? c.body : "" };
}

function stripQuery(url: string): string {
  return url.split("?")[0] ?? url;
}
