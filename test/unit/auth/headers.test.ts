import { describe, expect, it } from "vitest";
import { baseSecurityHeaders, contentSecurityPolicy, createNonce, securityHeaders } from "../../../app/auth/headers.server.ts";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("säkerhetshuvuden", () => {
  it("dokumentets CSP: bara egna skript och det nonce sidan får", () => {
    const nonce = createNonce();
    const csp = directives(securityHeaders(nonce)["Content-Security-Policy"]);
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("varje dokument får ett nytt nonce", () => {
    expect(createNonce()).not.toBe(createNonce());
    expect(createNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("ingen inramning, ingen sniffning, ingen referer utanför webbplatsen", () => {
    for (const h of [baseSecurityHeaders(), securityHeaders(createNonce())]) {
      expect(h["X-Frame-Options"]).toBe("DENY");
      expect(h["X-Content-Type-Options"]).toBe("nosniff");
      expect(h["Referrer-Policy"]).toBe("same-origin");
      expect(directives(h["Content-Security-Policy"]).get("frame-ancestors")).toEqual(["'none'"]);
    }
  });

  it("baspolicyn tillåter eller förbjuder inga skript (den kombineras med dokumentets)", () => {
    const base = directives(baseSecurityHeaders()["Content-Security-Policy"]);
    expect(base.has("script-src")).toBe(false);
    expect(base.has("default-src")).toBe(false);
  });

  it("HSTS bara över HTTPS; websocket bara i utvecklingsläge", () => {
    const nonce = createNonce();
    expect(securityHeaders(nonce)["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders(nonce, { https: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(contentSecurityPolicy(nonce)).not.toContain("ws:");
    expect(contentSecurityPolicy(nonce, { development: true })).toContain("ws://localhost:*");
  });

  it("ett nonce som kunde bryta sig ut ur policyn vägras", () => {
    expect(() => contentSecurityPolicy("abc'; script-src *")).toThrow();
  });
});
