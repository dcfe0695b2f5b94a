/**
 * Swedish number formatting for reason sentences. Hand-rolled rather than Intl, because
 * the engine writes hundreds of thousands of sentences and Intl's formatter is slow and
 * puts a no-break space (U+00A0) in thousands that some CSV readers mangle.
 */

/** 1.5 → "1,5"; 10 → "10"; 10.333… → "10,33" (at most two decimals). */
export function tal(n: number): string {
  const r = Math.round(n * 100) / 100;
  const [heltal, dec] = String(Math.abs(r)).split(".");
  const grupper = heltal.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${r < 0 ? "−" : ""}${grupper}${dec ? `,${dec}` : ""}`;
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
