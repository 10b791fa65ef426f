import type { Io } from "../io.js";

/** The CLI's in-process entry (src/cli.ts `main`): the Action and the CLI are the same code. */
export type CliMain = (argv: string[], io: Io) => Promise<number>;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where the CLI's progress and logs go (the step log), already redacted. */
  log: (text: string) => void;
  redact: (text: string) => string;
  /** Also copy stdout to the log; off when stdout is data the Action parses. */
  echoStdout?: boolean;
}

export async function runCli(main: CliMain, argv: string[], options: CliRunOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (text) => {
      stdout += text;
      if (options.echoStdout) options.log(options.redact(text));
    },
    stderr: (text) => {
      stderr += text;
      options.log(options.redact(text));
    },
    // A runner's log is not a terminal: one line per step, no colors.
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: options.env,
    cwd: options.cwd,
  };
  const code = await main(argv, io);
  // stdout is data (JSON) the Action parses: it is redacted where it is printed or posted, not here.
  return { code, stdout, stderr: options.redact(stderr) };
}

/** Replaces every secret with `***`, as the runner's own masking does, for text the Action prints or posts. */
export function redactor(secrets: string[]): (text: string) => string {
  // The runner masks any length, but a 1-3 character "secret" would shred every line it touches.
  const list = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => list.reduce((acc, secret) => acc.split(secret).join("***"), text);
}
