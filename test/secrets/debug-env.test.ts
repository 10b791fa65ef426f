import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputEnvName } from "../../src/action/inputs.js";
import { gitEnv } from "../../src/git/env.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { tempRepos } from "../git/repo.js";
import { skillMd } from "../bundle/memfs.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(root, "bin/dust-skills.js");
// Not `sk-…`: only the exact-key layer of redaction can hide it.
const KEY = "dustkey_9f8e7d6c5b4a3f2e1d0c";
// Dust (and the emulator) only accept `sk-` keys: the plan that gets a real answer uses this one.
const SK_KEY = "sk-debugRunKey0a1b2c3d4e5f6a7b";
const GITHUB_TOKEN = "ghs_actionsTokenAbCdEf0123456789";
const INPUT_TOKEN = "ghp_inputTokenZyXwVu9876543210";
const repo = tempRepos();

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: { workspaces: [{ id: "w_sec", region: "us", keys: [{ key: SK_KEY, role: "admin" }], skills: [] }] },
  });
});
afterAll(async () => {
  await emulator.close();
});

/** Runs a command in a child process the way a user would, every debug switch on. */
function spawn(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, out: String(stdout), err: String(stderr) });
    });
  });
}

const secretEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env["PATH"],
  HOME: process.env["HOME"],
  DEBUG: "*",
  NODE_DEBUG: "child_process",
  DUST_API_KEY: KEY,
  DUST_WORKSPACE_ID: "w_sec",
  DUST_BASE_URL: emulator.url,
  GITHUB_TOKEN,
  [inputEnvName("api-key")]: KEY,
  [inputEnvName("github-token")]: INPUT_TOKEN,
  GIT_CONFIG_NOSYSTEM: "1",
});

function bundleRepo() {
  const r = repo();
  r.write({ "skills/alpha/SKILL.md": skillMd("alpha") });
  r.git("add", "-A");
  r.commit("alpha");
  return r;
}

describe("secrets under DEBUG=* and NODE_DEBUG=child_process", () => {
  it("validate and plan spawn git without the key or the tokens in its environment", async () => {
    const r = bundleRepo();
    const runs: Array<[string[], string, number]> = [
      [["validate", "skills"], KEY, 0],
      // Refused as malformed (401): the error explains it without the key.
      [["plan", "skills"], KEY, 1],
      [["plan", "skills"], SK_KEY, 0],
    ];
    for (const [args, key, code] of runs) {
      const res = await spawn(process.execPath, [bin, ...args], r.dir, { ...secretEnv(), DUST_API_KEY: key });
      expect(res.code, res.err.slice(-500)).toBe(code);
      // The debug switches really printed the children's spawn options: the test sees what a user would.
      expect(res.err).toMatch(/CHILD_PROCESS \d+: spawn/);
      for (const secret of [KEY, SK_KEY, GITHUB_TOKEN, INPUT_TOKEN]) {
        expect(res.out, `${args[0]} stdout`).not.toContain(secret);
        expect(res.err, `${args[0]} stderr`).not.toContain(secret);
      }
    }
  });

  it("the Action's entry prints the key only in its ::add-mask:: line", async () => {
    const r = bundleRepo();
    // A push event; the Action plans through the CLI, which asks git for the files and the origin remote.
    const eventPath = join(r.dir, "event.json");
    writeFileSync(eventPath, JSON.stringify({ before: r.git("rev-parse", "HEAD").trim() }));
    const env = {
      ...secretEnv(), [inputEnvName("api-key")]: SK_KEY, INPUT_COMMAND: "plan", INPUT_PATH: "skills", [inputEnvName("base-url")]: emulator.url,
      GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: eventPath, GITHUB_WORKSPACE: r.dir, RUNNER_TEMP: r.dir,
    };
    // The built entry, as action.yml runs it (a TypeScript loader would spawn its own children with the whole env).
    const res = await spawn(process.execPath, [join(root, "dist/action.js")], r.dir, env);
    expect(res.code, res.out + res.err).toBe(0);
    expect(res.err).toMatch(/CHILD_PROCESS \d+: spawn/);
    expect(res.err).toContain("'get-url'");
    expect(res.out).toContain("Plan: 1 to create");
    const lines = (res.out + res.err).split("\n").filter((l) => !l.startsWith("::add-mask::"));
    for (const secret of [KEY, SK_KEY, GITHUB_TOKEN, INPUT_TOKEN]) {
      const leak = lines.find((l) => l.includes(secret));
      expect(leak, "a line leaks a secret").toBeUndefined();
    }
  });

  it("gitEnv keeps what git needs and drops everything else", () => {
    const env = gitEnv(
      {
        PATH: "/bin", HOME: "/h", LANG: "C", LC_ALL: "C", GIT_DIR: ".git", GIT_INDEX_FILE: "/r/.git/index.lock", GIT_CONFIG_NOSYSTEM: "1",
        DUST_API_KEY: KEY, DUST_API_KEY_PROD: "prodkey-123456", INPUT_API_KEY: KEY, GITHUB_TOKEN, NPM_TOKEN: "npm_x",
        GIT_ASKPASS: "/bin/echo", GIT_EXEC_PATH: "/x", GIT_CONFIG_COUNT: "1", SOME_VAR: "x",
        // An allowed name carrying a secret's value is dropped all the same.
        LC_SECRET: `bearer ${GITHUB_TOKEN}`,
      },
      "/r",
    );
    expect(env).toEqual({
      PATH: "/bin", HOME: "/h", LANG: "C", LC_ALL: "C", GIT_DIR: "/r/.git", GIT_INDEX_FILE: "/r/.git/index.lock", GIT_CONFIG_NOSYSTEM: "1",
    });
  });
});

describe("redaction of what a server sends back", () => {
  /** A gateway that answers every request with a page echoing the request's credentials. */
  async function echoingGateway(extra: string): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((req, res) => {
      res.writeHead(400, { "content-type": "text/html" });
      res.end(`<html><body>Bad request. authorization: ${req.headers.authorization ?? ""} ${extra}</body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it("hides the exact key (not sk-…) and any sk-… look-alike in the error a user reads", async () => {
    const other = "sk-someoneElsesKey1234567890";
    const gw = await echoingGateway(`also seen: ${other}`);
    try {
      const r = bundleRepo();
      const res = await spawn(process.execPath, [bin, "plan", "skills"], r.dir, { ...secretEnv(), DEBUG: "", NODE_DEBUG: "", DUST_BASE_URL: gw.url });
      expect(res.code).toBe(1);
      expect(res.err).toContain("authorization: Bearer [redacted]");
      expect(res.err).toContain("also seen: sk-[redacted]");
      expect(res.err).not.toContain(KEY);
      expect(res.err).not.toContain(other);
    } finally {
      await gw.close();
    }
  });
});
