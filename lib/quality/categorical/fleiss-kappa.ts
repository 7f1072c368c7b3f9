// Fleiss' kappa for a fixed number of ratings per unit, from a units × categories table of counts.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import { encodeRatings, MISSING, type Category, type ReliabilityData } from "./ratings";

/** observedAgreement = P̄ and expectedAgreement = P̄_e of Fleiss (1971). */
export type FleissKappaResult = Statistic & { observedAgreement: number | null; expectedAgreement: number | null; units: number; ratingsPerUnit: number };

export interface CategoryCounts {
  readonly categories: readonly Category[];
  /** `counts[unit][c]`: how many coders put the unit in `categories[c]`. */
  readonly counts: number[][];
}

/**
 * Fleiss' kappa, κ = (P̄ − P̄_e) / (1 − P̄_e), from `counts[unit][category]` = number of raters who put the unit in the
 * category, every unit rated n times (the raters may differ from unit to unit).
 *
 * Definition and source: Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological Bulletin
 * 76(5): with N units, p_j = Σ_i n_ij / (N n), P_i = (Σ_j n_ij² − n) / (n (n − 1)), P̄ = mean P_i, P̄_e = Σ_j p_j².
 *
 * Undefined (value null, with a reason): no units (empty input); fewer than two ratings per unit (one coder per unit);
 * every rating in one category, P̄_e = 1 and κ is 0/0.
 *
 * Throws on ragged rows, a negative or non-integer count, or units with different numbers of ratings (Fleiss' formula
 * assumes a constant n; Krippendorff's alpha handles varying numbers of ratings). O(units × categories).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissKappaResult {
  const units = counts.length;
  const categoryCount = counts[0]?.length ?? 0;
  const ratingsPerUnit = counts[0]?.reduce((sum, count) => sum + count, 0) ?? 0;
  const categoryTotals = new Float64Array(categoryCount);
  let agreementSum = 0;
  counts.forEach((row, unit) => {
    if (row.length !== categoryCount) throw new Error(`Ragged counts: unit ${unit} has ${row.length} categories but unit 0 has ${categoryCount}.`);
    let ratings = 0;
    let squares = 0;
    row.forEach((count, category) => {
      if (!Number.isInteger(count) || count < 0) throw new Error(`Count ${count} (unit ${unit}, category ${category}) is not a non-negative integer.`);
      ratings += count;
      squares += count * count;
      categoryTotals[category] = categoryTotals[category]! + count;
    });
    if (ratings !== ratingsPerUnit) throw new Error(`Fleiss' kappa needs the same number of ratings per unit: unit ${unit} has ${ratings}, unit 0 has ${ratingsPerUnit}.`);
    if (ratingsPerUnit >= 2) agreementSum += (squares - ratings) / (ratings * (ratings - 1));
  });
  const shape = { units, ratingsPerUnit };
  if (units === 0) return { ...undefinedBecause("no units"), observedAgreement: null, expectedAgreement: null, ...shape };
  if (ratingsPerUnit < 2) return { ...undefinedBecause("fewer than two ratings per unit, so no pair of ratings to compare"), observedAgreement: null, expectedAgreement: null, ...shape };
  const allRatings = units * ratingsPerUnit;
  let expectedAgreement = 0;
  for (const total of categoryTotals) expectedAgreement += (total / allRatings) * (total / allRatings);
  const observedAgreement = agreementSum / units;
  const agreements = { observedAgreement, expectedAgreement };
  // Decided on the integer totals: P̄_e can round to just below 1 when a single category holds every rating.
  if (categoryTotals.some((total) => total === allRatings)) {
    return { ...undefinedBecause("every rating is in one category, so chance agreement is 1 and kappa is 0/0"), ...agreements, ...shape };
  }
  return { ...defined((observedAgreement - expectedAgreement) / (1 - expectedAgreement)), ...agreements, ...shape };
}

/**
 * The units × categories counts that `fleissKappa` takes, from reliability data (one row per coder, one column per unit,
 * null = missing). Category order: `categories` when given, else numbers ascending or strings first-seen, coder by
 * coder. Throws on ragged rows or a rating not in `categories`. O(coders × units + units × categories).
 */
export function categoryCountsByUnit(data: ReliabilityData, categories?: readonly Category[]): CategoryCounts {
  const encoded = encodeRatings(data, categories);
  const { codes, coderCount, unitCount } = encoded;
  const counts = Array.from({ length: unitCount }, (_, unit) => {
    const row = new Array<number>(encoded.categories.length).fill(0);
    for (let coder = 0; coder < coderCount; coder++) {
      const code = codes[unit * coderCount + coder]!;
      if (code !== MISSING) row[code] = row[code]! + 1;
    }
    return row;
  });
  return { categories: encoded.categories, counts };
}
