import type { Io } from "../io.js";

/** Conventional shell exit codes for a run stopped by a signal: 128 + its number. */
export const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export interface Interruptions {
  /** The first signal received, or null: sync asks before each request. */
  requested: () => string | null;
  dispose: () => void;
}

/**
 * While a sync writes, SIGINT and SIGTERM stop it between two requests instead of killing it mid-request:
 * the request in flight gets its answer, nothing further is sent, and the results say what was written. A
 * second signal abandons the request in flight at once (its answer is lost; the next plan shows what Dust has).
 */
export function catchInterruptions(io: Io): Interruptions {
  let first: string | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (first === null) {
      first = signal;
      io.stderr(`\ndust-skills: ${signal} received: finishing the request in flight, then stopping (send it again to abandon that request)\n`);
      return;
    }
    io.stderr(`\ndust-skills: ${signal} again: abandoned the request in flight; it may have been applied. Run \`dust-skills plan\` to see what Dust has.\n`);
    process.exit(SIGNAL_EXIT[first] ?? 1);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    requested: () => first,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
