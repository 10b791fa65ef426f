import { UserError } from "../../errors.js";

/** The packed uploads could not be written where the user asked. */
export class PackOutputError extends UserError {}
