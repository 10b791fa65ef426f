import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { MultipartParser } from "../../src/emulator/multipart.js";
import { BUILDER, multipart, skillMd, start, WS, zipOf } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

interface Collected {
  name: string;
  filename: string | undefined;
  data: Buffer;
}

function parseInChunks(body: Buffer, boundary: string, sizes: (i: number) => number): Collected[] {
  const parts: Collected[] = [];
  let chunks: Buffer[] = [];
  let head: Omit<Collected, "data"> | undefined;
  const parser = new MultipartParser(boundary, {
    onPartBegin: (h) => {
      head = { name: h.name, filename: h.filename };
      chunks = [];
    },
    onPartData: (c) => void chunks.push(Buffer.from(c)),
    onPartEnd: () => {
      if (head) parts.push({ ...head, data: Buffer.concat(chunks) });
    },
  });
  let i = 0;
  for (let at = 0; at < body.length; i++) {
    const n = Math.max(1, sizes(i));
    parser.write(body.subarray(at, at + n));
    at += n;
  }
  parser.end();
  return parts;
}

describe("MultipartParser", () => {
  const boundary = "XbOuNdArYx";
  // File bytes that look like a delimiter start (\r\n--) but are not one, plus every byte value.
  const tricky = Buffer.concat([
    Buffer.from("\r\n--XbOuNdAr\r\n-\r\n--"),
    Buffer.from(Array.from({ length: 256 }, (_, b) => b)),
    Buffer.from("\r\n--XbOuNdArY"),
  ]);
  const { body } = multipart(
    [
      { name: "files", filename: "weird \"name\".zip", data: tricky },
      { name: "names", value: "Ünïcode skill" },
      { name: "files", filename: "empty.zip", data: Buffer.alloc(0) },
    ],
    boundary,
  );

  it("parses the same parts whatever the chunking: one byte at a time, 7 bytes, or all at once", () => {
    const expected = [
      { name: "files", filename: 'weird "name".zip', data: tricky },
      { name: "names", filename: undefined, data: Buffer.from("Ünïcode skill") },
      { name: "files", filename: "empty.zip", data: Buffer.alloc(0) },
    ];
    expect(parseInChunks(body, boundary, () => 1)).toEqual(expected);
    expect(parseInChunks(body, boundary, () => 7)).toEqual(expected);
    expect(parseInChunks(body, boundary, (i) => (i * 37) % 101)).toEqual(expected);
    expect(parseInChunks(body, boundary, () => body.length)).toEqual(expected);
  });

  it("fails at the end when the closing delimiter never came", () => {
    expect(() => parseInChunks(body.subarray(0, body.length - 10), boundary, () => 5)).toThrow(/stream ended unexpectedly/);
  });
});

describe("POST /skills over a socket that delivers the body in small pieces", () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("imports the same skill when the body arrives 13 bytes at a time", async () => {
    emu = await start();
    const { body, contentType } = multipart([
      { name: "files", filename: "a.zip", data: await zipOf({ "s/SKILL.md": skillMd("Chunked"), "s/ref.md": "r" }) },
      { name: "availability", value: "editors" },
    ]);
    const url = new URL(`${emu.url}/api/v1/w/${WS}/skills`);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${BUILDER}`, "content-type": contentType, "content-length": body.length } },
        (res) => {
          let out = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (out += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: out }));
        },
      );
      req.on("error", reject);
      const send = (at: number): void => {
        if (at >= body.length) return void req.end();
        req.write(body.subarray(at, at + 13), () => setImmediate(() => send(at + 13)));
      };
      send(0);
    });
    expect(status, text).toBe(200);
    const imported = (JSON.parse(text) as { imported: { name: string; fileAttachments: { fileName: string }[] }[] }).imported;
    expect(imported.map((s) => [s.name, s.fileAttachments.map((a) => a.fileName)])).toEqual([["Chunked", ["ref.md"]]]);
  });
});
