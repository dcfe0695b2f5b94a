import { describe, expect, it } from "vitest";
import { CsvTokenizer, tokenize, type CsvRecord } from "../../../etl/load/tokenizer.ts";

/** Feeds `text` in chunks of `size` characters: records must not depend on chunking. */
function chunked(text: string, sep: string, size: number): CsvRecord[] {
  const out: CsvRecord[] = [];
  const t = new CsvTokenizer(sep, (r) => out.push(r));
  for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size));
  t.end();
  return out;
}

describe("CsvTokenizer", () => {
  it("splits fields and records and counts lines from 1", () => {
    expect(tokenize("a;b\n1;2\n", ";")).toEqual([
      { line: 1, fields: ["a", "b"], malformed: undefined },
      { line: 2, fields: ["1", "2"], malformed: undefined },
    ]);
  });

  it("handles quoted separators, doubled quotes and line breaks inside quotes", () => {
    const text = 'h1,h2\r\n"a,b","say ""hi"""\r\n"two\r\nlines",x\r\nlast,row';
    const records = tokenize(text, ",");
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ["h1", "h2"]],
      [2, ["a,b", 'say "hi"']],
      [3, ["two\r\nlines", "x"]],
      [5, ["last", "row"]],
    ]);
  });

  it("skips empty lines but counts them", () => {
    expect(tokenize("a\n\n\nb\r\n\r\nc", ";").map((r) => [r.line, r.fields])).toEqual([
      [1, ["a"]],
      [4, ["b"]],
      [6, ["c"]],
    ]);
  });

  it("treats a lone CR as a line break", () => {
    expect(tokenize("a;b\rc;d", ";").map((r) => r.line)).toEqual([1, 2]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(tokenize(";x;\n", ";")[0].fields).toEqual(["", "x", ""]);
  });

  it("gives the same records whatever the chunk size", () => {
    const text = 'a;b\r\n"q;""x""\r\ny";2\r\n3;4\r\n\r\n5;"6"\r\n';
    const whole = tokenize(text, ";");
    for (const size of [1, 2, 3, 5, 7]) expect(chunked(text, ";", size)).toEqual(whole);
  });

  it("marks an unterminated quote and text after a closing quote", () => {
    expect(tokenize('a;b\n1;"open\n2;3\n', ";")[1]).toEqual({ line: 2, fields: ["1", "open\n2;3\n"], malformed: "unterminatedQuote" });
    expect(tokenize('a;b\n"x"y;2\n', ";")[1]).toMatchObject({ line: 2, fields: ["xy", "2"], malformed: "strayQuote" });
  });

  it("keeps a quote inside an unquoted field as text", () => {
    expect(tokenize('12" skärm;x\n', ";")[0].fields).toEqual(['12" skärm', "x"]);
  });
});
