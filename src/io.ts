/**
 * Where a command writes. Results go to stdout, progress and logs to stderr (DESIGN.md); tests pass
 * their own sinks so that every byte a command prints can be asserted.
 */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress lines may be redrawn in place; otherwise one line per step. */
  stderrIsTTY: boolean;
  /** stdout is a terminal: colors allowed (unless NO_COLOR). */
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * A reader that stops early (`dust-skills plan --format json | head`) closes the pipe: what is left to print
 * has nobody to read it, so the run ends there with its exit code, as `git log | head` does, instead of
 * Node's stack trace for an unhandled EPIPE.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount("error") > 0) return;
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit();
  });
}

/**
 * Colors as Node decides them: FORCE_COLOR=1 (or 2, 3, true, empty) turns them on even when stdout is not a
 * terminal (CI logs that render ANSI) and wins over NO_COLOR; FORCE_COLOR=0 or false turns them off;
 * otherwise only on a terminal, and never with NO_COLOR (https://no-color.org) or TERM=dumb.
 */
export function useColor(io: Io): boolean {
  const force = io.env["FORCE_COLOR"];
  if (force !== undefined) return !["0", "false"].includes(force.trim().toLowerCase());
  return io.stdoutIsTTY && !io.env["NO_COLOR"] && io.env["TERM"] !== "dumb";
}
