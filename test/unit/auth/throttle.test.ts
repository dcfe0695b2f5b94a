import { describe, expect, it } from "vitest";
import { lockMsAfter, THROTTLE_POLICY, throttleKeys } from "../../../app/auth/throttle.server.ts";

describe("spärrtid efter misslyckade inloggningar", () => {
  const p = THROTTLE_POLICY.username;
  it("ingen spärr under gränsen, sedan fördubblad för varje nytt misslyckande, med tak", () => {
    expect(lockMsAfter(p.failuresBeforeLock - 1, p)).toBe(0);
    const first = lockMsAfter(p.failuresBeforeLock, p);
    expect(first).toBeGreaterThan(0);
    expect(lockMsAfter(p.failuresBeforeLock + 1, p)).toBe(2 * first);
    expect(lockMsAfter(p.failuresBeforeLock + 2, p)).toBe(4 * first);
    expect(lockMsAfter(1000, p)).toBe(p.maxLockMs);
  });
  it("IP-adressen tål fler misslyckanden än ett användarnamn (delad adress på ett kontor)", () => {
    expect(THROTTLE_POLICY.ip.failuresBeforeLock).toBeGreaterThan(p.failuresBeforeLock);
  });
  it("nycklar: användarnamnet i gemener; okänd IP räknas inte", () => {
    expect(throttleKeys(" Anna ", null)).toEqual([{ scope: "username", key: "anna" }]);
    expect(throttleKeys("anna", "10.0.0.1")).toContainEqual({ scope: "ip", key: "10.0.0.1" });
  });
});
