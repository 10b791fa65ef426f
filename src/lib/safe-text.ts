/**
 * The one sanitizer for text a person reads: terminal text, Markdown, diffs, progress lines, error messages,
 * CSV printed to a terminal. Skill names, folder names, instructions and server messages come from other
 * people: an ESC could clear the screen, set the window title (OSC), hide text or move the cursor up to
 * overwrite a failure with "✓ all good"; a CR could do the same on one line, BEL rings, NUL truncates in
 * some viewers, and bidi overrides make a text read differently from what it is (Trojan Source). Each such
 * character is shown as a visible escape (`\x1b`, `\u{202e}`) instead: nothing is dropped, nothing acts.
 */

export interface SafeTextOptions {
  /** Keep line breaks (a diff, a list of lines); otherwise `\n` is shown as `\n` too (a name on one line). */
  multiline?: boolean;
  /**
   * Keep dust-skills' own color sequences (the exact SGR codes of render/colors.ts) and its progress redraw
   * (`\r` + erase-line): for a final check of a whole output whose user-supplied parts were already escaped.
   */
  keepOwnControls?: boolean;
}

// Matching control characters is the point of this file.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_OWN = /\r\u001b\[K|\u001b\[(?:1|2|22|3[1-6]|39)m|\u001b\[K|[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const OWN = /^(?:\u001b\[(?:1|2|22|3[1-6]|39)m|\u001b\[K|\r\u001b\[K)$/;

export function safeText(text: string, options: SafeTextOptions = {}): string {
  const { multiline = false, keepOwnControls = false } = options;
  return text.replace(keepOwnControls ? UNSAFE_KEEP_OWN : UNSAFE, (c) => {
    if (keepOwnControls && OWN.test(c)) return c;
    if (c.length > 1) return escapeAll(c);
    if (c === "\n" && multiline) return c;
    return escapeChar(c);
  });
}

/** Whether text holds nothing safeText would escape (with the same options). */
export function isSafeText(text: string, options: SafeTextOptions = {}): boolean {
  return safeText(text, options) === text;
}

function escapeAll(s: string): string {
  return [...s].map(escapeChar).join("");
}

function escapeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, "0")}`;
  return `\\u{${code.toString(16)}}`;
}
