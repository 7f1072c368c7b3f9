import { describeValue, tabulateRatings, type Rating, type RatingTable } from "./ratings";

export type DawidSkeneOptions = {
  /** The most EM iterations to run (each is one M-step then one E-step): a positive integer, default 100. */
  maxIterations?: number;
  /**
   * Convergence threshold on the change in log-likelihood between two iterations, per rating (the change is
   * divided by the number of ratings, so one threshold suits any data size): a number ≥ 0, default 1e-9.
   * 0 runs exactly `maxIterations` iterations.
   */
  tolerance?: number;
};

export type DawidSkeneResult = {
  /** Per item: the most probable true label, its posterior probability, and the posterior over every label. */
  items: Record<string, { label: string; confidence: number; posterior: Record<string, number> }>;
  /**
   * Per labeler: `confusion[trueLabel][givenLabel]` = P(labeler answers givenLabel | item is trueLabel), each row
   * summing to 1, and `accuracy` = Σⱼ priors[j] · confusion[j][j], the probability that the labeler answers a
   * random item correctly under the estimated class distribution.
   */
  labelers: Record<string, { accuracy: number; confusion: Record<string, Record<string, number>> }>;
  /** Estimated class distribution of the true labels (the pⱼ of Dawid & Skene), summing to 1. */
  priors: Record<string, number>;
  /** EM iterations run. */
  iterations: number;
  /** Whether the log-likelihood settled within `tolerance` before `maxIterations`. */
  converged: boolean;
};

const DEFAULT_MAX_ITERATIONS = 100;
const DEFAULT_TOLERANCE = 1e-9;

/**
 * Added to every class count and every confusion-matrix count in the M-step (a Dirichlet(1 + 1e-6) prior, i.e. a
 * MAP rather than pure ML estimate). It keeps every probability strictly positive, so no log is −∞ and no
 * posterior becomes 0/0 = NaN, while moving estimates by about 1e-6 / (the row's count): invisible at the two
 * decimals Dawid & Skene report. A true class on which a labeler has no (soft) count gets a uniform row.
 */
const PSEUDO_COUNT = 1e-6;

/**
 * In the E-step, a class whose unnormalised posterior is below e⁻⁴⁰ ≈ 4e-18 times the largest gets posterior 0
 * without calling Math.exp. The normalising sum is at least 1 (the largest term), so this moves it by less than
 * C · 4e-18 relative — below double precision (1.1e-16) for up to 26 labels — and skips most exponentials once
 * EM is confident.
 */
const NEGLIGIBLE_LOG_RATIO = -40;

/**
 * Dawid–Skene consensus: maximum-likelihood estimates of each labeler's confusion matrix, the class priors and
 * each item's posterior over true labels, by expectation–maximisation.
 *
 * Model (Dawid & Skene 1979, "Maximum Likelihood Estimation of Observer Error-Rates Using the EM Algorithm",
 * JRSS Series C 28(1), 20–28): item i has a hidden true class j with probability pⱼ; given j, every rating of i
 * by labeler k is label l with probability πₖ[j][l], independently. Repeated ratings by one labeler are
 * independent draws, as in the paper's test–retest data.
 *
 * Algorithm:
 * - Initialisation (deterministic): each item's posterior starts as its vote proportions, the initialisation of
 *   the reference implementations dallascard/dawid_skene (which cites the paper's eq. 3.1) and crowd-kit.
 * - Iteration: M-step — pⱼ = mean posterior of class j, πₖ[j][l] ∝ Σᵢ posteriorᵢ(j) · (times k gave i label l),
 *   both with `PSEUDO_COUNT` smoothing (eqs 2.3–2.4); E-step — posteriorᵢ(j) ∝ pⱼ Πₖ,ₗ πₖ[j][l]^count (eq 2.5),
 *   computed in log space, which also yields the log-likelihood Σᵢ log Σⱼ pⱼ Π πₖ[j][l]^count (eq 2.7).
 *   (Equation numbers as cited by dallascard/dawid_skene.)
 * - Stops when the log-likelihood changed by less than `tolerance` × (number of ratings) since the previous
 *   iteration (`converged: true`), or after `maxIterations` (`converged: false`).
 * The reported parameters are those of the last M-step and the posteriors are the E-step's under them.
 * An item's `label` is its most probable class; posterior ties go to the first in label order (UTF-16 code units).
 *
 * Degenerate input: no ratings give empty records, `iterations: 0`, `converged: true` (nothing to estimate);
 * a single label gives every item that label with posterior 1 and every labeler accuracy 1.
 * Throws on malformed ratings or options.
 *
 * Complexity: O(n log n) to index n ratings, then per iteration O(e·C + K·C²) time for e distinct
 * (item, labeler, label) triples, C labels and K labelers; O(I·C + K·C²) memory for I items. The inner loops
 * run over Float64Arrays indexed by integer-encoded labelers and labels.
 */
export function dawidSkene(ratings: readonly Rating[], options: DawidSkeneOptions = {}): DawidSkeneResult {
  const { maxIterations, tolerance } = checkedOptions(options);
  const table = tabulateRatings(ratings);
  if (table.items.length === 0) return { items: {}, labelers: {}, priors: {}, iterations: 0, converged: true };

  const parameters = new Parameters(table.labelers.length, table.labels.length);
  const posterior = voteProportions(table);
  let previousLogLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    parameters.estimate(table, posterior);
    const logLikelihood = parameters.updatePosteriors(table, posterior);
    converged = Math.abs(logLikelihood - previousLogLikelihood) < tolerance * table.ratingCount;
    previousLogLikelihood = logLikelihood;
  }
  return {
    items: itemReport(table, posterior),
    labelers: parameters.labelerReport(table),
    priors: Object.fromEntries(table.labels.map((label, j) => [label, parameters.prior[j]!])),
    iterations,
    converged,
  };
}

/** Class priors and confusion matrices, with their logs, in flat typed arrays. */
class Parameters {
  readonly prior: Float64Array;
  private readonly logPrior: Float64Array;
  /** πₖ[truth][given] at `cell(k, given, truth)`: for one labeler and given label, the true classes are contiguous. */
  private readonly confusion: Float64Array;
  private readonly logConfusion: Float64Array;

  constructor(
    private readonly labelerCount: number,
    private readonly classCount: number,
  ) {
    this.prior = new Float64Array(classCount);
    this.logPrior = new Float64Array(classCount);
    this.confusion = new Float64Array(labelerCount * classCount * classCount);
    this.logConfusion = new Float64Array(this.confusion.length);
  }

  private cell(labeler: number, given: number, truth: number): number {
    return (labeler * this.classCount + given) * this.classCount + truth;
  }

  /** M-step: smoothed maximum-likelihood priors and confusion matrices given the items' posteriors. */
  estimate(table: RatingTable, posterior: Float64Array): void {
    const C = this.classCount;
    const { prior, confusion } = this;
    prior.fill(PSEUDO_COUNT);
    confusion.fill(PSEUDO_COUNT);
    const { entryStart, entryLabeler, entryLabel, entryCount } = table;
    for (let i = 0; i < table.items.length; i++) {
      const row = i * C;
      for (let j = 0; j < C; j++) prior[j]! += posterior[row + j]!;
      for (let e = entryStart[i]!; e < entryStart[i + 1]!; e++) {
        const base = this.cell(entryLabeler[e]!, entryLabel[e]!, 0);
        const count = entryCount[e]!;
        for (let j = 0; j < C; j++) confusion[base + j]! += count * posterior[row + j]!;
      }
    }
    normalise(prior, 0, 1, C);
    for (let k = 0; k < this.labelerCount; k++) {
      for (let truth = 0; truth < C; truth++) normalise(confusion, this.cell(k, 0, truth), C, C);
    }
    for (let j = 0; j < C; j++) this.logPrior[j] = Math.log(prior[j]!);
    for (let c = 0; c < confusion.length; c++) this.logConfusion[c] = Math.log(confusion[c]!);
  }

  /** E-step: overwrites each item's posterior under these parameters; returns the data's log-likelihood. */
  updatePosteriors(table: RatingTable, posterior: Float64Array): number {
    const C = this.classCount;
    const { logPrior, logConfusion } = this;
    const { entryStart, entryLabeler, entryLabel, entryCount } = table;
    let logLikelihood = 0;
    for (let i = 0; i < table.items.length; i++) {
      const row = i * C;
      for (let j = 0; j < C; j++) posterior[row + j] = logPrior[j]!;
      for (let e = entryStart[i]!; e < entryStart[i + 1]!; e++) {
        const base = this.cell(entryLabeler[e]!, entryLabel[e]!, 0);
        const count = entryCount[e]!;
        for (let j = 0; j < C; j++) posterior[row + j]! += count * logConfusion[base + j]!;
      }
      let max = -Infinity;
      for (let j = 0; j < C; j++) max = Math.max(max, posterior[row + j]!);
      let sum = 0;
      for (let j = 0; j < C; j++) {
        const logRatio = posterior[row + j]! - max;
        sum += posterior[row + j] = logRatio < NEGLIGIBLE_LOG_RATIO ? 0 : Math.exp(logRatio);
      }
      for (let j = 0; j < C; j++) posterior[row + j]! /= sum;
      logLikelihood += max + Math.log(sum);
    }
    return logLikelihood;
  }

  labelerReport(table: RatingTable): DawidSkeneResult["labelers"] {
    const { labels } = table;
    return Object.fromEntries(
      table.labelers.map((labeler, k) => {
        const accuracy = labels.reduce((sum, _, j) => sum + this.prior[j]! * this.confusion[this.cell(k, j, j)]!, 0);
        const confusion = Object.fromEntries(
          labels.map((truth, j) => [truth, Object.fromEntries(labels.map((given, l) => [given, this.confusion[this.cell(k, l, j)]!]))]),
        );
        return [labeler, { accuracy, confusion }];
      }),
    );
  }
}

/** Divides `count` values, `stride` apart from `start`, by their sum (positive: every value has a pseudo-count). */
function normalise(values: Float64Array, start: number, stride: number, count: number): void {
  let sum = 0;
  for (let v = 0; v < count; v++) sum += values[start + v * stride]!;
  for (let v = 0; v < count; v++) values[start + v * stride]! /= sum;
}

/** Each item's share of ratings per label: the initial posteriors. */
function voteProportions(table: RatingTable): Float64Array {
  const C = table.labels.length;
  const { entryStart, entryLabel, entryCount } = table;
  const proportions = new Float64Array(table.items.length * C);
  for (let i = 0; i < table.items.length; i++) {
    let ratings = 0;
    for (let e = entryStart[i]!; e < entryStart[i + 1]!; e++) {
      proportions[i * C + entryLabel[e]!]! += entryCount[e]!;
      ratings += entryCount[e]!;
    }
    for (let j = 0; j < C; j++) proportions[i * C + j]! /= ratings;
  }
  return proportions;
}

function itemReport(table: RatingTable, posterior: Float64Array): DawidSkeneResult["items"] {
  const { labels } = table;
  const C = labels.length;
  return Object.fromEntries(
    table.items.map((item, i) => {
      let best = 0;
      for (let j = 1; j < C; j++) if (posterior[i * C + j]! > posterior[i * C + best]!) best = j;
      const itemPosterior = Object.fromEntries(labels.map((label, j) => [label, posterior[i * C + j]!]));
      return [item, { label: labels[best]!, confidence: posterior[i * C + best]!, posterior: itemPosterior }];
    }),
  );
}

function checkedOptions(options: DawidSkeneOptions): Required<DawidSkeneOptions> {
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`maxIterations must be a positive integer, got ${describeValue(maxIterations)}`);
  }
  if (typeof tolerance !== "number" || !(tolerance >= 0) || tolerance === Infinity) {
    throw new Error(`tolerance must be a finite number ≥ 0, got ${describeValue(tolerance)}`);
  }
  return { maxIterations, tolerance };
}

/**
 * The posterior over the true label of one item from a fitted model (one E-step): how Concord scores a
 * newly completed item against labeler confusion matrices estimated on the whole project. A labeler the
 * model has not seen is taken to be right with probability `unknownAccuracy`, wrong uniformly otherwise;
 * a label the model has not seen gets a tiny prior.
 */
export function itemPosterior(
  model: Pick<DawidSkeneResult, "labelers" | "priors">,
  answers: readonly { labeler: string; label: string }[],
  unknownAccuracy = 0.7,
): Record<string, number> {
  const labels = [...new Set([...Object.keys(model.priors), ...answers.map((answer) => answer.label)])];
  const logScores = labels.map((truth) => {
    let score = Math.log(model.priors[truth] ?? 1e-6);
    for (const { labeler, label } of answers) {
      const row = model.labelers[labeler]?.confusion[truth];
      const probability = row?.[label] ?? (label === truth ? unknownAccuracy : (1 - unknownAccuracy) / Math.max(1, labels.length - 1));
      score += Math.log(Math.max(probability, 1e-12));
    }
    return score;
  });
  const top = Math.max(...logScores);
  const weights = logScores.map((score) => Math.exp(score - top));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return Object.fromEntries(labels.map((label, index) => [label, weights[index]! / total]));
}
