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
      [{ authorization: "Basic abc" }, 401, "malformed_authorization_header_error", "Missing Authorization header"],
      [{ authorization: "Bearer" }, 401, "malformed_authorization_header_error", "Missing Authorization header"],
      [{ authorization: "Bearer sk-a b" }, 401, "malformed_authorization_header_error", "Missing Authorization header"],
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

  it("matches Bearer in any case, with any spaces before the key", async () => {
    emu = await start();
    for (const authorization of [`bearer ${ADMIN}`, `BEARER   ${ADMIN}`, `Bearer\t${ADMIN}`]) {
      expect((await call(emu, "GET", `/api/v1/w/${WS}/skills`, { authorization })).status, authorization).toBe(200);
    }
  });

  it("answers 404 workspace_not_found for an unknown workspace, even with a valid key", async () => {
    emu = await start();
    const reply = await call(emu, "GET", "/api/v1/w/w_nope/skills");
    expect(reply.status).toBe(404);
    expect(errorOf(reply)).toEqual({ type: "workspace_not_found", message: "The workspace was not found." });
  });

  it("acting as one region's host, checks the key first: the other region's key is invalid here", async () => {
    emu = await start(seed(), { region: "us" });
    expect((await call(emu, "GET", `/api/v1/w/${WS}/skills`)).status).toBe(200);
    const wrongRegion = await call(emu, "GET", "/api/v1/w/w_other/skills", { key: OTHER });
    expect(wrongRegion.status).toBe(401);
    expect(errorOf(wrongRegion)).toEqual({ type: "invalid_api_key_error", message: "The API key provided is invalid or disabled." });
    // A key this host knows, with the other region's workspace id: that workspace is unknown here.
    const otherWorkspace = await call(emu, "GET", "/api/v1/w/w_other/skills", { key: ADMIN });
    expect(otherWorkspace.status).toBe(404);
    expect(errorOf(otherWorkspace).type).toBe("workspace_not_found");
  });
});

describe("routing", () => {
  it("answers 405 method_not_supported_error for a wrong method on the analytics export only", async () => {
    emu = await start();
    const post = await call(emu, "POST", `/api/v1/w/${WS}/analytics/export`, { key: USER });
    expect(post.status).toBe(405);
    expect(errorOf(post)).toEqual({
      type: "method_not_supported_error",
      message: "The method passed is not supported, GET is expected.",
    });
  });

  it("answers a plain-text 404 Not Found for a method or path with no route", async () => {
    emu = await start();
    const cases: [Parameters<typeof call>[1], string][] = [
      ["PUT", `/api/v1/w/${WS}/skills`],
      ["GET", `/api/v1/w/${WS}/skills/skl_x`],
      ["PATCH", `/api/v1/w/${WS}/skills/skl_x`],
      ["GET", `/api/v1/w/${WS}/agents`],
      ["GET", "/"],
      ["GET", "/api/v2/anything"],
    ];
    for (const [method, path] of cases) {
      const reply = await call(emu, method, path, { key: ADMIN });
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.text).toBe("404 Not Found");
      expect(String(reply.headers["content-type"])).toMatch(/^text\/plain/);
    }
  });

  it("authenticates before routing inside a workspace", async () => {
    emu = await start();
    const reply = await call(emu, "PUT", `/api/v1/w/${WS}/skills`, { key: "sk-unknown" });
    expect(reply.status).toBe(401);
    expect(errorOf(reply).type).toBe("invalid_api_key_error");
  });
});
