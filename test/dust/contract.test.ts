/**
 * The client against the emulator over real HTTP: what dust-api.md says the server does, seen through
 * the client's public API. A failure here means the client or the emulator departs from that page.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { KEYS, Harness, skillMd, upload, WS, zipOf } from "./contract-helpers.js";

let h: Harness;
const everything: string[] = [];

beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  everything.push(...h.output);
  await h.close();
});
afterAll(() => {
  const text = everything.join("\n");
  expect(everything.length).toBeGreaterThan(20);
  for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
});

describe("authentication and documented errors", () => {
  it("401 invalid_api_key_error for an unknown key, pointing at DUST_API_KEY", async () => {
    const err = await h.failure(h.client("sk-unknown-key-000000000").listSkills());
    expect([err.status, err.type]).toEqual([401, "invalid_api_key_error"]);
    expect(err.serverMessage).toBe("The API key provided is invalid or disabled.");
    expect(err.hint).toContain("DUST_API_KEY");
    expect(h.emu.requests).toHaveLength(1);
  });

  it("401 malformed_authorization_header_error for a key that is not sk-...", async () => {
    const err = await h.failure(h.client("not-a-dust-key").listSkills());
    expect([err.status, err.type]).toEqual([401, "malformed_authorization_header_error"]);
  });

  it("401 workspace_auth_error for a key of another workspace", async () => {
    const err = await h.failure(h.client("other").listSkills());
    expect([err.status, err.type]).toEqual([401, "workspace_auth_error"]);
    expect(err.hint).toContain("DUST_WORKSPACE_ID");
  });

  it("404 workspace_not_found for an unknown workspace, pointing at the id and region", async () => {
    const err = await h.failure(h.client("admin", { workspaceId: "w_nope" }).listSkills());
    expect([err.status, err.type]).toEqual([404, "workspace_not_found"]);
    expect(err.hint).toMatch(/DUST_WORKSPACE_ID.*region/);
  });

  it("401 invalid_api_key_error from the wrong region's host: the message names both causes", async () => {
    const us = await Harness.start(undefined, { region: "us" });
    try {
      const err = await us.failure(us.client("other", { workspaceId: "w_eu" }).listSkills());
      expect([err.status, err.type]).toEqual([401, "invalid_api_key_error"]);
      expect(err.message).toContain("the key is wrong or disabled");
      expect(err.message).toContain("other region");
      expect(err.hint).toContain("DUST_API_KEY");
      expect(err.hint).toContain("DUST_REGION");
      expect(await h.client("other", { workspaceId: "w_eu" }).listSkills()).toEqual([]);
    } finally {
      everything.push(...us.output);
      await us.close();
    }
  });

  it("a base URL that is not a Dust server: the router's plain-text 404 is explained, never a JSON parse error", async () => {
    const err = await h.failure(h.client("admin", { baseUrl: `${h.emu.url}/not-dust` }).listSkills());
    expect(err.status).toBe(404);
    expect(err.message).toContain("There is no such route");
    expect(err.message).toContain(`Is ${h.emu.url}/not-dust a Dust API server?`);
    expect(err.message).not.toMatch(/JSON|Unexpected token/i);
    expect(err.hint).toContain("DUST_BASE_URL");
    expect(h.emu.requests).toHaveLength(1); // a 404 is never retried
  });

  it("400 invalid_request_error for a bad query, passed through", async () => {
    const err = await h.failure(h.client().listSkills({ status: "bogus" as "active" }));
    expect([err.status, err.type]).toEqual([400, "invalid_request_error"]);
    expect(err.serverMessage).toMatch(/^Invalid query parameters: /);
  });

  it("400 for an import with a user key: creating skills is restricted", async () => {
    const err = await h.failure(h.client("user").importSkills({ files: await upload({ "a/SKILL.md": skillMd("A", "d", "b") }) }));
    expect(err.message).toBe("Dust refused the import: Creating skills is restricted.");
    expect(err.hint).toContain("builder or admin");
  });

  it("403 when a builder key updates an existing skill (PR 32947): the message says an admin key is needed", async () => {
    const err = await h.failure(h.client("builder").importSkills({ files: await upload({ "a/SKILL.md": skillMd("Api Skill", "d", "b") }) }));
    expect(err.status).toBe(403);
    expect(err.message).toContain("needs an admin key");
    expect(err.hint).toContain("admin role");
  });

  it("an ADM-ZIP refusal is explained as a ZIP Dust could not read", async () => {
    const err = await h.failure(h.client().importSkills({ files: [{ fileName: "broken.zip", data: Buffer.from("not a zip at all") }] }));
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      "Dust could not read an uploaded ZIP: Failed to open ZIP: ADM-ZIP: Invalid or unsupported zip format. No END header found",
    );
    expect(err.hint).toContain("dust-skills pack");
  });

  it("400 when setting availability without the publish grant", async () => {
    const err = await h.failure(
      h.client("noPublish").importSkills({ files: await upload({ "a/SKILL.md": skillMd("A", "d", "b") }), availability: "workspace_users" }),
    );
    expect(err.message).toBe("Dust refused the import: You don't have permission to change skill availability.");
  });

  it("404 skill_not_found when archiving an unknown skill", async () => {
    const err = await h.failure(h.client().archiveSkill("skl_nope"));
    expect([err.status, err.type]).toEqual([404, "skill_not_found"]);
  });

  it("403 when a non-admin key archives: an admin key is needed", async () => {
    const err = await h.failure(h.client("builder").archiveSkill("skl_api"));
    expect([err.status, err.type]).toEqual([403, "app_auth_error"]);
    expect(err.message).toContain("needs an admin API key");
    expect(h.emu.store.getSkill(WS, "skl_api")?.status).toBe("active");
  });

  it("500 is reported once, not retried", async () => {
    h.emu.faults.enqueue({ kind: "status", status: 500 });
    const err = await h.failure(h.client().listSkills());
    expect([err.status, err.type]).toEqual([500, "internal_server_error"]);
    expect(h.emu.requests).toHaveLength(1);
  });
});

describe("listing", () => {
  it("hides unpublished skills from a non-admin key and falls back from bypassEditorVisibility", async () => {
    const builder = h.client("builder");
    const all = await builder.listAllSkills();
    expect(all.seesUnpublished).toBe(false);
    expect(all.active.map((s) => s.name)).toEqual(["Api Skill", "Web Skill"]);
    expect(all.archived.map((s) => s.name)).toEqual(["Old"]);
    await builder.listAllSkills();
    const queries = h.emu.requests.map((r) => r.query);
    expect(queries.filter((q) => q.includes("bypassEditorVisibility"))).toHaveLength(1);
    expect(h.emu.requests[0]?.status).toBe(403);
  });

  it("shows unpublished skills to an admin key", async () => {
    const all = await h.client("admin").listAllSkills();
    expect(all.seesUnpublished).toBe(true);
    expect(all.active.map((s) => s.name)).toEqual(["Api Skill", "Hidden", "Web Skill"]);
    const hidden = all.active.find((s) => s.name === "Hidden");
    expect(hidden?.availability).toBe("editors");
  });

  it("reads the emulator's full skill objects without complaint", async () => {
    const [api] = (await h.client().listSkills()).filter((s) => s.sId === "skl_api");
    expect(api).toMatchObject({ source: "api", sourceMetadata: { filePath: "other-repo/api/SKILL.md" }, status: "active", instructions: "api\n" });
    expect(api?.createdAt).toBeGreaterThan(1e12);
  });
});

describe("import", () => {
  it("creates a skill unpublished by default, invisible to a non-admin listing", async () => {
    const result = await h.client("builder").importSkills({
      files: await upload({ "skills/alpha/SKILL.md": skillMd("Alpha", "Does alpha.", "Step 1.\n"), "skills/alpha/scripts/run.py": "print(1)\n" }),
    });
    expect(result.updated).toEqual([]);
    expect(result.skipped).toEqual([]);
    const [alpha] = result.imported;
    expect(alpha).toMatchObject({
      name: "Alpha",
      agentFacingDescription: "Does alpha.",
      userFacingDescription: "Does alpha.",
      instructions: "Step 1.\n",
      status: "active",
      source: "api",
      // every entry sits under skills/, so Dust strips that folder
      sourceMetadata: { filePath: "alpha/SKILL.md" },
      availability: "editors",
    });
    expect(alpha?.fileAttachments.map((a) => a.fileName)).toEqual(["scripts/run.py"]);
    expect(alpha?.createdAt).toBeGreaterThan(1e12);
    expect(alpha?.updatedAt).toBeGreaterThan(1e12);
    expect((await h.client("builder").listSkills()).map((s) => s.name)).not.toContain("Alpha");
    expect((await h.client("admin").listSkills({ bypassEditorVisibility: true })).map((s) => s.name)).toContain("Alpha");
  });

  it("sends availability, names and editors as multipart fields", async () => {
    const result = await h.client("admin").importSkills({
      files: await upload({ "a/SKILL.md": skillMd("A", "d", "a"), "b/SKILL.md": skillMd("B", "d", "b") }),
      names: ["B"],
      availability: "users_and_agents",
      editors: ["ana@example.com"],
    });
    expect(result.imported.map((s) => [s.name, s.availability])).toEqual([["B", "users_and_agents"]]);
    expect(h.emu.requests.at(-1)?.skillNames).toEqual(["B"]);
  });

  it("strips one shared top folder, reads skill.md case-insensitively and uses a root SKILL.md only as a fallback", async () => {
    const wrapped = await h.client().importSkills({ files: await upload({ "wrap/x/skill.MD": skillMd("X", "d", "x"), "wrap/x/notes.md": "n" }) });
    expect(wrapped.imported[0]?.sourceMetadata).toEqual({ filePath: "x/skill.MD" });
    expect(wrapped.imported[0]?.fileAttachments.map((a) => a.fileName)).toEqual(["notes.md"]);
    const root = await h.client().importSkills({ files: await upload({ "SKILL.md": skillMd("Root", "d", "r") }) });
    expect(root.imported.map((s) => s.name)).toEqual(["Root"]);
    const both = await h.client().importSkills({ files: await upload({ "SKILL.md": skillMd("Top", "d", "t"), "y/SKILL.md": skillMd("Y", "d", "y") }) });
    expect(both.imported.map((s) => s.name)).toEqual(["Y"]);
  });

  it("silently drops invalid skills and unsupported attachments", async () => {
    const result = await h.client().importSkills({
      files: await upload({
        "good/SKILL.md": skillMd("Good", "d", "body\n"),
        "good/LICENSE": "MIT",
        "good/config.toml": "a=1",
        "good/data.csv": "a,b",
        "nofm/SKILL.md": "just text",
        "numname/SKILL.md": skillMd("123", "d", "body"),
        "datename/SKILL.md": skillMd("2024-01-01", "d", "body"),
        "empty/SKILL.md": skillMd("Empty", "d", "   \n"),
        "unclosed/SKILL.md": "---\nname: U\ndescription: d\nbody",
      }),
    });
    expect(result.imported.map((s) => s.name)).toEqual(["Good"]);
    expect(result.skipped).toEqual([]);
    expect(result.imported[0]?.fileAttachments.map((a) => a.fileName)).toEqual(["data.csv"]);
  });

  it("gives new fileIds on every import, even of identical content", async () => {
    const files = await upload({ "a/SKILL.md": skillMd("A", "d", "a"), "a/ref.md": "r" });
    const first = await h.client().importSkills({ files });
    const second = await h.client().importSkills({ files });
    expect(second.updated[0]?.sId).toBe(first.imported[0]?.sId);
    expect(second.updated[0]?.fileAttachments[0]?.fileId).not.toBe(first.imported[0]?.fileAttachments[0]?.fileId);
  });

  describe("conflicts", () => {
    const webSkill = async () => upload({ "web/SKILL.md": skillMd("Web Skill", "mine", "mine\n"), "new/SKILL.md": skillMd("Brand New", "d", "n\n") });

    it("error: refuses with Dust's message and writes nothing", async () => {
      const err = await h.failure(h.client().importSkills({ files: await webSkill(), onConflict: "error" }));
      expect(err.message).toBe('Dust refused the import: A different skill named "Web Skill" already exists.');
      expect(h.emu.store.getSkills(WS).map((s) => s.name)).not.toContain("Brand New");
      expect(h.posts()).toBe(1);
    });

    it("error: joins every problem in one message", async () => {
      const files = await upload({
        "a/SKILL.md": skillMd("Dup", "d", "1"),
        "b/SKILL.md": skillMd("Dup", "d", "2"),
        "c/SKILL.md": skillMd("Web Skill", "d", "3"),
      });
      const err = await h.failure(h.client().importSkills({ files, names: ["Dup", "Web Skill", "Ghost"] }));
      expect(err.serverMessage).toBe('Skill "Ghost" not found in the archive. Duplicate skill "Dup" in the archive. A different skill named "Web Skill" already exists.');
    });

    it("error: no importable skill at all", async () => {
      const err = await h.failure(h.client().importSkills({ files: await upload({ "a/readme.md": "no skill" }) }));
      expect(err.serverMessage).toBe("No matching importable skills found.");
    });

    it("skip: lists the conflicting skill in skipped and imports the rest", async () => {
      const result = await h.client().importSkills({ files: await webSkill(), onConflict: "skip" });
      expect(result.skipped).toEqual([{ name: "Web Skill", message: 'A different skill named "Web Skill" already exists.' }]);
      expect(result.imported.map((s) => s.name)).toEqual(["Brand New"]);
      expect(h.emu.store.getSkill(WS, "skl_web")?.instructions).toBe("web\n");
    });

    it("override: takes the skill over in place and makes it an api skill", async () => {
      const result = await h.client().importSkills({ files: await webSkill(), onConflict: "override" });
      const web = result.updated.find((s) => s.name === "Web Skill");
      expect(web).toMatchObject({ sId: "skl_web", source: "api", instructions: "mine\n", sourceMetadata: { filePath: "web/SKILL.md" } });
      expect(web?.availability).toBe("workspace_users");
    });

    it.each(["error", "skip", "override"] as const)("%s: an api skill of the same name is always updated, whoever owns it", async (onConflict) => {
      const result = await h.client().importSkills({ files: await upload({ "mine/SKILL.md": skillMd("Api Skill", "d", "taken\n") }), onConflict });
      expect(result.updated.map((s) => [s.sId, s.sourceMetadata?.filePath])).toEqual([["skl_api", "mine/SKILL.md"]]);
    });

    it("an archived name never conflicts: a new skill is created", async () => {
      const result = await h.client().importSkills({ files: await upload({ "old/SKILL.md": skillMd("Old", "d", "again\n") }) });
      expect(result.imported).toHaveLength(1);
      expect(result.imported[0]?.sId).not.toBe("skl_old");
    });

    it("names are compared case-sensitively", async () => {
      const result = await h.client().importSkills({ files: await upload({ "w/SKILL.md": skillMd("web skill", "d", "x\n") }) });
      expect(result.imported.map((s) => s.name)).toEqual(["web skill"]);
    });
  });

  describe("limits", () => {
    it("refuses more than 5 MiB of files in one request", async () => {
      const big = Buffer.alloc(3 * 1024 * 1024, 1);
      const files = [
        { fileName: "a.zip", data: big },
        { fileName: "b.zip", data: big },
      ];
      const err = await h.failure(h.client().importSkills({ files }));
      expect(err.status).toBe(400);
      expect(err.serverMessage).toMatch(/maxTotalFileSize/);
    });

    it("refuses an empty file", async () => {
      const err = await h.failure(h.client().importSkills({ files: [{ fileName: "a.zip", data: Buffer.alloc(0) }] }));
      expect(err.serverMessage).toMatch(/allowEmptyFiles/);
    });

    it("refuses a bare SKILL.md: every file is read as a ZIP", async () => {
      const err = await h.failure(h.client().importSkills({ files: [{ fileName: "SKILL.md", data: Buffer.from(skillMd("A", "d", "b")) }] }));
      expect(err.serverMessage).toMatch(/ZIP/);
    });

    it("refuses a ZIP with more than 1,000 entries", async () => {
      const files: Record<string, string> = { "a/SKILL.md": skillMd("A", "d", "b") };
      for (let i = 0; i < 1000; i++) files[`a/refs/r${i}.md`] = "x";
      const err = await h.failure(h.client().importSkills({ files: await upload(files) }));
      // 1,001 files plus the two folder entries jszip writes (a/, a/refs/): folders count too.
      expect(err.serverMessage).toBe("ZIP contains too many entries (1003). Maximum allowed is 1000.");
    });

    it("refuses a ZIP over 10 MiB uncompressed", async () => {
      const data = await zipOf({ "a/SKILL.md": skillMd("A", "d", "b"), "a/big.txt": "0".repeat(10 * 1024 * 1024 + 1) });
      expect(data.length).toBeLessThan(5 * 1024 * 1024);
      const err = await h.failure(h.client().importSkills({ files: [{ fileName: "a.zip", data }] }));
      expect(err.serverMessage).toMatch(/decompressed size too large/);
    });
  });
});

describe("archive", () => {
  it("archives a skill so it moves to the archived list", async () => {
    const c = h.client();
    await c.archiveSkill("skl_api");
    expect((await c.listSkills({ status: "archived" })).map((s) => s.sId)).toContain("skl_api");
    expect((await c.listSkills()).map((s) => s.sId)).not.toContain("skl_api");
  });
});

describe("faults", () => {
  it("honours 429 Retry-After (recorded wait)", async () => {
    h.emu.faults.enqueue({ kind: "status", status: 429, retryAfter: 1 });
    expect((await h.client().listSkills()).length).toBeGreaterThan(0);
    expect(h.waits).toEqual([1000]);
    expect(h.emu.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("honours 429 Retry-After (real wait)", async () => {
    h.emu.faults.enqueue({ kind: "status", status: 429, retryAfter: 1 });
    const started = performance.now();
    await h.client("admin", { realSleep: true }).listSkills();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(h.emu.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("rides out 503 twice, then succeeds", async () => {
    h.emu.faults.enqueue({ kind: "status", status: 503 }, 2);
    await h.client().listSkills();
    expect(h.emu.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(h.waits).toHaveLength(2);
  });

  it("retries a GET whose connection was dropped", async () => {
    h.emu.faults.enqueue({ kind: "drop" });
    await h.client().listSkills();
    expect(h.emu.requests.map((r) => r.fault ?? r.status)).toEqual(["drop", 200]);
  });

  it("does not resend an import whose connection was dropped", async () => {
    h.emu.faults.enqueue({ kind: "drop", match: { method: "POST" } });
    const err = await h.failure(h.client().importSkills({ files: await upload({ "a/SKILL.md": skillMd("A", "d", "b") }) }));
    expect(err.hint).toContain("dust-skills plan");
    expect(h.posts()).toBe(1);
  });

  it("resends an import refused with 503, and it is applied once", async () => {
    h.emu.faults.enqueue({ kind: "status", status: 503, match: { method: "POST" } });
    const result = await h.client().importSkills({ files: await upload({ "a/SKILL.md": skillMd("A", "d", "b") }) });
    expect(result.imported).toHaveLength(1);
    expect(h.posts()).toBe(2);
    expect(h.emu.store.getSkills(WS).filter((s) => s.name === "A")).toHaveLength(1);
  });

  it("gives up on a server slower than the request timeout", async () => {
    h.emu.faults.enqueue({ kind: "delay", ms: 2000 }, 2);
    const err = await h.failure(h.client("admin", { timeouts: { requestMs: 200 }, retry: { attempts: 2 } }).listSkills());
    expect(err.code).toBe("REQUEST_TIMEOUT");
  });
});
