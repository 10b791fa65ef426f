import { randomBytes } from "node:crypto";
import { constants as zlibConstants, crc32, deflateRawSync } from "node:zlib";
import JSZip from "jszip";
import { afterEach, describe, expect, it } from "vitest";
import { call, errorOf, importZips, multipart, rawZip, skillMd, start, WS, zipOf } from "./helpers.js";
import type { TestEmulator } from "./helpers.js";

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const MiB = 1024 * 1024;

/** A valid one-skill ZIP of exactly `size` bytes: random (incompressible) padding, then a comment to hit the byte. */
async function zipOfSize(name: string, size: number): Promise<Buffer> {
  const build = (pad: number, comment: string): Promise<Buffer> => {
    const zip = new JSZip();
    zip.file(`${name}/SKILL.md`, skillMd(name), { createFolders: false });
    zip.file(`${name}/pad.bin`, randomBytes(pad), { createFolders: false });
    return zip.generateAsync({ type: "nodebuffer", compression: "STORE", comment });
  };
  const probe = await build(size - 1000, "");
  const buf = await build(size - 1000, "c".repeat(size - probe.length));
  expect(buf.length).toBe(size);
  return buf;
}

async function expectRejected(reply: { status: number; text: string }, message: string): Promise<void> {
  expect(reply.status, reply.text).toBe(400);
  expect(JSON.parse(reply.text)).toEqual({ error: { type: "invalid_request_error", message } });
  // The whole request is refused: nothing was written.
  expect(emu?.store.getSkills(WS)).toEqual([]);
}

describe("POST /skills limits (whole request refused, nothing written)", () => {
  it("accepts files summing to exactly 5 MiB and refuses one byte more", async () => {
    emu = await start();
    const a = await zipOfSize("a", 3 * MiB);
    const exact = await zipOfSize("b", 5 * MiB - 3 * MiB);
    const ok = await importZips(emu, [a, exact]);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body().imported.map((s) => s["name"])).toEqual(["a", "b"]);

    await emu.close();
    emu = await start();
    const over = await zipOfSize("b", 5 * MiB - 3 * MiB + 1);
    const reply = await importZips(emu, [a, over]);
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toMatch(
      /^File upload failed: options\.maxTotalFileSize \(5242880 bytes\) exceeded, received \d+ bytes of file data$/,
    );
    expect(emu.store.getSkills(WS)).toEqual([]);
  });

  it("refuses an empty file", async () => {
    emu = await start();
    const reply = await importZips(emu, [await zipOf({ "a/SKILL.md": skillMd("A") }), Buffer.alloc(0)]);
    await expectRejected(reply, "File upload failed: options.allowEmptyFiles is false, file size should be greater than 0");
  });

  it("reads every file as a ZIP: a bare SKILL.md is refused", async () => {
    emu = await start();
    const reply = await importZips(emu, [await zipOf({ "a/SKILL.md": skillMd("A") }), Buffer.from(skillMd("Bare"))]);
    await expectRejected(reply, "Failed to open ZIP: ADM-ZIP: Invalid or unsupported zip format. No END header found");
  });

  it("allows 1,000 entries per ZIP and refuses 1,001", async () => {
    emu = await start();
    const files = (n: number): Record<string, string> => {
      const out: Record<string, string> = { "s/SKILL.md": skillMd("S") };
      for (let i = 1; i < n; i++) out[`s/r/${i}.md`] = "x";
      return out;
    };
    const ok = await importZips(emu, [await zipOf(files(1000))]);
    expect(ok.status, ok.text).toBe(200);
    expect((ok.body().imported[0]?.["fileAttachments"] as unknown[]).length).toBe(999);

    await emu.close();
    emu = await start();
    await expectRejected(await importZips(emu, [await zipOf(files(1001))]), "ZIP contains too many entries (1001). Maximum allowed is 1000.");
  });

  it("counts folder entries toward the 1,000", async () => {
    emu = await start();
    const files: Record<string, string> = { "s/SKILL.md": skillMd("S") };
    for (let i = 0; i < 500; i++) {
      files[`s/d${i}/`] = "";
      files[`s/d${i}/f.md`] = "x";
    }
    // 501 files, but 1,002 entries with the 501 folders ("s/" included).
    await expectRejected(await importZips(emu, [await zipOf(files)]), "ZIP contains too many entries (1002). Maximum allowed is 1000.");
  });

  it("refuses more than 10 MiB uncompressed per ZIP, from the declared sizes", async () => {
    emu = await start();
    const bomb = await zipOf({ "s/SKILL.md": skillMd("S"), "s/zeros.txt": Buffer.alloc(10 * MiB + 1) });
    expect(bomb.length).toBeLessThan(MiB);
    await expectRejected(await importZips(emu, [bomb]), "Total decompressed size too large (10 MB). Maximum allowed is 10 MB.");
  });

  it("answers 'No files uploaded.' when no part is named files", async () => {
    emu = await start();
    const { body, contentType } = multipart([
      { name: "file", filename: "a.zip", data: await zipOf({ "a/SKILL.md": skillMd("A") }) },
      { name: "onConflict", value: "skip" },
    ]);
    const reply = await call(emu, "POST", `/api/v1/w/${WS}/skills`, { body, headers: { "content-type": contentType } });
    await expectRejected(reply, "No files uploaded.");
  });

  it("explains a body that is not multipart", async () => {
    emu = await start();
    const noBoundary = await call(emu, "POST", `/api/v1/w/${WS}/skills`, { body: "x", headers: { "content-type": "multipart/form-data" } });
    await expectRejected(noBoundary, "File upload failed: bad content-type header, no multipart boundary");
    const truncated = multipart([{ name: "files", filename: "a.zip", data: Buffer.from("PK") }]).body.subarray(0, 60);
    const cut = await call(emu, "POST", `/api/v1/w/${WS}/skills`, {
      body: truncated,
      headers: { "content-type": multipart([]).contentType },
    });
    expect(cut.status).toBe(400);
    expect(errorOf(cut).message).toMatch(/^File upload failed: MultipartParser\.end\(\): stream ended unexpectedly/);
  });
});

describe("POST /skills decompression is bounded by real output, not by what headers claim", () => {
  it("refuses a 300 KB upload that inflates to 300 MB, and keeps serving", async () => {
    emu = await start();
    // 300 copies of one independent 1 MiB block of zeros (non-final blocks, byte aligned), then a final empty block.
    const block = deflateRawSync(Buffer.alloc(MiB), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const stream = Buffer.concat([...Array.from({ length: 300 }, () => block), deflateRawSync(Buffer.alloc(0))]);
    const md = Buffer.from(skillMd("Bomb"));
    const bomb = rawZip([
      { name: "s/SKILL.md", stored: md, method: 0, declaredSize: md.length, crc: crc32(md) },
      // The header says 12 bytes; the data inflates to 300 MiB.
      { name: "s/notes.txt", stored: stream, method: 8, declaredSize: 12 },
    ]);
    expect(bomb.length).toBeLessThan(400 * 1024);
    await expectRejected(await importZips(emu, [bomb]), "Total decompressed size too large (over 10 MB). Maximum allowed is 10 MB.");

    // The same process answers the next request normally.
    const ok = await importZips(emu, [await zipOf({ "a/SKILL.md": skillMd("After") })]);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body().imported.map((s) => s["name"])).toEqual(["After"]);
  });

  it("counts every entry against one 10 MiB budget, even when each declares little", async () => {
    emu = await start();
    const six = deflateRawSync(Buffer.alloc(6 * MiB));
    const md = Buffer.from(skillMd("Split"));
    const zip = rawZip([
      { name: "s/SKILL.md", stored: md, method: 0, declaredSize: md.length, crc: crc32(md) },
      { name: "s/a.txt", stored: six, method: 8, declaredSize: 1 },
      { name: "s/b.txt", stored: six, method: 8, declaredSize: 1 },
    ]);
    await expectRejected(await importZips(emu, [zip]), "Total decompressed size too large (over 10 MB). Maximum allowed is 10 MB.");
  });

  it("passes adm-zip's own refusal of a bad SKILL.md through with its ADM-ZIP prefix", async () => {
    emu = await start();
    const md = Buffer.from(skillMd("Bad CRC"));
    const zip = rawZip([{ name: "s/SKILL.md", stored: deflateRawSync(md), method: 8, declaredSize: md.length, crc: (crc32(md) ^ 1) >>> 0 }]);
    await expectRejected(await importZips(emu, [zip]), 'ADM-ZIP: CRC32 checksum failed "s/SKILL.md"');
  });
});
