import { load } from "js-yaml";

/**
 * Dust's own reading of a SKILL.md, rewritten here from front/lib/api/skills/detection/parsing.ts so that
 * the tests do not check src/pull against itself. null = Dust would silently drop the skill.
 */
export function readLikeDust(markdown: string): { name: string; description: string; instructions: string } | null {
  const lines = markdown.split("\n");
  if (!lines[0] || lines[0].trim() !== "---") return null;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]?.trim() !== "---") continue;
    const yaml = lines.slice(1, i).join("\n").trim();
    const instructions = lines
      .slice(i + 1)
      .join("\n")
      .trimStart();
    let raw: unknown;
    try {
      raw = load(yaml);
    } catch {
      return null;
    }
    if (typeof raw !== "object" || raw === null) return null;
    const { name, description } = raw as Record<string, unknown>;
    if (typeof name !== "string" || name === "" || typeof description !== "string" || description === "") return null;
    if (instructions === "") return null;
    return { name: name.trim(), description: description.trim(), instructions };
  }
  return null;
}
