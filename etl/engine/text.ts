/**
 * Swedish number formatting for reason sentences. Hand-rolled rather than Intl, because
 * the engine writes hundreds of thousands of sentences and Intl's formatter is slow and
 * puts a no-break space (U+00A0) in thousands that some CSV readers mangle.
 */

/** 1.5 → "1,5"; 10 → "10"; 1234.5 → "1 234,5"; 10.333… → "10,33" (at most two decimals). */
export function tal(n: number): string {
  const cents = Math.round(Math.abs(n) * 100);
  const heltal = Math.floor(cents / 100);
  const rest = cents - heltal * 100;
  let s = heltal < 1000 ? String(heltal) : grupper(heltal);
  if (rest !== 0) s += rest % 10 === 0 ? `,${rest / 10}` : `,${rest < 10 ? "0" : ""}${rest}`;
  return n < 0 && cents !== 0 ? `−${s}` : s;
}

function grupper(n: number): string {
  const t = String(n);
  let out = "";
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && (t.length - i) % 3 === 0) out += " ";
    out += t[i];
  }
  return out;
}

export const h = (n: number): string => `${tal(n)} h`;
export const kr = (n: number): string => `${tal(n)} kr`;

export const TIDSTYP_NAMN = {
  dag: "dag",
  kvall: "kväll",
  natt: "natt",
  helg: "helg",
  storhelg: "storhelg",
} as const;
