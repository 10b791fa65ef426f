import { posix } from "node:path";

/**
 * Extensions Dust keeps as skill attachments: FILE_FORMATS in front/types/files.ts intersected with the
 * content types allowed in front/lib/api/files/use_cases/skill_attachment.ts (see shared/dust-api.md).
 * Every other file of a bundle is silently dropped by the server. Dust changes this list: edit it here only.
 */
export const DUST_ATTACHMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  // images (.svg and .bmp since 2026; .ico stays dropped)
  ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp",
  // e-mail (since 2026)
  ".eml",
  // fonts (since PR 26885, 2026-06-05)
  ".woff", ".woff2", ".otf", ".ttf", ".ttc", ".otc",
  // spreadsheets
  ".csv", ".tsv", ".xls", ".xlsx",
  // text and documents
  ".txt", ".log", ".cfg", ".conf", ".md", ".markdown", ".ics", ".json",
  ".doc", ".docx", ".ppt", ".pptx", ".pdf", ".xml", ".html", ".htm", ".xhtml", ".css",
  // code
  ".js", ".mjs", ".jsx", ".ts", ".tsx", ".sh", ".py", ".yaml", ".yml",
  ".c", ".cc", ".cpp", ".cxx", ".dic", ".h", ".hh", ".cs", ".java", ".php", ".rb", ".sql", ".swift",
  ".rs", ".go", ".kt", ".kts", ".scala", ".groovy", ".pl", ".pm",
]);

/**
 * Why Dust would drop `rel` (a path relative to the skill folder), or null when Dust keeps it.
 * Mirrors the server: `path.extname(...).toLowerCase()` looked up in the table, and files whose path
 * relative to the skill folder starts with ".." skipped (collectAttachments in detection/parsing.ts).
 */
export function dustDropReason(rel: string): string | null {
  if (rel.startsWith("..")) return "its name starts with `..`, which Dust skips";
  const ext = posix.extname(rel).toLowerCase();
  if (ext === "" || ext === ".") return "it has no extension; Dust keeps only known file types";
  if (!DUST_ATTACHMENT_EXTENSIONS.has(ext)) return `Dust does not accept \`${ext}\` files as skill attachments`;
  return null;
}
