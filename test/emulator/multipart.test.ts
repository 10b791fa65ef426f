import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN, multipart, skillMd, start, WS, zipOf } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

/** POST /skills with the body written `size(i)` bytes at a time, each write waiting for the socket. */
async function postInPieces(
  emu: TestEmulator,
  body: Buffer,
  contentType: string,
  size: (i: number) => number,
): Promise<{ status: number; text: string }> {
  const url = new URL(`${emu.url}/api/v1/w/${WS}/skills`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": contentType, "content-length": body.length },
      },
      (res) => {
        let out = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (out += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: out }));
      },
    );
    req.on("error", reject);
    let i = 0;
    const send = (at: number): void => {
      if (at >= body.length) return void req.end();
      const n = Math.max(1, size(i++));
      req.write(body.subarray(at, at + n), () => setImmediate(() => send(at + n)));
    };
    send(0);
  });
}

type Imported = { imported: { name: string; instructions: string; fileAttachments: { fileName: string }[] }[] };

describe("POST /skills multipart, read by formidable as Dust reads it", () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  const boundary = "XbOuNdArYx";
  // Instructions whose bytes look like a delimiter start (\r\n--) without being one; stored, so they reach the wire as is.
  const tricky = "Keep these lines:\r\n--XbOuNdAr\r\n-\r\n--\r\n--XbOuNdArY\n";

  it("parses a file whose bytes look like delimiters the same way whatever the chunking", async () => {
    emu = await start();
    const zip = await zipOf({ "s/SKILL.md": skillMd("Tricky", "About tricky", tricky) }, { store: true });
    expect(zip.includes(Buffer.from("\r\n--XbOuNdAr"))).toBe(true);
    for (const [label, size] of [
      ["1 byte", () => 1],
      ["7 bytes", () => 7],
      ["irregular", (i: number) => (i * 37) % 101],
    ] as const) {
      await emu.store.replace(emu.store.snapshot()); // same state, fresh write
      const { body, contentType } = multipart(
        [
          { name: "files", filename: 'weird "name".zip', data: zip },
          { name: "names", value: "Tricky" },
          { name: "onConflict", value: "override" },
        ],
        boundary,
      );
      const { status, text } = await postInPieces(emu, body, contentType, size);
      expect(status, `${label}: ${text}`).toBe(200);
      const skill = [...(JSON.parse(text) as Imported & { updated: Imported["imported"] }).imported, ...(JSON.parse(text) as { updated: Imported["imported"] }).updated][0];
      expect(skill?.instructions, label).toBe(tricky);
    }
  });

  it("answers formidable's message when the closing delimiter never came", async () => {
    emu = await start();
    const { body, contentType } = multipart(
      [{ name: "files", filename: "a.zip", data: await zipOf({ "s/SKILL.md": skillMd("Cut") }) }],
      boundary,
    );
    const { status, text } = await postInPieces(emu, body.subarray(0, body.length - 10), contentType, () => 5);
    expect(status, text).toBe(400);
    expect(JSON.parse(text)).toEqual({
      error: { type: "invalid_request_error", message: expect.stringMatching(/^File upload failed: .*ended unexpectedly/) as unknown },
    });
  });

  it("imports the same skill when the body arrives 13 bytes at a time", async () => {
    emu = await start();
    const { body, contentType } = multipart([
      { name: "files", filename: "a.zip", data: await zipOf({ "s/SKILL.md": skillMd("Chunked"), "s/ref.md": "r" }) },
      { name: "availability", value: "editors" },
    ]);
    const { status, text } = await postInPieces(emu, body, contentType, () => 13);
    expect(status, text).toBe(200);
    const imported = (JSON.parse(text) as Imported).imported;
    expect(imported.map((s) => [s.name, s.fileAttachments.map((a) => a.fileName)])).toEqual([["Chunked", ["ref.md"]]]);
  });
});
