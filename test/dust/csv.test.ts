import { describe, expect, it } from "vitest";
import { CsvError, CsvParser, csvRows } from "../../src/dust/csv.js";
import { unguardFormula } from "../../src/lib/formula-guard.js";

function parseAll(text: string): string[][] {
  const out: string[][] = [];
  const p = new CsvParser();
  p.push(text, out);
  p.end(out);
  return out;
}

/** Parses the same text cut at every position (and byte by byte), to catch state lost between chunks. */
function parseEverySplit(text: string): string[][] {
  const whole = parseAll(text);
  for (let cut = 0; cut <= text.length; cut++) {
    const out: string[][] = [];
    const p = new CsvParser();
    p.push(text.slice(0, cut), out);
    p.push(text.slice(cut), out);
    p.end(out);
    expect(out, `cut at ${cut}`).toEqual(whole);
  }
  const out: string[][] = [];
  const p = new CsvParser();
  for (const ch of text) p.push(ch, out);
  p.end(out);
  expect(out).toEqual(whole);
  return whole;
}

async function rows(chunks: (string | Uint8Array)[]): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  async function* gen(): AsyncGenerator<string | Uint8Array> {
    yield* chunks;
  }
  for await (const r of csvRows(gen())) out.push(r);
  return out;
}

describe("CsvParser", () => {
  it("reads plain records with \\n and \\r\\n line ends", () => {
    expect(parseEverySplit("a,b\n1,2\n")).toEqual([["a", "b"], ["1", "2"]]);
    expect(parseEverySplit("a,b\r\n1,2\r\n3,4")).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
  });

  it("reads quoted fields with commas, newlines and doubled quotes", () => {
    const text = 'id,text\n1,"a, b"\n2,"line1\nline2\r\nline3"\n3,"say ""hi"""\n4,""\n';
    expect(parseEverySplit(text)).toEqual([
      ["id", "text"],
      ["1", "a, b"],
      ["2", "line1\nline2\r\nline3"],
      ["3", 'say "hi"'],
      ["4", ""],
    ]);
  });

  it("keeps empty cells, including trailing ones", () => {
    expect(parseEverySplit("a,b,c\n,,\nx,,\n")).toEqual([["a", "b", "c"], ["", "", ""], ["x", "", ""]]);
  });

  it("skips blank lines but keeps a quoted empty record", () => {
    expect(parseEverySplit("a\n\nb\n\"\"\n")).toEqual([["a"], ["b"], [""]]);
  });

  it("keeps quotes inside an unquoted field literally", () => {
    expect(parseEverySplit('a,b\n5" pipe,x\n')).toEqual([["a", "b"], ['5" pipe', "x"]]);
  });

  it("refuses an unterminated quoted field", () => {
    expect(() => parseAll('a\n"never closed\n')).toThrow(CsvError);
  });
});

describe("csvRows", () => {
  it("yields objects keyed by the header, decoding UTF-8 split across chunks", async () => {
    const bytes = Buffer.from("name,note\nCafé,\"€ 1,5\"\n", "utf8");
    const euro = bytes.indexOf(0xe2);
    const chunks = [bytes.subarray(0, euro + 1), bytes.subarray(euro + 1, euro + 2), bytes.subarray(euro + 2)];
    expect(await rows(chunks)).toEqual([{ name: "Café", note: "€ 1,5" }]);
  });

  it("drops a BOM and yields nothing for a header-only export", async () => {
    expect(await rows([Buffer.from("\ufeffa,b\n", "utf8")])).toEqual([]);
    expect(await rows([Buffer.from("\ufeffa,b\n1,2\n", "utf8")])).toEqual([{ a: "1", b: "2" }]);
  });

  it("refuses a row whose cell count differs from the header", async () => {
    await expect(rows(["a,b\n1,2,3\n"])).rejects.toThrow(/record 2 has 3 cells but the header has 2/);
  });

  it("keeps formula-guarded cells raw", async () => {
    expect(await rows(["v\n'=SUM(A1)\n"])).toEqual([{ v: "'=SUM(A1)" }]);
  });
});

describe("unguardFormula", () => {
  it("removes the guard quote before = + - @ only", () => {
    expect(unguardFormula("'=SUM(A1)")).toBe("=SUM(A1)");
    expect(unguardFormula("'+1")).toBe("+1");
    expect(unguardFormula("'-x")).toBe("-x");
    expect(unguardFormula("'@me")).toBe("@me");
    expect(unguardFormula("'hello")).toBe("'hello");
    expect(unguardFormula("'")).toBe("'");
    expect(unguardFormula("=x")).toBe("=x");
    expect(unguardFormula("''=x")).toBe("''=x");
  });
});
