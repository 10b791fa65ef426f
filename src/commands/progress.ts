import { safeText } from "../lib/safe-text.js";
import type { Io } from "../io.js";

export interface Progress {
  /** `done` of `total` bundles; `label` (a bundle folder) is shown after the count. */
  update: (done: number, total: number, label?: string) => void;
  /** Clears the line so the next output starts clean. */
  done: () => void;
}

/**
 * One line on a terminal's stderr, redrawn in place per bundle (`\r` + erase-line, then the text, cut to the
 * terminal's width so it never wraps); nothing at all when stderr is not a terminal: a CI log gets the
 * results, not hundreds of redraws.
 */
export function progressLine(io: Io, verb: string): Progress {
  if (!io.stderrIsTTY) return { update: () => {}, done: () => {} };
  const width = Math.max(20, (process.stderr.columns || 80) - 1);
  let drawn = false;
  let last = 0;
  return {
    update: (done, total, label) => {
      // A redraw per bundle is enough for a person; thousands per second would only cost time.
      const now = Date.now();
      if (done !== 0 && done !== total && now - last < 50) return;
      last = now;
      const text = `${verb} ${done}/${total} bundles${label ? `: ${safeText(label)}` : ""}`;
      io.stderr(`\r\u001b[K${[...text].slice(0, width).join("")}`);
      drawn = true;
    },
    done: () => {
      if (drawn) io.stderr("\r\u001b[K");
      drawn = false;
    },
  };
}
