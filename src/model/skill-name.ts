/** Dust's limit on a skill name (SKILL_NAME_MAX_LENGTH). */
export const NAME_MAX_CHARS = 256;

/** Over Dust's limit: Dust accepts the upload, then fails the whole import with a 500 midway. */
export function nameTooLong(name: string): boolean {
  return [...name].length > NAME_MAX_CHARS;
}
