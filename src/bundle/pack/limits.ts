/**
 * Dust's limits on POST /skills (shared/dust-api.md): the whole request is refused when one is passed,
 * so every upload is planned against them. Kept as data in one place because Dust may change them.
 */
export const LIMITS = {
  /** Sum of the uploaded files of one request (formidable `maxFileSize` = MAX_ZIP_SIZE_BYTES). */
  requestBytes: 5 * 1024 * 1024,
  /** Entries in one ZIP. */
  zipEntries: 1000,
  /** Sum of the uncompressed sizes recorded in one ZIP's headers. */
  zipUncompressedBytes: 10 * 1024 * 1024,
  /**
   * Form fields in one request (formidable's default `maxFields`, which the route keeps): every skill sent
   * is one `names` field, and `onConflict` and `availability` take two more (REQUEST_FIXED_FIELDS).
   */
  requestFields: 1000,
};

/** Fields besides `names` that sync may send in one request: onConflict and availability. */
export const REQUEST_FIXED_FIELDS = 2;

export type Limits = typeof LIMITS;

