import type { IssueComment } from "./github.js";
import { truncateUtf8 } from "./workflow-commands.js";

/** The subset of GitHubClient the sticky comment uses, so tests and other hosts can stand in. */
export interface CommentApi {
  /** The login the token's comments are signed with. */
  viewerLogin(): Promise<string>;
  listIssueComments(owner: string, repo: string, issue: number): Promise<IssueComment[]>;
  createComment(owner: string, repo: string, issue: number, body: string): Promise<IssueComment>;
  updateComment(owner: string, repo: string, commentId: number, body: string): Promise<IssueComment>;
}

/** GitHub refuses comment bodies over 65,536 characters; bytes ≥ characters, so a byte cut is always safe. */
const COMMENT_LIMIT = 65_536;

/**
 * The hidden line that identifies this target's comment. One per target, so a matrix over several
 * workspaces keeps one comment each instead of overwriting a single one.
 */
export function commentMarker(target: string): string {
  // `--` cannot appear inside an HTML comment; a target name must not close it early.
  return `<!-- dust-skills-plan:${target.replace(/-{2,}/g, "-").replace(/>/g, "")} -->`;
}

export interface StickyResult {
  action: "created" | "updated";
  id: number;
}

/**
 * Skill names, instructions and diffs end up in the comment: an HTML comment among them would be hidden on
 * the page and could carry another target's marker. A zero-width space after `<!` keeps the text visible
 * (it then reads as literal `<!--`, in code fences too) and no longer opens a comment.
 */
export function neutraliseHtmlComments(markdown: string): string {
  return markdown.replace(/<!--/g, "<!\u200b--");
}

/**
 * Whether a comment is this target's sticky comment: written by the identity that posts (anyone can quote
 * the marker in a reply) and starting with the marker (a plan's own content never can, see
 * neutraliseHtmlComments).
 */
export function isStickyComment(comment: IssueComment, marker: string, viewer: string): boolean {
  return comment.author === viewer && comment.body.startsWith(marker);
}

/**
 * Creates the comment the first time and edits it in place afterwards: a PR gets one comment per target,
 * however many pushes it sees. When earlier runs left several (a race between two jobs), the oldest is kept
 * up to date and the others are left alone rather than deleted.
 */
export async function upsertStickyComment(
  api: CommentApi,
  pr: { owner: string; repo: string; number: number },
  marker: string,
  markdown: string,
): Promise<StickyResult> {
  const body = truncateUtf8(`${marker}\n${neutraliseHtmlComments(markdown)}`, COMMENT_LIMIT);
  const viewer = await api.viewerLogin();
  const comments = await api.listIssueComments(pr.owner, pr.repo, pr.number);
  const existing = comments.find((c) => isStickyComment(c, marker, viewer));
  if (existing) {
    const updated = await api.updateComment(pr.owner, pr.repo, existing.id, body);
    return { action: "updated", id: updated.id };
  }
  const created = await api.createComment(pr.owner, pr.repo, pr.number, body);
  return { action: "created", id: created.id };
}
