import type { createHash as CreateHash } from "node:crypto";

/** Feeds a bundle's shipped files, SKILL.md first, then reads the fingerprint (sha256, hex). */
export interface FingerprintHasher {
  add(rel: string, data: Uint8Array): void;
  digest(): string;
}

/**
 * The fingerprint's byte layout, one shipped file at a time (SKILL.md first, then the attachments in `rel`
 * order): a versioned header, then per file a label, its length and its bytes. SKILL.md is labelled with its
 * repository path (`skillMd`), each attachment with the path Dust keeps (`rel`). Length-prefixed fields: no two
 * different lists can hash the same byte stream; a change of this layout changes every fingerprint, on purpose.
 *
 * Self-contained on purpose (every name it uses is a parameter, a local or a global): the read-ahead worker
 * runs this function's own text, so a fingerprint made there is byte for byte the one made here.
 */
export function fingerprintHasher(createHash: typeof CreateHash, skillMd: string): FingerprintHasher {
  const hash = createHash("sha256");
  hash.update("dust-skills fingerprint v1\n");
  let first = true;
  return {
    add(rel, data) {
      const label = first ? `skill\0${skillMd}` : `attachment\0${rel}`;
      first = false;
      hash.update(`${label}\0${data.length}\0`);
      hash.update(data);
    },
    digest: () => hash.digest("hex"),
  };
}
