// Krippendorff's alpha through the coincidence matrix, following Krippendorff (2011), "Computing Krippendorff's
// Alpha-Reliability", https://repository.upenn.edu/asc_papers/43. The matrix has one row and column per category,
// so after one pass over the units everything else costs O(categories²), whatever the number of units.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import { describeCategory, encodeRatings, ratedUnits, type Category, type EncodedRatings, type RatedUnits, type ReliabilityData } from "./ratings";

export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";
export interface AlphaOptions {
  level: MeasurementLevel;
  categories?: readonly (string | number)[];
}
export type AlphaResult = Statistic & { observedDisagreement: number | null; expectedDisagreement: number | null; pairableValues: number };

/** The coincidence matrix of some units, with the marginals it implies. */
export interface Coincidences {
  readonly categoryCount: number;
  /** `matrix[c * categoryCount + k]` = o_ck. */
  readonly matrix: Float64Array;
  /** n_c: pairable values of each category, counted exactly rather than summed from fractional o_ck. */
  readonly marginals: Float64Array;
  /** n: all pairable values. */
  readonly total: number;
}

/** Reliability data checked against a measurement level and reduced to the units that yield pairs. */
export interface AlphaInput {
  readonly level: MeasurementLevel;
  readonly encoded: EncodedRatings;
  readonly units: RatedUnits;
}

const LEVELS: readonly MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];

/**
 * Krippendorff's alpha, α = 1 − D_o / D_e, for any number of coders, with missing ratings.
 * data: one row per coder, one column per unit; null = missing.
 *
 * Definition and source: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E (the general
 * coincidence-matrix form). Only units with at least two ratings count; each such unit u with m_u values adds
 * 1 / (m_u − 1) to o_ck for every ordered pair of its values (c, k) from different coders. With n_c the row sums and
 * n = Σ n_c: D_o = Σ o_ck δ²_ck / n and D_e = Σ n_c n_k δ²_ck / (n (n − 1)). Squared differences δ²_ck per level:
 * nominal 1 when c ≠ k; ordinal (Σ_{g=c..k} n_g − (n_c + n_k) / 2)² over the category order; interval (c − k)²;
 * ratio ((c − k) / (c + k))², taken as 0 when c = k = 0.
 *
 * Category order (ordinal only; other levels ignore order): `options.categories` when given, else numbers ascending.
 * String ratings at the ordinal level need `options.categories`. Interval and ratio need numeric ratings, ratio non-negative ones.
 *
 * Undefined (value null, with a reason): empty data, or no unit rated by two coders (one coder per unit): no pairable
 * values, both disagreements null; all pairable values in one category (or equal numbers): D_e = 0, alpha is 0/0.
 *
 * Throws on ragged rows, an unknown level, a rating not in `options.categories`, or ratings the level cannot measure.
 * O(units × coders² + categories²) time, O(units × coders + categories²) memory.
 */
export function krippendorffAlpha(data: readonly (readonly (string | number | null)[])[], options: AlphaOptions): AlphaResult {
  const input = prepareAlpha(data, options);
  return alphaFromCoincidences(coincidences(input.units, input.encoded.categories.length), input.level, input.encoded.categories);
}

/** Validates data and options for alpha and keeps the units that yield pairs. Shared by the point estimate, per-class alpha and the bootstrap. */
export function prepareAlpha(data: ReliabilityData, options: AlphaOptions): AlphaInput {
  const { level } = options;
  if (!LEVELS.includes(level)) throw new Error(`Unknown measurement level ${describeCategory(level)}; expected one of ${LEVELS.join(", ")}.`);
  const encoded = encodeRatings(data, options.categories);
  const { categories } = encoded;
  const firstString = categories.find((category) => typeof category === "string");
  if (level === "ordinal" && firstString !== undefined && !options.categories) {
    throw new Error(`Ordinal alpha on string ratings such as ${describeCategory(firstString)} needs an explicit category order (options.categories).`);
  }
  if ((level === "interval" || level === "ratio") && firstString !== undefined) {
    throw new Error(`${level === "interval" ? "Interval" : "Ratio"} alpha needs numeric ratings; got ${describeCategory(firstString)}.`);
  }
  const negative = categories.find((category) => typeof category === "number" && category < 0);
  if (level === "ratio" && negative !== undefined) throw new Error(`Ratio alpha needs non-negative ratings; got ${negative}.`);
  return { level, encoded, units: ratedUnits(encoded) };
}

/**
 * The coincidence matrix of the given units (Krippendorff 2011, section E), each unit counted `multiplicities[p]` times
 * when given (a bootstrap resample), else once. O(Σ m_u²) for the units' numbers of values m_u.
 */
export function coincidences(units: RatedUnits, categoryCount: number, multiplicities?: Int32Array): Coincidences {
  const matrix = new Float64Array(categoryCount * categoryCount);
  const marginals = new Float64Array(categoryCount);
  const { offsets, values } = units;
  let total = 0;
  for (let unit = 0; unit + 1 < offsets.length; unit++) {
    const times = multiplicities ? multiplicities[unit]! : 1;
    if (times === 0) continue;
    const start = offsets[unit]!;
    const end = offsets[unit + 1]!;
    const weight = times / (end - start - 1);
    for (let i = start; i < end; i++) {
      const row = values[i]! * categoryCount;
      marginals[values[i]!] = marginals[values[i]!]! + times;
      for (let j = start; j < end; j++) {
        if (j !== i) matrix[row + values[j]!] = matrix[row + values[j]!]! + weight;
      }
    }
    total += times * (end - start);
  }
  return { categoryCount, matrix, marginals, total };
}

/** Alpha from a coincidence matrix whose rows and columns are `categories`. O(categories²). */
export function alphaFromCoincidences(observed: Coincidences, level: MeasurementLevel, categories: readonly Category[]): AlphaResult {
  const { total, categoryCount, matrix, marginals } = observed;
  if (total === 0) {
    return { ...undefinedBecause("no pairable values: no unit was rated by at least two coders"), observedDisagreement: null, expectedDisagreement: null, pairableValues: 0 };
  }
  const squaredDifference = squaredDifferences(level, categories, marginals);
  let observedSum = 0;
  let expectedSum = 0;
  for (let c = 0; c < categoryCount; c++) {
    for (let k = 0; k < categoryCount; k++) {
      const delta = squaredDifference[c * categoryCount + k]!;
      if (delta === 0) continue;
      observedSum += matrix[c * categoryCount + k]! * delta;
      expectedSum += marginals[c]! * marginals[k]! * delta;
    }
  }
  const observedDisagreement = observedSum / total;
  const expectedDisagreement = expectedSum / (total * (total - 1));
  const counts = { observedDisagreement, expectedDisagreement, pairableValues: total };
  if (expectedSum === 0) return { ...undefinedBecause("all pairable values are the same, so expected disagreement is 0 and alpha is 0/0"), ...counts };
  return { ...defined(1 - observedDisagreement / expectedDisagreement), ...counts };
}

/** δ²_ck for every pair of category codes, as a row-major categories × categories matrix. */
function squaredDifferences(level: MeasurementLevel, categories: readonly Category[], marginals: Float64Array): Float64Array {
  const count = categories.length;
  const result = new Float64Array(count * count);
  // Ordinal distances are rank-based: cumulative[i] = n_0 + ... + n_(i-1) over the category order.
  const cumulative = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) cumulative[i + 1] = cumulative[i]! + marginals[i]!;
  for (let c = 0; c < count; c++) {
    for (let k = c + 1; k < count; k++) {
      const delta = squaredDifference(level, c, k, categories, marginals, cumulative);
      result[c * count + k] = delta;
      result[k * count + c] = delta;
    }
  }
  return result;
}

function squaredDifference(level: MeasurementLevel, c: number, k: number, categories: readonly Category[], marginals: Float64Array, cumulative: Float64Array): number {
  switch (level) {
    case "nominal":
      return 1;
    case "ordinal": {
      const between = cumulative[k + 1]! - cumulative[c]! - (marginals[c]! + marginals[k]!) / 2;
      return between * between;
    }
    case "interval": {
      const difference = (categories[c] as number) - (categories[k] as number);
      return difference * difference;
    }
    case "ratio": {
      const first = categories[c] as number;
      const second = categories[k] as number;
      const ratio = first + second === 0 ? 0 : (first - second) / (first + second);
      return ratio * ratio;
    }
  }
}
