import { load } from "js-yaml";

export interface ParsedSkillMarkdown {
  /** "" when the front matter is missing or invalid: the caller drops such a skill silently. */
  name: string;
  description: string;
  instructions: string;
}

/**
 * The server's reading of a SKILL.md (front/lib/api/skills/detection/parsing.ts parseSkillMarkdown):
 * no error is ever reported, a bad file just yields an empty name.
 */
export function parseSkillMarkdown(markdown: string): ParsedSkillMarkdown {
  const fm = extractFrontMatter(markdown);
  if (!fm) return { name: "", description: "", instructions: markdown };
  let raw: unknown;
  try {
    raw = load(fm.yaml);
  } catch {
    return { name: "", description: "", instructions: fm.body };
  }
  // zod's z.object({ name: z.string().min(1), description: z.string().min(1) }): checked before trimming,
  // so a whitespace-only description passes and is stored as "".
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { name: "", description: "", instructions: fm.body };
  const { name, description } = raw as Record<string, unknown>;
  if (typeof name !== "string" || name.length < 1 || typeof description !== "string" || description.length < 1) {
    return { name: "", description: "", instructions: fm.body };
  }
  return { name: name.trim(), description: description.trim(), instructions: fm.body };
}

function extractFrontMatter(markdown: string): { yaml: string; body: string } | null {
  const lines = markdown.split("\n");
  // String.prototype.trim removes a BOM and a trailing \r, so both are tolerated on the fences.
  if (!lines[0] || lines[0].trim() !== "---") return null;
  for (let i = 1; i < lines.length; i++) {
    if ((lines[i] ?? "").trim() === "---") {
      return {
        yaml: lines.slice(1, i).join("\n").trim(),
        body: lines
          .slice(i + 1)
          .join("\n")
          .trimStart(),
      };
    }
  }
  return null;
}
