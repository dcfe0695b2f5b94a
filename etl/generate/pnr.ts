/**
 * Personnummer `ÅÅÅÅMMDD-NNNK`: K is the Luhn (mod 10) digit over the ten digits from ÅÅ;
 * the ninth digit (last of NNN) is odd for men and even for women.
 */
import type { Kon } from "../contract.ts";
import { isoDay, type Day } from "./calendar.ts";
import type { Rng } from "./rng.ts";

/** Luhn check digit over digits (weights 2,1,2,1,… from the left, as in personnummer). */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = (digits.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatPnr(birth: Day, serial: number): string {
  const date = isoDay(birth).replaceAll("-", "");
  const nnn = String(serial).padStart(3, "0");
  return `${date}-${nnn}${luhnDigit(date.slice(2) + nnn)}`;
}

export function isValidPnr(pnr: string): boolean {
  const m = /^(\d{8})[-+](\d{4})$/.exec(pnr);
  if (!m) return false;
  const ten = m[1].slice(2) + m[2];
  return luhnDigit(ten.slice(0, 9)) === +ten[9];
}

export function konOfPnr(pnr: string): Kon {
  return +pnr[11] % 2 === 1 ? "M" : "K";
}

/**
 * Draws personnummer and remembers them, so that two persons never share one
 * (a birth date has only 500 numbers per kön, so clashes do happen at national scale).
 */
export class PnrRegistry {
  private readonly used = new Set<string>();

  draw(rng: Rng, birth: Day, kon: Kon): string {
    for (let tries = 0; tries < 5000; tries++) {
      const first = rng.int(0, 99);
      const last = rng.int(0, 4) * 2 + (kon === "M" ? 1 : 0);
      const pnr = formatPnr(birth, first * 10 + last);
      if (!this.used.has(pnr)) {
        this.used.add(pnr);
        return pnr;
      }
    }
    throw new Error(`Inga lediga personnummer för födelsedagen ${isoDay(birth)}`);
  }
}
