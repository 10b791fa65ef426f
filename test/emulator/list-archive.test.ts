import { afterEach, describe, expect, it } from "vitest";
import { ADMIN, BUILDER, call, errorOf, listNames, seed, start, T0, USER, WS } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const skills = seed([
  { sId: "skl_pub", name: "Published", availability: "workspace_users", instructions: "p\n" },
  { sId: "skl_disc", name: "Discoverable", availability: "users_and_agents", instructions: "d\n" },
  { sId: "skl_unpub", name: "Unpublished", availability: "editors", source: "api", instructions: "u\n" },
  { sId: "skl_arch", name: "Archived", status: "archived", instructions: "a\n" },
  { sId: "skl_sugg", name: "Suggested", status: "suggested", instructions: "s\n" },
]);

describe("GET /skills", () => {
  it("lists active skills by default and one other status on request", async () => {
    emu = await start(skills);
    expect(await listNames(emu, "")).toEqual(["Discoverable", "Published"]);
    expect(await listNames(emu, "status=archived")).toEqual(["Archived"]);
    expect(await listNames(emu, "status=suggested")).toEqual(["Suggested"]);
  });

  it("hides unpublished (editors) skills unless an admin key bypasses editor visibility", async () => {
    emu = await start(skills);
    expect(await listNames(emu, "", BUILDER)).toEqual(["Discoverable", "Published"]);
    expect(await listNames(emu, "bypassEditorVisibility=true", ADMIN)).toEqual(["Discoverable", "Published", "Unpublished"]);
    // Only the exact string "true" bypasses.
    expect(await listNames(emu, "bypassEditorVisibility=1", ADMIN)).toEqual(["Discoverable", "Published"]);
  });

  it("refuses bypassEditorVisibility from a non-admin key with 403 app_auth_error", async () => {
    emu = await start(skills);
    for (const key of [BUILDER, USER]) {
      const reply = await call(emu, "GET", `/api/v1/w/${WS}/skills?bypassEditorVisibility=true`, { key });
      expect(reply.status).toBe(403);
      expect(errorOf(reply)).toEqual({ type: "app_auth_error", message: "Only admins can bypass editor visibility." });
    }
  });

  it("filters by availability (repeatable) and rejects an unknown one", async () => {
    emu = await start(skills);
    expect(await listNames(emu, "availability=users_and_agents")).toEqual(["Discoverable"]);
    expect(await listNames(emu, "availability=users_and_agents&availability=workspace_users")).toEqual(["Discoverable", "Published"]);
    const bad = await call(emu, "GET", `/api/v1/w/${WS}/skills?availability=everyone`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toBe('Invalid availability. Expected "editors", "workspace_users", or "users_and_agents".');
  });

  it("rejects an unknown status, or two statuses, with the query-validation message shape", async () => {
    emu = await start(skills);
    const bad = await call(emu, "GET", `/api/v1/w/${WS}/skills?status=deleted`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toEqual({
      type: "invalid_request_error",
      message:
        "Invalid query parameters: Validation error: Invalid enum value. Expected 'active' | 'archived' | 'suggested', received 'deleted' at \"status\"",
    });
    const two = await call(emu, "GET", `/api/v1/w/${WS}/skills?status=active&status=archived`);
    expect(two.status).toBe(400);
    expect(errorOf(two).message).toMatch(/^Invalid query parameters: .*received array at "status"$/);
  });

  it("returns skill objects with every documented field, times in epoch milliseconds", async () => {
    emu = await start(seed([{ sId: "skl_full", name: "Full", fileAttachments: [{ fileId: "fil_1", fileName: "a/b.md" }] }]));
    const reply = await call(emu, "GET", `/api/v1/w/${WS}/skills`);
    const [skill] = (reply.json() as { skills: Record<string, unknown>[] }).skills;
    expect(skill).toMatchObject({
      sId: "skl_full",
      name: "Full",
      status: "active",
      source: "web_app",
      sourceMetadata: null,
      fileAttachments: [{ fileId: "fil_1", fileName: "a/b.md" }],
      tools: [],
      availability: "workspace_users",
      createdAt: T0,
      updatedAt: T0,
      canWrite: true,
      requestedSpaceIds: [],
      reinforcement: "auto",
    });
    for (const field of ["agentFacingDescription", "userFacingDescription", "instructions", "instructionsHtml", "icon", "editedBy"]) {
      expect(skill).toHaveProperty(field);
    }
    // Server-side bookkeeping never leaks into the public object.
    expect(skill).not.toHaveProperty("editors");
    expect(skill).not.toHaveProperty("version");
  });

  it("serves an order that is not insertion order, but stable between calls", async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `S${String(i).padStart(2, "0")}`, instructions: "x\n" }));
    emu = await start(seed(many));
    const names = async (): Promise<string[]> =>
      ((await call(emu!, "GET", `/api/v1/w/${WS}/skills`)).json() as { skills: { name: string }[] }).skills.map((s) => s.name);
    const first = await names();
    expect(first).not.toEqual([...first].sort());
    expect(await names()).toEqual(first);
  });
});

describe("DELETE /skills/{sId}", () => {
  it("archives the skill: gone from the active list, present in the archived one", async () => {
    emu = await start(skills);
    emu.clock.now = T0 + 5_000;
    const reply = await call(emu, "DELETE", `/api/v1/w/${WS}/skills/skl_pub`);
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ success: true });
    expect(await listNames(emu, "")).toEqual(["Discoverable"]);
    expect(await listNames(emu, "status=archived")).toEqual(["Archived", "Published"]);
    expect(emu.store.getSkill(WS, "skl_pub")).toMatchObject({ status: "archived", updatedAt: T0 + 5_000 });
  });

  it("answers 404 skill_not_found for an unknown id", async () => {
    emu = await start(skills);
    const reply = await call(emu, "DELETE", `/api/v1/w/${WS}/skills/skl_nope`);
    expect(reply.status).toBe(404);
    expect(errorOf(reply)).toEqual({ type: "skill_not_found", message: "The skill you requested was not found." });
  });

  it("refuses a non-admin key: API keys are never skill editors", async () => {
    emu = await start(skills);
    const reply = await call(emu, "DELETE", `/api/v1/w/${WS}/skills/skl_pub`, { key: BUILDER });
    expect(reply.status).toBe(403);
    expect(errorOf(reply)).toEqual({ type: "app_auth_error", message: "Only admins and editors can archive this skill." });
    expect(emu.store.getSkill(WS, "skl_pub")?.status).toBe("active");
  });
});

describe("DELETE /skills/{sId}: checks in the server's order, and the archived namesake", () => {
  it("answers 404 before 403: an unknown id is not found for a builder key too", async () => {
    emu = await start(skills);
    const reply = await call(emu, "DELETE", `/api/v1/w/${WS}/skills/skl_nope`, { key: BUILDER });
    expect(reply.status).toBe(404);
    expect(errorOf(reply).type).toBe("skill_not_found");
  });

  it("renames an older archived skill of the same name to '<name> (archived on <date>, <sId>)'", async () => {
    const old = Date.parse("2025-03-04T15:06:07Z");
    emu = await start(
      seed([
        { sId: "skl_old", name: "Notes", status: "archived", instructions: "o\n", updatedAt: old },
        { sId: "skl_new", name: "Notes", instructions: "n\n" },
      ]),
    );
    emu.clock.now = T0 + 9_000;
    expect((await call(emu, "DELETE", `/api/v1/w/${WS}/skills/skl_new`)).status).toBe(200);
    expect(emu.store.getSkill(WS, "skl_new")).toMatchObject({ name: "Notes", status: "archived" });
    expect(emu.store.getSkill(WS, "skl_old")?.name).toBe("Notes (archived on March 4, 2025 at 3:06:07 PM, skl_old)");
    expect(await listNames(emu, "status=archived")).toEqual(["Notes", "Notes (archived on March 4, 2025 at 3:06:07 PM, skl_old)"]);
  });

  it("keeps a renamed name within 256 characters by shortening the old name, never the suffix", async () => {
    const long = "N".repeat(256);
    emu = await start(
      seed([
        { sId: "skl_old", name: long, status: "archived", instructions: "o\n", updatedAt: T0 },
        { sId: "skl_new", name: long, instructions: "n\n" },
      ]),
    );
    expect((await call(emu, "DELETE", `/api/v1/w/${WS}/skills/skl_new`)).status).toBe(200);
    const renamed = emu.store.getSkill(WS, "skl_old")?.name ?? "";
    expect(renamed).toHaveLength(256);
    expect(renamed).toMatch(/^N+ \(archived on June 15, 2025 at 12:00:00 PM, skl_old\)$/);
  });
});

describe("redacted skills (PR 31830): on a space the key cannot read", () => {
  const restricted = seed(
    [
      { sId: "skl_open", name: "Open", availability: "workspace_users", instructions: "o\n" },
      {
        sId: "skl_hidden",
        name: "Hidden",
        agentFacingDescription: "Finance only",
        availability: "workspace_users",
        instructions: "secret\n",
        instructionsHtml: "<p>secret</p>",
        requestedSpaceIds: ["vlt_finance"],
        tools: [{ sId: "msv_1" }],
        fileAttachments: [{ fileId: "fil_1", fileName: "a.md" }],
      },
    ],
    { restrictedSpaceIds: ["vlt_finance"] },
  );

  it("is hidden from a plain listing, for any key", async () => {
    emu = await start(restricted);
    expect(await listNames(emu, "", ADMIN)).toEqual(["Open"]);
    expect(await listNames(emu, "", BUILDER)).toEqual(["Open"]);
  });

  it("is listed redacted under an admin's bypassEditorVisibility: no instructions, tools or files, canRead false", async () => {
    emu = await start(restricted);
    const reply = await call(emu, "GET", `/api/v1/w/${WS}/skills?bypassEditorVisibility=true`);
    const list = (reply.json() as { skills: Record<string, unknown>[] }).skills;
    expect(list.find((s) => s["sId"] === "skl_hidden")).toMatchObject({
      name: "Hidden",
      agentFacingDescription: "Finance only",
      availability: "workspace_users",
      instructions: null,
      instructionsHtml: null,
      tools: [],
      fileAttachments: [],
      canRead: false,
    });
    expect(list.find((s) => s["sId"] === "skl_open")).toMatchObject({ instructions: "o\n", canRead: true });
  });
});
