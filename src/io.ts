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
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colors only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: Io): boolean {
  return io.stdoutIsTTY && !io.env["NO_COLOR"] && io.env["TERM"] !== "dumb";
}
