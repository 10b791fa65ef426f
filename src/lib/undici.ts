import type { Agent as UndiciAgent, Dispatcher } from "undici";
import AgentClass from "undici/lib/dispatcher/agent.js";
import DispatcherClass from "undici/lib/dispatcher/dispatcher.js";
import api from "undici/lib/api/index.js";

/*
 * The two pieces of undici this tool uses, loaded alone. Importing "undici" loads the whole library (fetch,
 * WebSocket, EventSource, caches, cookies, mocks): ~60 ms of every start of the CLI, for code never run.
 * Dispatcher.prototype gets the request API exactly as undici's own index gives it.
 */
Object.assign(DispatcherClass.prototype, api);

export const Agent = AgentClass;
export type Agent = UndiciAgent;

export type RequestOptions = { dispatcher?: Dispatcher } & Omit<Dispatcher.RequestOptions, "origin" | "path" | "method"> &
  Partial<Pick<Dispatcher.RequestOptions, "method">>;

/** Stands in for undici's global dispatcher when a call names none. */
let shared: UndiciAgent | undefined;

/** undici's `request(url, options)`: origin and path from the URL, sent on `options.dispatcher`. */
export function request(url: string, options: RequestOptions = {}): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const target = new URL(url);
  return (dispatcher ?? (shared ??= new AgentClass())).request({
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: rest.method ?? (rest.body ? "PUT" : "GET"),
  });
}
