// The undici modules src/lib/undici.ts loads one by one (undici ships no types for its files, only for its index).
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici";
  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module "undici/lib/dispatcher/dispatcher.js" {
  import type { Dispatcher } from "undici";
  const DispatcherClass: typeof Dispatcher;
  export default DispatcherClass;
}

declare module "undici/lib/api/index.js" {
  const api: Record<string, unknown>;
  export default api;
}
