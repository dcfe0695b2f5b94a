/**
 * Small-count suppression (röjandekontroll) for aggregates shown to readers
 * without access to the cases behind them, and for the nämnd report.
 *
 * Rule (documented in docs/MEASURES.md):
 * 1. Primary: a count of persons/cases under the threshold (default 5), other
 *    than 0, is hidden, and so is every figure computed from the same
 *    selection of cases (rates, hours per person, amounts): they share a key.
 * 2. Secondary: where a row of cells adds up to a total that is shown, one
 *    hidden cell could be recovered as total − the others; so if exactly one
 *    cell in such a group is hidden, the smallest other non-zero cell is hidden
 *    too. A group whose total itself is hidden needs no secondary cell.
 * Zero is shown: "no one" reveals nothing about a person.
 */
export const DEFAULT_THRESHOLD = 5;

export type Suppressible = { value: number | null; hidden: boolean };

/** Hides a count under the threshold (but not zero). */
export function isSmall(count: number, threshold = DEFAULT_THRESHOLD): boolean {
  return count > 0 && count < threshold;
}

/**
 * Applies primary and secondary suppression to one additive group of counts
 * (cells that sum to a shown total). Returns which cells to hide, by index.
 */
export function suppressGroup(counts: number[], threshold = DEFAULT_THRESHOLD, totalShown = true): boolean[] {
  const hidden = counts.map((c) => isSmall(c, threshold));
  const nHidden = hidden.filter(Boolean).length;
  if (totalShown && nHidden === 1 && counts.length > 1) {
    let best = -1;
    for (let i = 0; i < counts.length; i++) {
      if (hidden[i] || counts[i] === 0) continue;
      if (best === -1 || counts[i] < counts[best]) best = i;
    }
    if (best !== -1) hidden[best] = true;
  }
  return hidden;
}

/** The text a hidden cell shows. */
export const HIDDEN_MARK = "–";
export const HIDDEN_FOOTNOTE = `– Uppgiften visas inte: färre än ${DEFAULT_THRESHOLD} personer, eller en summa som annars skulle röja en sådan uppgift.`;
