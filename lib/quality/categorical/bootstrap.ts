// Percentile bootstrap confidence intervals for alpha and kappa, resampling units with replacement from a seeded generator
// so that a report can be reproduced exactly.
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { Statistic } from "../statistic";
import { checkWeighting, kappaFromCrossTable, type KappaOptions, type KappaResult } from "./cohen-kappa";
import { crossTabulate, unitsRatedByBoth } from "./confusion";
import { alphaFromCoincidences, coincidences, prepareAlpha, type AlphaOptions, type AlphaResult } from "./krippendorff";
import { encodeRatings, type Rating, type ReliabilityData } from "./ratings";

export interface BootstrapOptions {
  /** Integer from 0 to 2³² − 1; the same seed and data give the same interval. */
  seed: number;
  /** Number of resamples, default 1000. */
  resamples?: number;
  /** Strictly between 0 and 1, default 0.95. (Not `level`: AlphaOptions.level is the measurement level.) */
  confidenceLevel?: number;
}

export type ConfidenceInterval = { lower: number; upper: number; reason?: undefined } | { lower: null; upper: null; reason: string };

export interface BootstrapResult<Estimate extends Statistic> {
  /** The statistic on the full data. */
  readonly estimate: Estimate;
  readonly interval: ConfidenceInterval;
  readonly confidenceLevel: number;
  readonly resamples: number;
  /** Resamples on which the statistic was defined; the percentiles are taken over these only. */
  readonly definedResamples: number;
}

const DEFAULT_RESAMPLES = 1000;
const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/**
 * Krippendorff's alpha (as `krippendorffAlpha`) with a percentile bootstrap interval: the units rated by at least two
 * coders are resampled with replacement (units with fewer ratings contribute nothing and would only make the effective
 * sample size random), alpha is recomputed on each resample (for ordinal data with that resample's marginals), and the
 * interval is the (1 − confidenceLevel) / 2 and (1 + confidenceLevel) / 2 quantiles of the resampled alphas (Efron & Tibshirani 1993,
 * "An Introduction to the Bootstrap", ch. 13), interpolated linearly between order statistics (Hyndman & Fan 1996 type 7,
 * the default of R and NumPy).
 *
 * Undefined interval (nulls, with a reason): alpha undefined on the full data (same cases as `krippendorffAlpha`), or on
 * every resample. Resamples where alpha is undefined (e.g. all drawn units in one category) are skipped and counted.
 *
 * Throws as `krippendorffAlpha` does, and on a seed, resample count or confidence level out of range.
 * O(resamples × (units × coders² + categories²)).
 */
export function bootstrapAlpha(data: ReliabilityData, options: AlphaOptions & BootstrapOptions): BootstrapResult<AlphaResult> {
  const settings = checkBootstrapOptions(options);
  const { level, encoded, units } = prepareAlpha(data, options);
  const alphaOf = (multiplicities?: Int32Array) => alphaFromCoincidences(coincidences(units, encoded.categories.length, multiplicities), level, encoded.categories);
  return bootstrap(alphaOf(), units.unitIndex.length, settings, (multiplicities) => alphaOf(multiplicities).value);
}

/**
 * Cohen's kappa (as `cohenKappa`) with a percentile bootstrap interval over the units both raters rated, resampled with
 * replacement; percentiles as in `bootstrapAlpha`. The category order, and so the weights, stay those of the full data.
 *
 * Undefined interval (nulls, with a reason): kappa undefined on the full data (same cases as `cohenKappa`), or on every
 * resample. Resamples where kappa is undefined (both raters in one category throughout) are skipped and counted.
 *
 * Throws as `cohenKappa` does, and on a seed, resample count or confidence level out of range. O(resamples × (units + categories²)).
 */
export function bootstrapCohenKappa(first: readonly Rating[], second: readonly Rating[], options: KappaOptions & BootstrapOptions): BootstrapResult<KappaResult> {
  const settings = checkBootstrapOptions(options);
  const weights = checkWeighting(options.weights);
  const encoded = encodeRatings([first, second], options.categories);
  const units = unitsRatedByBoth(encoded, 0, 1);
  const kappaOf = (multiplicities?: Int32Array) => kappaFromCrossTable(crossTabulate(encoded, 0, 1, units, multiplicities), encoded.categories.length, weights);
  return bootstrap(kappaOf(), units.length, settings, (multiplicities) => kappaOf(multiplicities).value);
}

/** Bootstrap options with their defaults applied. */
export interface BootstrapSettings {
  seed: number;
  resamples: number;
  confidenceLevel: number;
}

/** The options with defaults applied; throws on a seed, resample count or confidence level out of range. */
export function checkBootstrapOptions(options: BootstrapOptions): BootstrapSettings {
  const { seed, resamples = DEFAULT_RESAMPLES, confidenceLevel = DEFAULT_CONFIDENCE_LEVEL } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`Bootstrap seed ${seed} is not an integer from 0 to 2^32 - 1.`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`Bootstrap resamples ${resamples} is not a positive integer.`);
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new Error(`Confidence level ${confidenceLevel} is not strictly between 0 and 1.`);
  return { seed, resamples, confidenceLevel };
}

/** Draws `resamples` resamples of `unitCount` units as multiplicities per unit and collects the statistic on each. */
function bootstrap<Estimate extends Statistic>(
  estimate: Estimate,
  unitCount: number,
  { seed, resamples, confidenceLevel }: BootstrapSettings,
  statisticOf: (multiplicities: Int32Array) => number | null,
): BootstrapResult<Estimate> {
  const result = (interval: ConfidenceInterval, definedResamples: number) => ({ estimate, interval, confidenceLevel, resamples, definedResamples });
  if (estimate.value === null) return result({ lower: null, upper: null, reason: `the statistic is undefined on the full data: ${estimate.reason}` }, 0);
  const random = xoroshiro128plus(seed);
  const multiplicities = new Int32Array(unitCount);
  const samples = new Float64Array(resamples);
  let definedResamples = 0;
  for (let resample = 0; resample < resamples; resample++) {
    multiplicities.fill(0);
    for (let draw = 0; draw < unitCount; draw++) {
      const unit = uniformInt(random, 0, unitCount - 1);
      multiplicities[unit] = multiplicities[unit]! + 1;
    }
    const value = statisticOf(multiplicities);
    if (value !== null) samples[definedResamples++] = value;
  }
  if (definedResamples === 0) return result({ lower: null, upper: null, reason: "the statistic is undefined on every resample" }, 0);
  const sorted = samples.subarray(0, definedResamples).sort();
  return result({ lower: quantile(sorted, (1 - confidenceLevel) / 2), upper: quantile(sorted, (1 + confidenceLevel) / 2) }, definedResamples);
}

/** Quantile of ascending values, linear between order statistics (Hyndman & Fan 1996, type 7). */
export function quantile(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
