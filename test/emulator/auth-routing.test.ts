import { afterEach, describe, expect, it } from "vitest";
import { ADMIN, call, errorOf, OTHER, seed, start, USER, WS } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe("authentication, as the public API checks it", () => {
  it("answers each auth failure with its documented status, type and Dust error body", async () => {
    emu = await start();
    const path = `/api/v1/w/${WS}/skills`;
    const cases: [Parameters<typeof call>[3], number, string, string | RegExp][] = [
      [{ key: null }, 401, "not_authenticated", "The request does not have valid authentication credentials."],
      [{ authorization: "Basic abc" }, 401, "malformed_authorization_header_error", "Malformed Authorization header"],
      [{ authorization: "Bearer not-a-key" }, 401, "malformed_authorization_header_error", "Malformed Authorization header"],
      [{ key: "sk-unknown" }, 401, "invalid_api_key_error", "The API key provided is invalid or disabled."],
      [{ key: OTHER }, 401, "workspace_auth_error", "Only users of the workspace can access this content."],
    ];
    for (const [opts, status, type, message] of cases) {
      const reply = await call(emu, "GET", path, opts);
      expect(reply.status).toBe(status);
      expect(reply.json()).toEqual({ error: { type, message } });
    }
  });

  it("answers 404 workspace_not_found for an unknown workspace, even with a valid key", async () => {
    emu = await start();
    const reply = await call(emu, "GET", "/api/v1/w/w_nope/skills");
    expect(reply.status).toBe(404);
    expect(errorOf(reply)).toEqual({ type: "workspace_not_found", message: "The workspace was not found." });
  });

  it("acting as one region's host, answers 404 for a workspace of the other region", async () => {
    emu = await start(seed(), { region: "us" });
    expect((await call(emu, "GET", `/api/v1/w/${WS}/skills`)).status).toBe(200);
    const reply = await call(emu, "GET", "/api/v1/w/w_other/skills", { key: OTHER });
    expect(reply.status).toBe(404);
    expect(errorOf(reply).type).toBe("workspace_not_found");
  });
});

describe("routing", () => {
  it("answers 405 method_not_supported_error for a wrong method on a known route", async () => {
    emu = await start();
    const put = await call(emu, "PUT", `/api/v1/w/${WS}/skills`);
    expect(put.status).toBe(405);
    expect(errorOf(put)).toEqual({
      type: "method_not_supported_error",
      message: "The method passed is not supported, GET or POST is expected.",
    });
    const post = await call(emu, "POST", `/api/v1/w/${WS}/analytics/export`, { key: USER });
    expect(post.status).toBe(405);
    const get = await call(emu, "GET", `/api/v1/w/${WS}/skills/skl_x`);
    expect(errorOf(get).message).toBe("The method passed is not supported, DELETE is expected.");
  });

  it("answers 404 with a Dust error body for an unknown route", async () => {
    emu = await start();
    for (const path of ["/", "/api/v1/w/w_t/agents", "/api/v2/anything"]) {
      const reply = await call(emu, "GET", path, { key: ADMIN });
      expect(reply.status).toBe(404);
      expect(errorOf(reply).type).toBe("not_found");
    }
  });
});
