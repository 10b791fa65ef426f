import { UserError } from "../errors.js";

/** A git operation the user asked for cannot be done here (no repository, unknown ref, git missing). */
export class GitError extends UserError {}
