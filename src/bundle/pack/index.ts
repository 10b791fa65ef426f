// The packing API used by `pack` and `sync`.
export { LIMITS } from "./limits.js";
export { bundleRecord, WRAP_FOLDER, zipEntryPath } from "./layout.js";
export type { Limits } from "./limits.js";
export { fingerprintBundle } from "./fingerprint.js";
export { packBundles, packRequests } from "./pack.js";
export type { PackedEntry, PackLayout, PackOptions, PackResult, RequestLayout, StreamOptions, Upload, ZipLayout } from "./pack.js";
export type { LeftOut } from "./shipped.js";
export { UploadWriter } from "./write.js";
export { PackOutputError } from "./errors.js";
