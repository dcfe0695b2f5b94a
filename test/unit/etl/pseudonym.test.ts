import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REASONS } from "../../../etl/contract.ts";
import {
  KEY_ENV,
  arendeId,
  loadPseudonymKey,
  luhnValid,
  maskPersonnummer,
  parsePersonnummer,
  personId,
} from "../../../etl/pseudonym.ts";

const TODAY = new Date(2026, 5, 15);

/** The check digit that makes the nine digits ÅÅMMDDNNN a valid number. */
const check = (nine: string) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((k) => luhnValid(nine + k))!;

describe("parsePersonnummer", () => {
  it("accepts Skatteverket's example and derives birth year and kön", () => {
    expect(parsePersonnummer("19811218-9876", TODAY)).toEqual({
      ok: true, digits: "198112189876", fodelsear: 1981, kon: "M", samordningsnummer: false,
    });
  });

  it("accepts the forms without dash, with + and with two-digit year", () => {
    expect(parsePersonnummer("198112189876", TODAY)).toMatchObject({ ok: true, digits: "198112189876" });
    expect(parsePersonnummer("811218-9876", TODAY)).toMatchObject({ ok: true, digits: "198112189876" });
    // + : a hundred years or older
    expect(parsePersonnummer("811218+9876", TODAY)).toMatchObject({ ok: true, digits: "188112189876", fodelsear: 1881 });
    // A two-digit year that would lie in the future belongs to the previous century.
    expect(parsePersonnummer(`261231-000${check("261231000")}`, TODAY)).toMatchObject({ ok: true, fodelsear: 1926 });
    expect(parsePersonnummer(`260101-000${check("260101000")}`, TODAY)).toMatchObject({ ok: true, fodelsear: 2026 });
  });

  it("reads an even ninth digit as a woman", () => {
    const k = check("850312124"); // ninth digit 4
    expect(parsePersonnummer(`19850312-124${k}`, TODAY)).toMatchObject({ ok: true, kon: "K" });
    expect(parsePersonnummer(`19850312-125${check("850312125")}`, TODAY)).toMatchObject({ ok: true, kon: "M" });
  });

  it("accepts a samordningsnummer (day + 60) and keeps it as given", () => {
    // 1981-12-18 → day 78
    const k = check("811278987");
    const r = parsePersonnummer(`19811278-987${k}`, TODAY);
    expect(r).toMatchObject({ ok: true, digits: `19811278987${k}`, samordningsnummer: true, fodelsear: 1981 });
  });

  it("rejects a wrong check digit, an impossible date and a wrong form", () => {
    expect(parsePersonnummer("19811218-9877", TODAY)).toEqual({ ok: false, reason: REASONS.pnrCheckDigit });
    expect(parsePersonnummer("19810230-1234", TODAY)).toEqual({ ok: false, reason: REASONS.pnrDate });
    expect(parsePersonnummer("19811292-9876", TODAY)).toEqual({ ok: false, reason: REASONS.pnrDate });
    expect(parsePersonnummer("1981-12-18-9876", TODAY)).toEqual({ ok: false, reason: REASONS.pnrFormat });
    expect(parsePersonnummer("abc", TODAY)).toEqual({ ok: false, reason: REASONS.pnrFormat });
  });
});

describe("maskPersonnummer", () => {
  it("keeps the birth date and hides the last four digits", () => {
    expect(maskPersonnummer("19850312-1234")).toBe("19850312-****");
    expect(maskPersonnummer("198503121234")).toBe("19850312-****");
    expect(maskPersonnummer("850312-1234")).toBe("850312-****");
  });

  it("hides short values completely", () => {
    expect(maskPersonnummer("12345")).toBe("*****");
  });
});

describe("pseudonyms", () => {
  const key = Buffer.from("a-test-key-of-some-length");

  it("are 16 hex digits, stable per key and different between keys", () => {
    const id = personId(key, "198112189876");
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(personId(key, "198112189876")).toBe(id);
    expect(personId(Buffer.from("another-key-of-some-length"), "198112189876")).not.toBe(id);
    expect(personId(key, "198112189868")).not.toBe(id);
  });

  it("arende_id is the documented SHA-256 prefix", () => {
    expect(arendeId("Stockholm", "abc", "ledsagning")).toBe(arendeId("Stockholm", "abc", "ledsagning"));
    expect(arendeId("Stockholm", "abc", "ledsagning")).not.toBe(arendeId("Stockholm", "abc", "ledsagarservice"));
    expect(arendeId("a", "b", "c")).toBe("a52dd81bfd5e4e66");
  });
});

describe("loadPseudonymKey", () => {
  const saved = process.env[KEY_ENV];
  const dir = mkdtempSync(join(tmpdir(), "pseudo-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    if (saved === undefined) delete process.env[KEY_ENV];
    else process.env[KEY_ENV] = saved;
  });

  it("creates a random key file with mode 0600 on first use and reuses it", () => {
    delete process.env[KEY_ENV];
    const file = join(dir, "secrets", "pseudonym.key");
    const first = loadPseudonymKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(loadPseudonymKey(file).equals(first)).toBe(true);
  });

  it("prefers the environment variable and refuses a short key", () => {
    const file = join(dir, "env-case.key");
    process.env[KEY_ENV] = "from-the-environment-123";
    expect(loadPseudonymKey(file).toString()).toBe("from-the-environment-123");
    process.env[KEY_ENV] = "short";
    expect(() => loadPseudonymKey(file)).toThrow(/för kort/);
  });
});
