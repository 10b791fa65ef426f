/**
 * Dust resource ids are `<3-letter prefix>_<10+ alphanumerics>` (front/lib/resources/string_ids.ts);
 * skills use `skl_`. The export shows such an id in place of a name it could not resolve.
 */
export function looksLikeSkillId(s: string): boolean {
  return /^[a-z]{3}_[A-Za-z0-9]{10,}$/.test(s);
}
