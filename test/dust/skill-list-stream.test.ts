import { describe, expect, it } from "vitest";
import { SkillListReader } from "../../src/dust/skill-list-stream.js";
import { ShapeError, parseJson } from "../../src/dust/shape.js";
import { readSkillList } from "../../src/dust/validate.js";

/** A small deterministic generator: the same seed, the same cases. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TRICKY = ['"', "\\", '\\"', "\\\\", "{", "}", "[", "]", ",", ":", "é", "日本", "😀", "\u2028", "\n", "\t", "'"];

function skill(rnd: () => number, i: number): Record<string, unknown> {
  const text = (): string => Array.from({ length: Math.floor(rnd() * 12) }, () => (rnd() < 0.4 ? TRICKY[Math.floor(rnd() * TRICKY.length)] : "word ")).join("");
  return {
    sId: `skl_${i}`,
    name: `skill ${text()} ${i}`,
    agentFacingDescription: text(),
    userFacingDescription: text(),
    instructions: rnd() < 0.1 ? null : text().repeat(1 + Math.floor(rnd() * 200)),
    status: "active",
    source: "api",
    sourceMetadata: rnd() < 0.5 ? { filePath: `dust-skills/v1/x/@a.b/${text()}/SKILL.md` } : null,
    fileAttachments: [{ fileId: `f${i}`, fileName: `${text()}.md` }],
    nested: { deep: [[{ a: "}" }], "]"] },
    availability: "workspace_users",
    updatedAt: 1_700_000_000_000 + i,
  };
}

/** The body in chunks cut at random places, each a Buffer as undici hands them over. */
function chunks(body: Buffer, rnd: () => number, maxChunk: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    const n = 1 + Math.floor(rnd() * maxChunk);
    out.push(Buffer.from(body.subarray(at, at + n)));
    at += n;
  }
  return out;
}

function readStreamedHow(parts: Buffer[]): { read: { skills?: unknown; error?: string }; fellBack: boolean } {
  const reader = new SkillListReader();
  for (const p of parts) reader.push(p);
  try {
    return { read: { skills: reader.finish() }, fellBack: reader.fellBack };
  } catch (err) {
    return { read: { error: `${err instanceof ShapeError ? "ShapeError" : "other"}: ${(err as Error).message}` }, fellBack: reader.fellBack };
  }
}

function readWhole(body: Buffer): { skills?: unknown; error?: string } {
  try {
    return { skills: readSkillList(parseJson(new TextDecoder().decode(body))) };
  } catch (err) {
    return { error: `${err instanceof ShapeError ? "ShapeError" : "other"}: ${(err as Error).message}` };
  }
}

describe("reading a skills listing skill by skill as it arrives", () => {
  it("gives exactly the one-piece read for 300 random listings cut into random chunks, compact or indented", () => {
    const rnd = random(42);
    for (let round = 0; round < 300; round++) {
      const skills = Array.from({ length: Math.floor(rnd() * 8) }, (_, i) => skill(rnd, i));
      const json = rnd() < 0.5 ? JSON.stringify({ skills }) : JSON.stringify({ skills }, null, rnd() < 0.5 ? 2 : "\t");
      const body = Buffer.from(rnd() < 0.3 ? `\n ${json} \r\n` : json);
      const streamed = readStreamedHow(chunks(body, rnd, rnd() < 0.3 ? 3 : 4000));
      expect(streamed.read, `round ${round}`).toEqual(readWhole(body));
      expect(streamed.read.error, `round ${round}`).toBeUndefined();
      // Read skill by skill, not by falling back to the one-piece read.
      expect(streamed.fellBack, `round ${round}`).toBe(false);
    }
  });

  it("falls back to the one-piece read, with its answer or its error, for anything but the exact listing shape", () => {
    const good = JSON.stringify(skill(random(1), 0));
    const bodies = [
      `{"skills":[${good}],"next":null}`,
      `{"next":null,"skills":[${good}]}`,
      `{"skills":[${good},]}`,
      `{"skills":[${good}}`,
      `{"skills":[${good}]`,
      `{"skills":[${good}]}}`,
      `{"skills":[${good}] } x`,
      `{"skills":[1,${good}]}`,
      `{"skills":[[${good}]]}`,
      `{"skills":{}}`,
      `{"skills":[{"sId":1,"name":"a","status":"active"}]}`,
      `{"skills":[${good},{"sId":"s","name":"b"}]}`,
      `{"skills":[{"sId":"s","name":"b","status":"active"},${good.slice(0, -2)}]}`,
      `{" skills":[${good}]}`,
      `{"skills" :\n[ ${good} ]\n}`,
      `\uFEFF{"skills":[${good}]}`,
      `[${good}]`,
      `{"skills":[]}`,
      `{"skills":[${good.replace('"status":"active"', '"status":"act\\u0069ve"')}]}`,
      "",
      "not json",
    ];
    // Only these are the exact shape, read skill by skill.
    const exact = new Set([`{"skills" :\n[ ${good} ]\n}`, `{"skills":[]}`, `{"skills":[${good.replace('"status":"active"', '"status":"act\\u0069ve"')}]}`]);
    for (const text of bodies) {
      const body = Buffer.from(text);
      for (const size of [1, 7, 100_000]) {
        const streamed = readStreamedHow(chunks(body, random(size), size));
        expect(streamed.read, `${text.slice(0, 60)} in chunks of ${size}`).toEqual(readWhole(body));
        expect(streamed.fellBack, `${text.slice(0, 60)} in chunks of ${size}`).toBe(!exact.has(text));
      }
    }
  });

  it("decodes a character cut between two chunks, and invalid UTF-8, as the one-piece read does", () => {
    const body = Buffer.concat([
      Buffer.from('{"skills":[{"sId":"s1","name":"日本 😀 '),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('","status":"active","instructions":"é"}]}'),
    ]);
    for (let size = 1; size <= 8; size++) {
      const streamed = readStreamedHow(chunks(body, random(size), size));
      expect(streamed.read).toEqual(readWhole(body));
      expect(streamed.fellBack).toBe(false);
    }
    expect((readWhole(body).skills as { name: string }[])[0]!.name).toContain("\uFFFD");
  });
});
