import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { importBody } from "../../src/dust/multipart.js";
import { readUploadForm } from "../../src/emulator/import/upload-form.js";

/** The body sent over HTTP, as Dust's own parser (formidable, through the emulator) reads it. */
async function parsed(parts: Buffer[], headers: Record<string, string>): Promise<Awaited<ReturnType<typeof readUploadForm>>> {
  let form: Promise<Awaited<ReturnType<typeof readUploadForm>>> | undefined;
  const server = createServer((req, res) => {
    form = readUploadForm(req);
    form.then(
      () => res.end("ok"),
      () => res.end("failed"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await request(`http://127.0.0.1:${port}/`, { method: "POST", headers, body: Readable.from(parts, { objectMode: false }) });
    await res.body.text();
    return await form!;
  } finally {
    server.close();
  }
}

describe("importBody", () => {
  const zip = Buffer.from("PK\x03\x04 not really a zip, but bytes all the same");

  it("keeps each ZIP as its own part (never copied) and announces the exact length", () => {
    const { parts, headers } = importBody({ files: [{ fileName: "skills-1.zip", data: zip }], names: ["a"] });
    expect(parts).toContain(zip);
    expect(Number(headers["content-length"])).toBe(parts.reduce((n, p) => n + p.length, 0));
    expect(headers["content-type"]).toMatch(/^multipart\/form-data; boundary=----dust-skills-[0-9a-f]{24}$/);
  });

  it("draws a new boundary for every body", () => {
    const a = importBody({ files: [{ fileName: "a.zip", data: zip }] }).headers["content-type"];
    const b = importBody({ files: [{ fileName: "a.zip", data: zip }] }).headers["content-type"];
    expect(a).not.toBe(b);
  });

  it("is read back field for field by Dust's parser, unicode and quotes in names included", async () => {
    const names = ['Quote "this"', "Émoji 🚀 skill", "semi;colon, comma"];
    const { parts, headers } = importBody({
      files: [{ fileName: "skills-1.zip", data: zip }, { fileName: 'odd "name"\r\n.zip', data: Buffer.from("second") }],
      names,
      onConflict: "override",
      availability: "workspace_users",
      editors: ["a@x.com"],
    });
    const form = await parsed(parts, headers);
    expect(form.fields.get("names")).toEqual(names);
    expect(form.fields.get("onConflict")).toEqual(["override"]);
    expect(form.fields.get("availability")).toEqual(["workspace_users"]);
    expect(form.fields.get("editors")).toEqual(["a@x.com"]);
    expect(form.files.map((f) => f.field)).toEqual(["files", "files"]);
    expect(form.files[0]?.data.equals(zip)).toBe(true);
    expect(form.files[1]?.data.toString()).toBe("second");
    // Escaped, the name cannot break out of its header; formidable turns %22 back into a quote.
    expect(form.files[1]?.filename).toBe('odd "name"%0D%0A.zip');
  });
});
