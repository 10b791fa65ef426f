import { UserError } from "../errors.js";

/** A path on the command line that cannot be used as a place to look for bundles. */
export class BundleError extends UserError {}
