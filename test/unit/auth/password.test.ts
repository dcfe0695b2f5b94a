import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "../../../app/auth/password.server.ts";
import { FAST_SCRYPT } from "../../support/auth.ts";

describe("lösenord (scrypt)", () => {
  it("sparar parametrar, salt och hash, och verifierar rätt lösenord", async () => {
    const stored = await hashPassword("rätt-lösenord-1", FAST_SCRYPT);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("rätt-lösenord-1", stored)).toBe(true);
    expect(await verifyPassword("rätt-lösenord-2", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("saltar: samma lösenord ger olika hashar", async () => {
    const a = await hashPassword("samma-lösenord", FAST_SCRYPT);
    const b = await hashPassword("samma-lösenord", FAST_SCRYPT);
    expect(a).not.toBe(b);
    expect(await verifyPassword("samma-lösenord", b)).toBe(true);
  });

  it("standardparametrarna är OWASP:s (N=2^15, r=8, p=1)", async () => {
    const stored = await hashPassword("ett-längre-lösenord");
    expect(stored.split("$").slice(0, 4)).toEqual(["scrypt", "32768", "8", "1"]);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash(await hashPassword("ett-längre-lösenord", FAST_SCRYPT))).toBe(true);
  });

  it("normaliserar Unicode: é skrivet på två sätt är samma lösenord", async () => {
    const composed = "café-lösenord".normalize("NFC");
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed, FAST_SCRYPT))).toBe(true);
  });

  it("en trasig eller orimlig hash matchar aldrig (och kastar inte)", async () => {
    const good = await hashPassword("något-lösenord", FAST_SCRYPT);
    const parts = good.split("$");
    for (const bad of [
      "",
      "klartext",
      "bcrypt$1024$8$1$x$y",
      ["scrypt", "1000", ...parts.slice(2)].join("$"), // N not a power of two
      ["scrypt", String(2 ** 24), ...parts.slice(2)].join("$"), // absurd cost
      [...parts.slice(0, 5), "dG9vc2hvcnQ="].join("$"), // wrong key length
    ]) {
      expect(await verifyPassword("något-lösenord", bad)).toBe(false);
    }
  });

  it("vägrar för korta lösenord med ett svenskt meddelande", async () => {
    await expect(hashPassword("kort", FAST_SCRYPT)).rejects.toThrow(/minst 10 tecken/);
  });

  it("okänd användare: jämförelsen mot en attrapp ger alltid falskt", async () => {
    expect(await verifyAgainstDummy("ingen-anvandare-har-detta-losenord")).toBe(false);
  });
});
