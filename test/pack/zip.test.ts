import { randomBytes } from "node:crypto";
import * as zlib from "node:zlib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { buildZip, compressEntry, crc32, crc32Js, zipBytes } from "../../src/bundle/pack/zip.js";
import { readRawZip } from "./zip-headers.js";

const entry = (path: string, data: string | Buffer) => compressEntry({ path, data: Buffer.from(data) });

describe("zip writer", () => {
  it("computes CRC-32 like zlib, with or without zlib.crc32", () => {
    expect(crc32Js(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32Js(Buffer.alloc(0))).toBe(0);
    const data = randomBytes(10_000);
    const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    if (native) expect(crc32Js(data)).toBe(native(data));
    expect(crc32(data)).toBe(crc32Js(data));
  });

  it("knows the exact size of the ZIP before writing it", () => {
    const entries = [entry("a/b.md", "hello ".repeat(100)), entry("a/é.txt", randomBytes(300)), entry("a/empty.txt", "")];
    expect(buildZip(entries).length).toBe(zipBytes(entries));
    expect(buildZip([]).length).toBe(22);
  });

  it("stores what deflate cannot shrink and deflates the rest", () => {
    expect(entry("x.txt", "").method).toBe(0);
    expect(entry("x.bin", randomBytes(1000)).method).toBe(0);
    const text = entry("x.md", "abc ".repeat(500));
    expect(text.method).toBe(8);
    expect(text.body.length).toBeLessThan(100);
  });

  it("sorts entries by code units whatever the input order, and refuses duplicates", () => {
    const zip = buildZip([entry("b/Z.md", "1"), entry("b/a.md", "2"), entry("B/a.md", "3"), entry("b/a-b.md", "4"), entry("b/a/b.md", "5")]);
    expect(readRawZip(zip).entries.map((e) => e.name)).toEqual(["B/a.md", "b/Z.md", "b/a-b.md", "b/a.md", "b/a/b.md"]);
    expect(() => buildZip([entry("a.md", "1"), entry("a.md", "2")])).toThrow(/duplicate/);
  });

  it("is read back by jszip with the same names and bytes", async () => {
    const files = { "w/s/SKILL.md": Buffer.from("---\nname: s\n---\nbody\n"), "w/s/données.csv": randomBytes(2000), "w/s/e.txt": Buffer.alloc(0) };
    const zip = await JSZip.loadAsync(buildZip(Object.entries(files).map(([p, d]) => compressEntry({ path: p, data: d }))));
    expect(Object.keys(zip.files).sort()).toEqual(Object.keys(files).sort());
    for (const [path, data] of Object.entries(files)) expect(await zip.file(path)!.async("nodebuffer")).toEqual(data);
    expect(zip.file("w/s/SKILL.md")!.date.toISOString()).toBe("1980-01-01T00:00:00.000Z");
  });
});
