import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the part of GitHub's REST API the Action uses: `GET /user` and issue comments (list
 * with `per_page`/`page` and Link headers, create, update). It answers the way api.github.com does: 401
 * without the right token, 404 for an unknown comment, in `readOnly` mode the 403 a fork PR's token gets,
 * and for `GET /user` the 403 an installation token (the Actions GITHUB_TOKEN) gets unless `login` says the
 * token is a person's.
 */
export interface FakeComment {
  id: number;
  body: string;
  issue: number;
  user: { login: string; type: string };
}

export interface FakeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface FakeGitHubOptions {
  token: string;
  /** Writes answer 403 "Resource not accessible by integration" (a fork PR's read-only token). */
  readOnly?: boolean;
  /** Writes answer this status (e.g. 500) with a message. */
  failWrites?: number;
  /** The token is a personal access token of this user; unset: an installation token posting as github-actions[bot]. */
  login?: string;
}

export interface FakeGitHub {
  url: string;
  comments: FakeComment[];
  requests: FakeRequest[];
  options: FakeGitHubOptions;
  /** Adds comments other people or bots wrote (octocat unless `login` is given), to push ours onto a later page. */
  seed(issue: number, bodies: string[], login?: string): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const comments: FakeComment[] = [];
  const requests: FakeRequest[] = [];
  let nextId = 1000;
  let base = "";

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", base);
    requests.push({ method: req.method ?? "", path: url.pathname + url.search, authorization: req.headers.authorization });
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${options.token}` && auth !== `token ${options.token}`) {
      return send(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    }
    const listMatch = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const editMatch = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const write = req.method === "POST" || req.method === "PATCH";
    if (write && options.readOnly) {
      return send(res, 403, {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
        status: "403",
      });
    }
    if (write && options.failWrites) {
      return send(res, options.failWrites, { message: "Server Error" });
    }
    if (url.pathname === "/user" && req.method === "GET") {
      if (options.login) return send(res, 200, { login: options.login, id: 1, type: "User" });
      return send(res, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user", status: "403" });
    }
    if (listMatch && req.method === "GET") {
      const issue = Number(listMatch[3]);
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
      const page = Number(url.searchParams.get("page") ?? 1);
      const all = comments.filter((c) => c.issue === issue);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const links: string[] = [];
      const pageUrl = (n: number): string => `${base}${url.pathname}?per_page=${perPage}&page=${n}`;
      if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
      if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
      const slice = all.slice((page - 1) * perPage, page * perPage).map(toApi);
      return send(res, 200, slice, links.length ? { link: links.join(", ") } : {});
    }
    if (listMatch && req.method === "POST") {
      const body = await readJson(req);
      if (typeof body.body !== "string") return send(res, 422, { message: "Invalid request. \"body\" wasn't supplied." });
      const user = options.login ? { login: options.login, type: "User" } : bot;
      const comment: FakeComment = { id: nextId++, body: body.body, issue: Number(listMatch[3]), user };
      comments.push(comment);
      return send(res, 201, toApi(comment));
    }
    if (editMatch && req.method === "PATCH") {
      const comment = comments.find((c) => c.id === Number(editMatch[3]));
      if (!comment) return send(res, 404, { message: "Not Found" });
      const body = await readJson(req);
      if (typeof body.body !== "string") return send(res, 422, { message: "Invalid request." });
      comment.body = body.body;
      return send(res, 200, toApi(comment));
    }
    return send(res, 404, { message: "Not Found" });
  };

  const toApi = (c: FakeComment): Record<string, unknown> => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/o/r/issues/comments/${c.id}`,
    html_url: `https://github.com/o/r/pull/${c.issue}#issuecomment-${c.id}`,
    body: c.body,
    user: c.user,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    author_association: "NONE",
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    comments,
    requests,
    options,
    seed(issue, bodies, login = "octocat") {
      const type = login.endsWith("[bot]") ? "Bot" : "User";
      for (const body of bodies) comments.push({ id: nextId++, body, issue, user: { login, type } });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const bot = { login: "github-actions[bot]", type: "Bot" };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of req) text += String(chunk);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
