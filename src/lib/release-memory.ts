import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, between two import requests: what one request held (its ZIPs, the parts of its
 * body, Dust's answer with every skill's text) is released before the next one is built. Left to itself, V8
 * collects buffers late, and the peak memory of a sync varied by a third from run to run with its timing.
 * V8's `gc` is reached through its own flag, once; where that is refused, nothing is done.
 */
export function releaseMemory(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
