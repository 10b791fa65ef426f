import { safeText } from "../lib/safe-text.js";

/**
 * Everything dust-skills prints about a request passes through here: server bodies can echo headers
 * (a proxy's debug page, a misconfigured gateway), so the key is removed from any text we did not write.
 */

// Dust keys look like `sk-` + a long random tail; any such token is hidden, not only ours.
const KEY_LIKE = /sk-[A-Za-z0-9_-]{8,}/g;

export function redact(text: string, secret: string): string {
  const hidden = secret.length > 0 ? text.split(secret).join("[redacted]") : text;
  return hidden.replace(KEY_LIKE, "sk-[redacted]");
}

/**
 * A readable one-line excerpt of a body that is not Dust's JSON (an HTML page from a proxy): tags and
 * control characters go, whitespace collapses, the key is removed, then it is cut to `max` characters.
 */
export function excerpt(body: string, secret: string, max = 200): string {
  const text = redact(body, secret)
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return safeText(text.length > max ? `${text.slice(0, max)}…` : text);
}
