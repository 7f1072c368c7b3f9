// A one-pass bootstrap for ratios of sums (accuracy, HLP and their gap), so that items can stream through without
// being kept: the Poisson bootstrap.
//
// Source: Hanley & MacGibbon (2006), "Creating non-parametric bootstrap samples using Poisson frequencies", Computer
// Methods and Programs in Biomedicine 83(1); Chamandy, Muralidharan, Najmi & Naidu (2012), "Estimating uncertainty
// for massive data streams", Google technical report. Instead of drawing n items with replacement (a multinomial
// count per item, which needs n up front), each item gets an independent Poisson(1) count per resample; for large n
// the two agree, and the counts can be drawn the moment the item arrives.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { quantile } from "../quality/categorical/bootstrap";
import type { Interval, Intervals } from "./types";

/** A ratio-of-sums contribution: the figure is Σ numerator / Σ denominator over items. */
export interface RatioPair {
  numerator: number;
  denominator: number;
}

export const NO_PAIR: RatioPair = { numerator: 0, denominator: 0 };

const EXP_MINUS_ONE = Math.exp(-1);
// P(Poisson(1) ≥ 30) < 1e-32: a cap that no draw reaches in practice but that ends the loop whatever float rounding does.
const LARGEST_COUNT = 30;

/**
 * A Poisson(1) count by inversion: the least k with P(X ≤ k) > u, for u uniform in [0, 1) (Devroye 1986, "Non-Uniform
 * Random Variate Generation", X.3.2). O(k) time.
 */
export function poissonOneByInversion(u: number): number {
  let count = 0;
  let probability = EXP_MINUS_ONE;
  let cumulative = probability;
  while (cumulative <= u && count < LARGEST_COUNT) {
    count++;
    probability /= count;
    cumulative += probability;
  }
  return count;
}

/**
 * Each item's bootstrap weights, one Poisson(1) count per resample, from a seeded xoroshiro128+ generator (pure-rand):
 * the same seed and the same items in the same order give the same weights. O(resamples) per item.
 */
export class PoissonWeights {
  private readonly random;
  private readonly weights: Int32Array;

  constructor(seed: number, resamples: number) {
    this.random = xoroshiro128plus(seed);
    this.weights = new Int32Array(resamples);
  }

  /** The next item's weights; the array is reused, so read it before the next call. */
  next(): Int32Array {
    for (let resample = 0; resample < this.weights.length; resample++) this.weights[resample] = poissonOneByInversion(uniformFloat64(this.random));
    return this.weights;
  }
}

/** accuracy, hlp and gap = hlp − accuracy from pooled sums; null where a denominator is 0. */
export function ratioFigures(model: RatioPair, human: RatioPair): { accuracy: number | null; hlp: number | null; gap: number | null } {
  const accuracy = model.denominator > 0 ? model.numerator / model.denominator : null;
  const hlp = human.denominator > 0 ? human.numerator / human.denominator : null;
  return { accuracy, hlp, gap: accuracy === null || hlp === null ? null : hlp - accuracy };
}

/**
 * The model's and the labelers' ratio-of-sums figures of one group of items (all items, or one slice), on the full data
 * and on every Poisson resample. O(resamples) memory and O(resamples) time per item.
 */
export class RatioBootstrap {
  readonly model: RatioPair = { numerator: 0, denominator: 0 };
  readonly human: RatioPair = { numerator: 0, denominator: 0 };
  items = 0;
  // Per resample: model numerator, model denominator, human numerator, human denominator.
  private readonly sums: [Float64Array, Float64Array, Float64Array, Float64Array];

  constructor(resamples: number) {
    this.sums = [new Float64Array(resamples), new Float64Array(resamples), new Float64Array(resamples), new Float64Array(resamples)];
  }

  /** Adds one item's pairs with its weights (the same weights for every group the item belongs to). */
  add(model: RatioPair, human: RatioPair, weights: Int32Array): void {
    this.items++;
    this.model.numerator += model.numerator;
    this.model.denominator += model.denominator;
    this.human.numerator += human.numerator;
    this.human.denominator += human.denominator;
    const [modelNumerators, modelDenominators, humanNumerators, humanDenominators] = this.sums;
    for (let resample = 0; resample < weights.length; resample++) {
      const weight = weights[resample]!;
      if (weight === 0) continue;
      modelNumerators[resample]! += weight * model.numerator;
      modelDenominators[resample]! += weight * model.denominator;
      humanNumerators[resample]! += weight * human.numerator;
      humanDenominators[resample]! += weight * human.denominator;
    }
  }

  figures() {
    return ratioFigures(this.model, this.human);
  }

  /**
   * Percentile intervals: the (1 − level)/2 and (1 + level)/2 quantiles (type 7, as bootstrap.ts) of each figure over
   * the resamples where it is defined; null when it is undefined on the full data or on every resample.
   */
  intervals(confidenceLevel: number): Intervals {
    const [modelNumerators, modelDenominators, humanNumerators, humanDenominators] = this.sums;
    const resamples = modelNumerators.length;
    const accuracy: number[] = [];
    const hlp: number[] = [];
    const gap: number[] = [];
    for (let resample = 0; resample < resamples; resample++) {
      const figures = ratioFigures(
        { numerator: modelNumerators[resample]!, denominator: modelDenominators[resample]! },
        { numerator: humanNumerators[resample]!, denominator: humanDenominators[resample]! },
      );
      if (figures.accuracy !== null) accuracy.push(figures.accuracy);
      if (figures.hlp !== null) hlp.push(figures.hlp);
      if (figures.gap !== null) gap.push(figures.gap);
    }
    const estimate = this.figures();
    const interval = (samples: number[], defined: boolean): Interval => {
      if (!defined || samples.length === 0) return null;
      const sorted = Float64Array.from(samples).sort();
      return [quantile(sorted, (1 - confidenceLevel) / 2), quantile(sorted, (1 + confidenceLevel) / 2)];
    };
    return { accuracy: interval(accuracy, estimate.accuracy !== null), hlp: interval(hlp, estimate.hlp !== null), gap: interval(gap, estimate.gap !== null) };
  }
}
