import { afterEach, describe, expect, it } from "vitest";
import type { SkillSeed } from "../../src/emulator/index.js";
import { ADMIN, BUILDER, errorOf, importZips, NOPUB, seed, skillMd, start, T0, USER, WS, zipOf } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const WEB: SkillSeed = { sId: "skl_web0000001", name: "Web", source: "web_app", instructions: "web\n", availability: "workspace_users" };
const API: SkillSeed = {
  sId: "skl_api0000001",
  name: "Api",
  source: "api",
  sourceMetadata: { filePath: "another-repo/api/SKILL.md" },
  icon: "KeepThisIcon",
  tools: [{ sId: "msv_1", name: "tool" }],
  availability: "users_and_agents",
  instructions: "old\n",
  createdAt: T0 - 1000,
  fileAttachments: [{ fileId: "fil_old", fileName: "old.md" }],
};
const ARCHIVED: SkillSeed = { sId: "skl_arch000001", name: "Gone", source: "api", status: "archived", instructions: "g\n" };

async function bundleZip(names: string[]): Promise<Buffer> {
  const files: Record<string, string> = {};
  for (const n of names) files[`skills/${n.toLowerCase()}-${Object.keys(files).length}/SKILL.md`] = skillMd(n);
  return zipOf(files);
}

describe("conflicts: exact, case-sensitive name among active skills", () => {
  it("onConflict=error (the default) refuses a same-name skill from another source, writing nothing", async () => {
    emu = await start(seed([WEB]));
    const reply = await importZips(emu, [await bundleZip(["Web", "Fresh"])]);
    expect(reply.status).toBe(400);
    expect(errorOf(reply)).toEqual({ type: "invalid_request_error", message: 'A different skill named "Web" already exists.' });
    expect(emu.store.getSkills(WS).map((s) => s.name)).toEqual(["Web"]);
  });

  it("onConflict=error reports every problem in one message, joined by spaces", async () => {
    emu = await start(seed([WEB]));
    const zip = await zipOf({ "a/SKILL.md": skillMd("Web"), "b/SKILL.md": skillMd("Dup"), "c/SKILL.md": skillMd("Dup") });
    const reply = await importZips(emu, [zip], { names: ["Web", "Dup", "Missing"] });
    expect(errorOf(reply).message).toBe(
      'Skill "Missing" not found in the archive. Duplicate skill "Dup" in the archive. A different skill named "Web" already exists.',
    );
    expect(emu.store.getSkills(WS)).toHaveLength(1);
  });

  it("onConflict=skip leaves the other-source skill alone and lists it in skipped", async () => {
    emu = await start(seed([WEB]));
    const reply = await importZips(emu, [await bundleZip(["Web", "Fresh"])], { onConflict: "skip" });
    expect(reply.status).toBe(200);
    const body = reply.body();
    expect(body.skipped).toEqual([{ name: "Web", message: 'A different skill named "Web" already exists.' }]);
    expect(body.imported.map((s) => s["name"])).toEqual(["Fresh"]);
    expect(emu.store.getSkill(WS, "skl_web0000001")).toMatchObject({ source: "web_app", instructions: "web\n" });
  });

  it("onConflict=override takes the skill over in place: same sId, source becomes api", async () => {
    emu = await start(seed([WEB]));
    emu.clock.now = T0 + 60_000;
    const reply = await importZips(emu, [await bundleZip(["Web"])], { onConflict: "override" }, ADMIN);
    const [updated] = reply.body().updated;
    expect(updated).toMatchObject({ sId: "skl_web0000001", source: "api", instructions: "Instructions for Web.\n", updatedAt: T0 + 60_000 });
    expect(reply.body().imported).toEqual([]);
  });

  it("always updates a same-name api skill, in every mode, whoever imported it", async () => {
    for (const onConflict of ["error", "skip", "override"]) {
      await emu?.close();
      emu = await start(seed([API]));
      emu.clock.now = T0 + 5_000;
      const zip = await zipOf({ "mine/api/SKILL.md": skillMd("Api", "New desc", "New body\n"), "mine/api/new.md": "n" });
      const reply = await importZips(emu, [zip], { onConflict }, ADMIN);
      expect(reply.status, onConflict).toBe(200);
      const [updated] = reply.body().updated;
      expect(updated).toMatchObject({
        sId: "skl_api0000001",
        agentFacingDescription: "New desc",
        instructions: "New body\n",
        sourceMetadata: { filePath: "api/SKILL.md" },
        // kept from the existing skill
        icon: "KeepThisIcon",
        tools: [{ sId: "msv_1", name: "tool" }],
        availability: "users_and_agents",
        createdAt: T0 - 1000,
        updatedAt: T0 + 5_000,
        fileAttachments: [{ fileId: expect.stringMatching(/^fil_/), fileName: "new.md" }],
      });
    }
  });

  it("never conflicts with an archived skill: the same name makes a new skill with a new sId", async () => {
    emu = await start(seed([ARCHIVED]));
    const reply = await importZips(emu, [await bundleZip(["Gone"])]);
    const [created] = reply.body().imported;
    expect(created?.["sId"]).not.toBe("skl_arch000001");
    expect(emu.store.getSkills(WS).map((s) => [s.name, s.status])).toEqual([
      ["Gone", "archived"],
      ["Gone", "active"],
    ]);
  });

  it("compares names case-sensitively", async () => {
    emu = await start(seed([WEB]));
    const reply = await importZips(emu, [await bundleZip(["web"])]);
    expect(reply.status).toBe(200);
    expect(reply.body().imported.map((s) => s["name"])).toEqual(["web"]);
  });

  it("with names, imports only those skills and reports names the archive lacks", async () => {
    emu = await start();
    const zip = await bundleZip(["One", "Two"]);
    const ok = await importZips(emu, [zip], { names: "Two" });
    expect(ok.body().imported.map((s) => s["name"])).toEqual(["Two"]);
    const missing = await importZips(emu, [zip], { names: ["One", "Nope"] });
    expect(errorOf(missing).message).toBe('Skill "Nope" not found in the archive.');
  });

  it("says 'No matching importable skills found.' when nothing remains, and only that", async () => {
    emu = await start();
    const none = await importZips(emu, [await zipOf({ "README.md": "no skill here" })]);
    expect(errorOf(none).message).toBe("No matching importable skills found.");
    const filtered = await importZips(emu, [await bundleZip(["One"])], { names: "Other", onConflict: "skip" });
    expect(errorOf(filtered).message).toBe("No matching importable skills found.");
    const errorMode = await importZips(emu, [await bundleZip(["One"])], { names: "Other" });
    expect(errorOf(errorMode).message).toBe("No matching importable skills found.");
  });

  it("in skip and override modes does not check duplicates: the second create fails with a 500 after the first was written", async () => {
    for (const onConflict of ["skip", "override"]) {
      await emu?.close();
      emu = await start();
      const zip = await zipOf({ "a/SKILL.md": skillMd("Alone"), "b/SKILL.md": skillMd("Twin"), "c/SKILL.md": skillMd("Twin") });
      const reply = await importZips(emu, [zip], { onConflict });
      expect(reply.status, onConflict).toBe(500);
      expect(errorOf(reply).type).toBe("internal_server_error");
      expect(emu.store.getSkills(WS).map((s) => s.name), onConflict).toEqual(["Alone", "Twin"]);
    }
  });

  it("fails with a 500 at write time on a name over 256 characters, keeping what was written before", async () => {
    for (const onConflict of ["error", "skip"]) {
      await emu?.close();
      emu = await start();
      const long = "L".repeat(257);
      const zip = await zipOf({ "a/SKILL.md": skillMd("First"), "b/SKILL.md": skillMd(long) });
      const reply = await importZips(emu, [zip], { onConflict });
      expect(reply.status, onConflict).toBe(500);
      expect(errorOf(reply).type).toBe("internal_server_error");
      expect(emu.store.getSkills(WS).map((s) => s.name), onConflict).toEqual(["First"]);
    }
    // 256 characters are fine.
    expect((await importZips(emu!, [await zipOf({ "x/SKILL.md": skillMd("M".repeat(256)) })])).status).toBe(200);
  });

  it("checks duplicates across all the files of one request", async () => {
    emu = await start();
    const reply = await importZips(emu, [await bundleZip(["Same"]), await bundleZip(["Same"])]);
    expect(errorOf(reply).message).toBe('Duplicate skill "Same" in the archive.');
  });

  it("rejects an unknown onConflict value", async () => {
    emu = await start();
    const reply = await importZips(emu, [await bundleZip(["A"])], { onConflict: "merge" });
    expect(errorOf(reply).message).toBe('Invalid onConflict value: "merge". Must be one of: error, skip, override.');
  });
});

describe("permissions and options", () => {
  it("refuses a user-role key: 'Creating skills is restricted.'", async () => {
    emu = await start();
    const reply = await importZips(emu, [await bundleZip(["A"])], {}, USER);
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toBe("Creating skills is restricted.");
  });

  it("sets availability on new and updated skills when sent, and keeps it when not", async () => {
    emu = await start(seed([API]));
    const reply = await importZips(emu, [await bundleZip(["Api", "New"])], { availability: "workspace_users" }, ADMIN);
    expect(reply.body().updated[0]?.["availability"]).toBe("workspace_users");
    expect(reply.body().imported[0]?.["availability"]).toBe("workspace_users");
    const again = await importZips(emu, [await bundleZip(["Api"])], {}, ADMIN);
    expect(again.body().updated[0]?.["availability"]).toBe("workspace_users");
  });

  it("needs the publish grant to change availability, not to keep the default", async () => {
    emu = await start(seed([API]));
    const publish = await importZips(emu, [await bundleZip(["New"])], { availability: "workspace_users" }, NOPUB);
    expect(errorOf(publish).message).toBe("You don't have permission to change skill availability.");
    const change = await importZips(emu, [await bundleZip(["Api"])], { availability: "editors" }, NOPUB);
    expect(errorOf(change).message).toBe("You don't have permission to change skill availability.");
    const unpublished = await importZips(emu, [await bundleZip(["New"])], { availability: "editors" }, NOPUB);
    expect(unpublished.status).toBe(200);
    const bad = await importZips(emu, [await bundleZip(["New"])], { availability: "public" }, BUILDER);
    expect(errorOf(bad).message).toBe('Invalid availability. Expected "editors", "workspace_users", or "users_and_agents".');
  });

  it("adds editors by e-mail (normalised) and refuses e-mails that are not members", async () => {
    emu = await start(seed([], { members: ["ana@example.com", "bo@example.com"] }));
    const ok = await importZips(emu, [await bundleZip(["A"])], { editors: [" Ana@Example.com ", "bo@example.com"] }, ADMIN);
    expect(ok.status).toBe(200);
    expect(emu.store.getSkills(WS)[0]?.editors).toEqual(["ana@example.com", "bo@example.com"]);
    const bad = await importZips(emu, [await bundleZip(["B"])], { editors: ["zed@example.com", "ana@example.com"] }, ADMIN);
    expect(errorOf(bad).message).toBe("Editors not found in workspace: zed@example.com");
  });

  it("PR 32947: a builder key may create, but not update or take over an existing skill, nor send editors", async () => {
    emu = await start(seed([API, WEB], { members: ["ana@example.com"] }));
    const created = await importZips(emu, [await bundleZip(["Fresh"])], {}, BUILDER);
    expect(created.status, created.text).toBe(200);

    // The update is refused as it is reached: "Early", before it in the archive, stays written.
    const update = await importZips(emu, [await bundleZip(["Early", "Api"])], {}, BUILDER);
    expect(update.status).toBe(403);
    expect(errorOf(update)).toEqual({ type: "workspace_auth_error", message: "Only admin users can perform this action." });
    expect(emu.store.getSkills(WS).map((s) => s.name).sort()).toEqual(["Api", "Early", "Fresh", "Web"]);
    expect(emu.store.getSkill(WS, "skl_api0000001")?.source).toBe("api");

    const takeover = await importZips(emu, [await bundleZip(["Web"])], { onConflict: "override" }, BUILDER);
    expect(takeover.status).toBe(403);
    expect(emu.store.getSkill(WS, "skl_web0000001")?.source).toBe("web_app");

    // Editors are refused before anything is written.
    const editors = await importZips(emu, [await bundleZip(["Other"])], { editors: "ana@example.com" }, BUILDER);
    expect(editors.status).toBe(403);
    expect(emu.store.getSkills(WS).map((s) => s.name)).not.toContain("Other");

    const admin = await importZips(emu, [await bundleZip(["Api", "Web"])], { onConflict: "override", editors: "ana@example.com" }, ADMIN);
    expect(admin.status, admin.text).toBe(200);
    expect(admin.body().updated.map((s) => s["name"]).sort()).toEqual(["Api", "Web"]);
  });
});
