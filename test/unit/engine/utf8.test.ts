/**
 * pack.ts's UTF-8 writer gives exactly TextEncoder's bytes: ASCII, Swedish letters,
 * three- and four-byte characters, and lone surrogates (U+FFFD, as TextEncoder writes them).
 */
import { describe, expect, it } from "vitest";
import { writeUtf8 } from "../../../etl/engine/io/pack.ts";
import { rng } from "./random-cases.ts";

const utf8 = new TextEncoder();

function written(text: string, at = 3): number[] {
  const b = Buffer.alloc(at + 3 * text.length + 1, 0xaa);
  const n = writeUtf8(text, b, at);
  expect(b.slice(0, at).every((x) => x === 0xaa), "bytes before `at` untouched").toBe(true);
  expect(b[at + n], "nothing written past the returned length").toBe(0xaa);
  return [...b.slice(at, at + n)];
}

describe("writeUtf8", () => {
  it.each([
    ["", "empty"],
    ["Avbokad 2026-03-04 15:10, efter kl. 12 dagen före: räknas som förbrukad (R3)", "a reason sentence"],
    ["Åsa Öberg, Älvsjö", "Swedish capitals"],
    ["12 €, 3 ≥ 2", "three-byte characters"],
    ["aktivitet 🎳 och 𝄞", "surrogate pairs"],
    ["\u0000\u007f\u0080\u07ff\u0800\uffff", "the boundaries of each length"],
    ["x\ud800y", "a lone high surrogate"],
    ["x\udc00y", "a lone low surrogate"],
    ["slut \ud83d", "a high surrogate at the end"],
    ["\udbff\udfff", "the last code point"],
  ])("writes %j (%s) as TextEncoder does", (text) => {
    expect(written(text)).toEqual([...utf8.encode(text)]);
  });

  it("agrees with TextEncoder on random texts of every kind of character", () => {
    const r = rng(17);
    for (let k = 0; k < 2000; k++) {
      const units = Array.from({ length: Math.floor(r() * 40) }, () => {
        const pick = r();
        if (pick < 0.5) return Math.floor(r() * 0x80);
        if (pick < 0.7) return 0x80 + Math.floor(r() * 0x780);
        if (pick < 0.85) return 0x800 + Math.floor(r() * 0xf800);
        return 0xd800 + Math.floor(r() * 0x800);
      });
      const text = String.fromCharCode(...units);
      expect(written(text, k % 5)).toEqual([...utf8.encode(text)]);
    }
  });
});
