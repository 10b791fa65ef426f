import { ensureNodeRelease } from "../helpers/node-release.js";

/** The Nodes the Action is run under in tests: the runner's own (action.yml `node24`), and the one running the tests. */
export const TEST_NODES: Array<[label: string, which: "24" | "current"]> = [
  ["Node 24 (npm package node@24)", "24"],
  [`the Node here (${process.version})`, "current"],
];

export async function nodeBinary(which: "24" | "current"): Promise<string> {
  return which === "24" ? ensureNodeRelease(24) : process.execPath;
}

/** What main.js logs as its Node version under each. */
export function nodeVersionLabel(which: "24" | "current"): string {
  return `on Node ${which === "24" ? "v24." : process.version}`;
}
