/**
 * The extensions Dust keeps as skill attachments (front/types/files.ts FILE_FORMATS ∩
 * front/lib/api/files/use_cases/skill_attachment.ts), as the server sees them in late 2026
 * (`.svg`, `.bmp`, `.eml` and fonts since PR 26885; `.ico` stays dropped). Kept as data, apart
 * from the client's own table, so that a change in Dust is one edit here and a disagreement between the
 * two shows up in the contract tests instead of being shared silently.
 */
export const SERVER_ATTACHMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp",
  ".eml",
  ".woff", ".woff2", ".otf", ".ttf", ".ttc", ".otc",
  ".csv", ".tsv", ".xls", ".xlsx",
  ".txt", ".log", ".cfg", ".conf", ".md", ".markdown", ".ics", ".json",
  ".doc", ".docx", ".ppt", ".pptx", ".pdf",
  ".xml", ".html", ".htm", ".xhtml", ".css",
  ".js", ".mjs", ".jsx", ".ts", ".tsx", ".sh", ".py", ".yaml", ".yml",
  ".c", ".cc", ".cpp", ".cxx", ".dic", ".h", ".hh", ".cs", ".java", ".php", ".rb", ".sql",
  ".swift", ".rs", ".go", ".kt", ".kts", ".scala", ".groovy", ".pl", ".pm",
]);
