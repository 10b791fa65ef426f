import { inspect } from "node:util";
import JSZip from "jszip";
import { DustApiError, DustClient } from "../../src/dust/client.js";
import type { DustClientOptions } from "../../src/dust/client.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { Emulator, EmulatorOptions, EmulatorSeed } from "../../src/emulator/index.js";

export const KEYS = {
  admin: "sk-contract-admin-7f3a9c2e1b",
  builder: "sk-contract-builder-4d8e6a0c",
  user: "sk-contract-user-9b1f2e7d3a",
  noPublish: "sk-contract-nopub-2c5e8a1f",
  other: "sk-contract-other-6e0d4b9a",
} as const;
export type KeyName = keyof typeof KEYS;

export const WS = "w_contract";

export function contractSeed(extra: Partial<EmulatorSeed["workspaces"][number]> = {}): EmulatorSeed {
  return {
    workspaces: [
      {
        id: WS,
        region: "us",
        keys: [
          { key: KEYS.admin, role: "admin" },
          { key: KEYS.builder, role: "builder" },
          { key: KEYS.user, role: "user" },
          { key: KEYS.noPublish, role: "builder", canPublish: false },
        ],
        skills: [
          { sId: "skl_web", name: "Web Skill", source: "web_app", availability: "workspace_users", instructions: "web\n" },
          {
            sId: "skl_api",
            name: "Api Skill",
            source: "api",
            sourceMetadata: { filePath: "other-repo/api/SKILL.md" },
            availability: "workspace_users",
            instructions: "api\n",
          },
          { sId: "skl_hidden", name: "Hidden", source: "api", availability: "editors", instructions: "hidden\n" },
          { sId: "skl_old", name: "Old", source: "api", status: "archived", availability: "workspace_users", instructions: "old\n" },
        ],
        ...extra,
      },
      { id: "w_eu", region: "eu", keys: [{ key: KEYS.other, role: "admin" }] },
    ],
  };
}

/**
 * One emulator plus clients on it. Every log line and every error a client produced is kept, so a test
 * file can assert at the end that no key ever appeared in any of them.
 */
export class Harness {
  readonly output: string[] = [];
  readonly waits: number[] = [];
  private readonly clients: DustClient[] = [];

  private constructor(readonly emu: Emulator) {}

  static async start(seed: EmulatorSeed = contractSeed(), opts: Omit<EmulatorOptions, "seed"> = {}): Promise<Harness> {
    return new Harness(await startEmulator({ seed, ...opts }));
  }

  /** A client whose retries do not sleep (the wanted waits are recorded in `waits`) unless `realSleep`. */
  client(
    key: KeyName | string = "admin",
    opts: DustClientOptions & { workspaceId?: string; realSleep?: boolean; baseUrl?: string } = {},
  ): DustClient {
    const apiKey = key in KEYS ? KEYS[key as KeyName] : key;
    const { workspaceId = WS, realSleep, baseUrl = this.emu.url, ...rest } = opts;
    const client = new DustClient(
      { baseUrl, workspaceId, apiKey },
      {
        log: (l) => this.output.push(l),
        retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
        ...(realSleep ? {} : { sleep: async (ms: number) => void this.waits.push(ms) }),
        ...rest,
      },
    );
    this.clients.push(client);
    return client;
  }

  /**
   * The JSON form of an export, read straight off the emulator (the tool reads only the CSV form): the contract
   * tests check both formats agree.
   */
  async exportJson(q: { table: string; startDate: string; endDate: string }, key: KeyName = "admin"): Promise<Record<string, unknown>[]> {
    const query = new URLSearchParams({ ...q, format: "json" });
    const res = await fetch(`${this.emu.url}/api/v1/w/${WS}/analytics/export?${query}`, { headers: { authorization: `Bearer ${KEYS[key]}` } });
    if (res.status !== 200) throw new Error(`JSON export answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>[];
  }

  /** Runs a call that must fail with a DustApiError; records everything printable about it. */
  async failure(p: Promise<unknown>): Promise<DustApiError> {
    try {
      await p;
    } catch (err) {
      this.output.push(String(err), inspect(err, { depth: Infinity, showHidden: true }), JSON.stringify(err));
      if (err instanceof DustApiError) {
        this.output.push(err.hint ?? "");
        return err;
      }
      throw err;
    }
    throw new Error("expected the call to fail");
  }

  posts(): number {
    return this.emu.requests.filter((r) => r.method === "POST").length;
  }

  async close(): Promise<void> {
    for (const c of this.clients) await c.close();
    await this.emu.close();
  }
}

export function skillMd(name: string, description: string, body: string): string {
  return `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;
}

/** A ZIP built with jszip, as any client of Dust could send it. */
export async function zipOf(files: Record<string, string | Buffer>, compression: "STORE" | "DEFLATE" = "DEFLATE"): Promise<Buffer> {
  const zip = new JSZip();
  for (const [path, content] of Object.entries(files)) zip.file(path, content);
  return zip.generateAsync({ type: "nodebuffer", compression });
}

export async function upload(files: Record<string, string | Buffer>, fileName = "skills.zip"): Promise<{ fileName: string; data: Buffer }[]> {
  return [{ fileName, data: await zipOf(files) }];
}
