// Cohen's kappa for two raters, unweighted (Cohen 1960) and weighted (Cohen 1968), in the disagreement-weight form
// κ = 1 − Σ w_ij o_ij / Σ w_ij e_ij that scikit-learn's cohen_kappa_score uses.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import { crossTabulate, unitsRatedByBoth } from "./confusion";
import { encodeRatings, type CategoryOptions, type Rating } from "./ratings";

export type KappaWeighting = "unweighted" | "linear" | "quadratic";
export interface KappaOptions extends CategoryOptions {
  /** Default "unweighted". Weights use POSITIONS in the category order (strings first-seen: first rater, then second). */
  weights?: KappaWeighting;
}
/**
 * Kappa with its weighted disagreements as proportions of the units compared, so that κ = 1 − observed / expected.
 * Unweighted: observedDisagreement = 1 − p_o and expectedDisagreement = 1 − p_e.
 */
export type KappaResult = Statistic & { observedDisagreement: number | null; expectedDisagreement: number | null; unitsCompared: number };

const WEIGHTINGS: readonly KappaWeighting[] = ["unweighted", "linear", "quadratic"];

/**
 * Cohen's kappa between two raters over the units both rated: `first[u]` and `second[u]` rate unit u, null = not rated.
 *
 * Definition: κ = 1 − Σ w_ij o_ij / Σ w_ij e_ij with o the proportions of the confusion table (rows = first rater) and
 * e_ij = r_i c_j its chance proportions from the two raters' marginals. Disagreement weights by category POSITION i, j
 * among K categories: unweighted 0 on the diagonal and 1 elsewhere (Cohen 1960, "A coefficient of agreement for nominal
 * scales"); linear |i − j| / (K − 1) and quadratic (i − j)² / (K − 1)² (Cohen 1968, "Weighted kappa"). This is
 * scikit-learn's cohen_kappa_score (`labels=` giving the order) and R irr's kappa2 ("equal" / "squared" weights), which
 * also weight by position, not by the numeric values.
 *
 * Undefined (value null, with a reason): empty input or no unit rated by both (both disagreements null); both raters
 * used one and the same category for every unit, so chance agreement is certain and κ is 0/0.
 *
 * Throws when the arrays differ in length, a rating is not in `options.categories`, or the weighting is unknown.
 * O(units + categories²).
 */
export function cohenKappa(first: readonly Rating[], second: readonly Rating[], options: KappaOptions = {}): KappaResult {
  const weights = checkWeighting(options.weights);
  const encoded = encodeRatings([first, second], options.categories);
  return kappaFromCrossTable(crossTabulate(encoded, 0, 1, unitsRatedByBoth(encoded, 0, 1)), encoded.categories.length, weights);
}

/**
 * Cohen's kappa from a square confusion table of counts, `counts[i][j]` = units the first rater put in category i and the
 * second in category j, categories in their weighting order. Same definition and undefined cases as `cohenKappa`.
 * Throws when the table is not square or holds a negative or non-finite count. O(categories²).
 */
export function cohenKappaFromConfusion(counts: readonly (readonly number[])[], weights: KappaWeighting = "unweighted"): KappaResult {
  const size = counts.length;
  const table = new Float64Array(size * size);
  counts.forEach((row, i) => {
    if (row.length !== size) throw new Error(`Confusion table is not square: row ${i} has ${row.length} cells, expected ${size}.`);
    row.forEach((count, j) => {
      if (!Number.isFinite(count) || count < 0) throw new Error(`Confusion table cell [${i}][${j}] is ${count}; counts are finite and non-negative.`);
      table[i * size + j] = count;
    });
  });
  return kappaFromCrossTable(table, size, checkWeighting(weights));
}

export function checkWeighting(weights: KappaWeighting | undefined): KappaWeighting {
  if (weights === undefined) return "unweighted";
  if (!WEIGHTINGS.includes(weights)) throw new Error(`Unknown kappa weighting "${String(weights)}"; expected one of ${WEIGHTINGS.join(", ")}.`);
  return weights;
}

/** Kappa from a row-major categories × categories table of counts (rows = first rater). O(categories²). */
export function kappaFromCrossTable(table: Float64Array, categoryCount: number, weights: KappaWeighting): KappaResult {
  const rowTotals = new Float64Array(categoryCount);
  const columnTotals = new Float64Array(categoryCount);
  let total = 0;
  for (let i = 0; i < categoryCount; i++) {
    for (let j = 0; j < categoryCount; j++) {
      const count = table[i * categoryCount + j]!;
      rowTotals[i] = rowTotals[i]! + count;
      columnTotals[j] = columnTotals[j]! + count;
      total += count;
    }
  }
  if (total === 0) return { ...undefinedBecause("no unit was rated by both raters"), observedDisagreement: null, expectedDisagreement: null, unitsCompared: 0 };
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < categoryCount; i++) {
    for (let j = 0; j < categoryCount; j++) {
      if (i === j) continue;
      const weight = disagreementWeight(weights, i, j, categoryCount);
      observed += weight * table[i * categoryCount + j]!;
      expected += weight * rowTotals[i]! * columnTotals[j]!;
    }
  }
  const counts = { observedDisagreement: observed / total, expectedDisagreement: expected / (total * total), unitsCompared: total };
  if (expected === 0) return { ...undefinedBecause("both raters used one and the same category for every unit, so chance agreement is certain and kappa is 0/0"), ...counts };
  return { ...defined(1 - counts.observedDisagreement / counts.expectedDisagreement), ...counts };
}

function disagreementWeight(weights: KappaWeighting, i: number, j: number, categoryCount: number): number {
  if (weights === "unweighted") return 1;
  const distance = Math.abs(i - j) / (categoryCount - 1);
  return weights === "linear" ? distance : distance * distance;
}
