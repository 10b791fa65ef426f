import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultSeed } from "./default-seed.js";
import { FaultQueue } from "./faults.js";
import { loadState, saveState } from "./persist.js";
import { SlidingWindowLimiter } from "./rate-limit.js";
import { createHandler } from "./server.js";
import type { ServerContext } from "./server.js";
import { EmulatorStore } from "./store.js";
import type { EmulatorSeed, EmulatorState, Region, RequestLogEntry } from "./types.js";

export { EmulatorStore } from "./store.js";
export { FaultQueue } from "./faults.js";
export { defaultSeed } from "./default-seed.js";
export { checkSeed } from "./seed-check.js";
export type * from "./types.js";

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Initial state; default: `defaultSeed()` (workspace w_demo, keys sk-demo-admin/-builder/-user). */
  seed?: EmulatorSeed;
  /** Persist the state to this JSON file after each write; load it at start when it exists (then `seed` is only used by reset). */
  statePath?: string;
  /** Clock (epoch ms) for createdAt/updatedAt, rate limits and the analytics "today". */
  now?: () => number;
  /** Act as one region's host: workspaces of the other region answer 404 workspace_not_found. Default: serve all. */
  region?: Region;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:43123 (the API is under /api/v1/w/{wId}). */
  url: string;
  store: EmulatorStore;
  /** Every API request in the order its answer started: {method, path, query, status, skillNames?, fault?}. */
  requests: RequestLogEntry[];
  faults: FaultQueue;
  close(): Promise<void>;
}

/** Starts a local Dust API on 127.0.0.1 (port 0 by default) and resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const now = opts.now ?? Date.now;
  const statePath = opts.statePath;
  const seed = opts.seed ?? defaultSeed(now());
  const fromSeed = (s: EmulatorSeed): EmulatorState => EmulatorStore.stateFromSeed(s, now());
  const loaded = statePath ? loadState(statePath) : undefined;
  const store = new EmulatorStore(loaded ?? fromSeed(seed), {
    now,
    onWrite: statePath ? (state) => saveState(statePath, state) : undefined,
  });
  if (statePath && !loaded) store.commit();

  const requests: RequestLogEntry[] = [];
  const faults = new FaultQueue();
  const limiter = new SlidingWindowLimiter(60, 60_000);
  const timers = new Set<NodeJS.Timeout>();
  const ctx: ServerContext = {
    store,
    faults,
    requests,
    limiter,
    now,
    region: opts.region,
    timers,
    reset: (s) => {
      store.replace(fromSeed(s ?? seed));
      requests.length = 0;
      faults.clear();
      limiter.reset();
    },
  };

  const server = createServer(createHandler(ctx));
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    store,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
