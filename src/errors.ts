/**
 * The one rule for failures: an error a user can act on extends UserError and carries its exit code;
 * the top-level handler in cli.ts prints its message (never a stack) and exits with that code.
 * Anything else reaching the handler is a bug in dust-skills and is reported as such.
 * Each edge has its own subclass (bundle diagnostics, the Dust API, git, config).
 */
export class UserError extends Error {
  readonly exitCode: number;
  /** A short "what to do next" line, printed under the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/** Bad flags, bad config file, missing credentials. */
export class ConfigError extends UserError {}
