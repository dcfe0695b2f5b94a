import { afterEach, describe, expect, it } from "vitest";
import { clientIp, isSecureRequest, requestedPath, safeRedirectTo } from "../../../app/auth/request.server.ts";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("redirectTo efter inloggning", () => {
  it("släpper bara igenom sökvägar på den egna webbplatsen", () => {
    expect(safeRedirectTo("/arenden?stadsdel=Farsta")).toBe("/arenden?stadsdel=Farsta");
    for (const bad of ["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "", "arenden", "/a\nb", 42, null, undefined, "/logga-in?redirectTo=/x"]) {
      expect(safeRedirectTo(bad, "/")).toBe("/");
    }
    expect(safeRedirectTo("/" + "a".repeat(3000))).toBe("/");
  });

  it("sidans adress utan Remix interna parametrar", () => {
    expect(requestedPath(new Request("http://x/arenden?_routes=routes%2Farenden&kommun=Stockholm"))).toBe("/arenden?kommun=Stockholm");
    expect(requestedPath(new Request("http://x/kon"))).toBe("/kon");
  });
});

describe("HTTPS och klientadress", () => {
  it("Secure-cookie bakom en TLS-proxy, eller när det är påtvingat", () => {
    delete process.env.LEDSAGNING_SECURE_COOKIES;
    expect(isSecureRequest(new Request("http://x/"))).toBe(false);
    expect(isSecureRequest(new Request("https://x/"))).toBe(true);
    expect(isSecureRequest(new Request("http://x/", { headers: { "X-Forwarded-Proto": "https" } }))).toBe(true);
    process.env.LEDSAGNING_SECURE_COOKIES = "always";
    expect(isSecureRequest(new Request("http://x/"))).toBe(true);
    process.env.LEDSAGNING_SECURE_COOKIES = "never";
    expect(isSecureRequest(new Request("https://x/"))).toBe(false);
  });

  it("X-Forwarded-For tros bara med LEDSAGNING_TRUST_PROXY; startskriptets huvud alltid", () => {
    delete process.env.LEDSAGNING_TRUST_PROXY;
    const xff = new Request("http://x/", { headers: { "X-Forwarded-For": "203.0.113.9, 10.0.0.1" } });
    expect(clientIp(xff)).toBeNull();
    process.env.LEDSAGNING_TRUST_PROXY = "1";
    expect(clientIp(xff)).toBe("203.0.113.9");
    expect(clientIp(new Request("http://x/", { headers: { "X-Ledsagning-Client-Ip": "198.51.100.7" } }))).toBe("198.51.100.7");
  });

  it("en felaktig inställning ger ett tydligt fel", () => {
    process.env.LEDSAGNING_SECURE_COOKIES = "kanske";
    expect(() => isSecureRequest(new Request("http://x/"))).toThrow(/LEDSAGNING_SECURE_COOKIES/);
  });
});
