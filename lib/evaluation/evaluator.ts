// The streaming evaluator of a model's predictions against the final labels, beside human-level performance.
import { checkBootstrapOptions } from "../quality/categorical/bootstrap";
import type { Task } from "../validation/project";
import { classificationScoring } from "./classification";
import { segmentScoring, shapeScoring } from "./objects";
import { NO_PAIR, PoissonWeights, RatioBootstrap, type RatioPair } from "./poisson-bootstrap";
import type { TaskScoring } from "./scoring";
import { transcriptScoring } from "./transcripts";
import { WatchListTally } from "./watch-list";
import type { EvaluatedItem, EvaluationOptions, EvaluationReport, Evaluator, LeftOutReasons, SliceBy, SliceFigures } from "./types";

export const DEFAULT_SEED = 1;
export const DEFAULT_RESAMPLES = 200;
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;
/** The slice value of an item whose metadata value is null, undefined or "". */
export const NO_VALUE = "(none)";
/** The slice of the items without tags. */
export const UNTAGGED = "(untagged)";
/** Joins the keys of a crossed slicing, and an item's values under them: "meta.gender × meta.accent", "female × en-gb". */
export const SLICE_CROSS = " × ";

/** The scoring of one task type (its model, answer and per-class figures), as an evaluator uses it. */
export function scoringFor(task: Task, options: EvaluationOptions): TaskScoring {
  switch (task.type) {
    case "classification":
      return classificationScoring(task);
    case "bbox":
    case "polygon":
      return shapeScoring(task);
    case "segment":
      return segmentScoring(task);
    case "transcript": {
      const threshold = options.werErrorThreshold ?? 0;
      if (!(Number.isFinite(threshold) && threshold >= 0)) throw new Error(`werErrorThreshold must be a finite number >= 0, got ${threshold}`);
      return transcriptScoring(task, options.transcriptRules, threshold);
    }
  }
}

/** The slices an item belongs to, as "key" and "value". */
function slicesOf(item: EvaluatedItem, by: SliceBy): { key: string; value: string }[] {
  if (by === null) return [];
  if (by.kind === "tags") return (item.tags.length > 0 ? [...new Set(item.tags)] : [UNTAGGED]).map((value) => ({ key: "tags", value }));
  const keys = "keys" in by ? by.keys : [by.key];
  const valueOf = (key: string) => {
    const value = item.metadata[key];
    return value === null || value === undefined || value === "" ? NO_VALUE : String(value);
  };
  return [{ key: keys.map((key) => `meta.${key}`).join(SLICE_CROSS), value: keys.map(valueOf).join(SLICE_CROSS) }];
}

// Gaps are differences of rounded ratios: products within this of each other are ties, so rounding does not order slices.
const TIE_TOLERANCE = 1e-12;

/** Descending gapTimesShare, nulls last, near-equal values tied. */
function byGapTimesShare(a: SliceFigures, b: SliceFigures): number {
  if (a.gapTimesShare === null || b.gapTimesShare === null) return (a.gapTimesShare === null ? 1 : 0) - (b.gapTimesShare === null ? 1 : 0);
  const difference = b.gapTimesShare - a.gapTimesShare;
  return Math.abs(difference) <= TIE_TOLERANCE ? 0 : difference;
}

const addPairs = (total: RatioPair, pair: RatioPair) => {
  total.numerator += pair.numerator;
  total.denominator += pair.denominator;
};

/**
 * An evaluator of one task of a model's predictions: items stream in through `add`, one at a time, and `report` sums
 * them up. What is measured (see each task type's scoring for its definitions and sources):
 * - Each scored item contributes a ratio-of-sums pair for the model against the final label, and one for the
 *   labelers: the same scoring summed over every labeler's answer against the final label. accuracy = Σ model
 *   numerators / Σ model denominators; hlp the same over the labelers' pairs (human-level performance as Andrew Ng
 *   teaches it, "Machine Learning in Production": how well people's own answers match the final label on the same
 *   items); gap = hlp − accuracy. Where the final label is a consensus of those same answers, HLP is flattered.
 * - Slices (options.by): one per distinct value of a metadata key (String(value); null, undefined and "" are "(none)"),
 *   key "meta.<KEY>", or one per tag (an item with several tags is in several slices; items without tags in
 *   "(untagged)"), key "tags". Crossed keys ({kind: "meta", keys}) give one slice per combination the items have, key
 *   and value joined by SLICE_CROSS in the order of the keys: "meta.gender × meta.accent", "female × en-gb". share = slice items ÷ all scored items; gapTimesShare = gap × share, Ng's "how much
 *   could be gained" for prioritizing (his clean speech: 94% against HLP 95% on 60% of the data gives 0.6%). Sorted
 *   by gapTimesShare descending (within 1e-12 a tie), nulls last, then by items descending, then by key and value.
 * - Intervals: Poisson bootstrap (poisson-bootstrap.ts), each item's weights drawn once and shared by every group it
 *   is in, so the same seed and the same items in the same order give the same report.
 * - labelers: each labeler's answers scored as the model is; items = answers of theirs that were counted.
 * - Watch list (options.watchList, transcript and segment tasks): per term, the scored predictions holding it where
 *   the final label does not (watch-list.ts); each such item's outcome has watchHit.
 * Left out (and counted): classification and transcript items whose final label or prediction has no entry of the
 * task. Items of shape and segment tasks are always scored: no entries means no objects.
 *
 * Throws on a bootstrap option out of range (as lib/quality/categorical/bootstrap.ts), a negative or non-finite
 * werErrorThreshold, and on malformed shapes or segments when they are scored. O(resamples · slices) memory besides
 * the AP tallies (one score per predicted shape); O(resamples) time per item and slice besides the matching.
 */
export function createEvaluator(task: Task, options: EvaluationOptions): Evaluator {
  const { seed, resamples, confidenceLevel } = checkBootstrapOptions({
    seed: options.seed ?? DEFAULT_SEED,
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    confidenceLevel: options.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL,
  });
  const scoring = scoringFor(task, options);
  const weights = new PoissonWeights(seed, resamples);
  const overall = new RatioBootstrap(resamples);
  const slices = new Map<string, { key: string; value: string; figures: RatioBootstrap }>();
  const labelers = new Map<string, { items: number; pair: RatioPair }>();
  const leftOutReasons: LeftOutReasons = { noFinalLabel: 0, noPrediction: 0 };
  const watchList = options.watchList && (task.type === "transcript" || task.type === "segment") ? new WatchListTally(options.watchList, task.key) : null;

  return {
    add(item) {
      const model = scoring.scoreModel(item.final, item.prediction);
      if (typeof model === "string") {
        leftOutReasons[model]++;
        return null;
      }
      const human: RatioPair = { ...NO_PAIR };
      for (const { labeler, result } of item.answers) {
        const pair = scoring.scoreAnswer(item.final, result);
        if (pair === null) continue;
        addPairs(human, pair);
        const tally = labelers.get(labeler) ?? { items: 0, pair: { ...NO_PAIR } };
        tally.items++;
        addPairs(tally.pair, pair);
        labelers.set(labeler, tally);
      }
      scoring.observeAnswers?.(item.answers.map((answer) => answer.result));
      const itemWeights = weights.next();
      overall.add(model.pair, human, itemWeights);
      for (const { key, value } of slicesOf(item, options.by)) {
        const id = JSON.stringify([key, value]);
        let slice = slices.get(id);
        if (!slice) slices.set(id, (slice = { key, value, figures: new RatioBootstrap(resamples) }));
        slice.figures.add(model.pair, human, itemWeights);
      }
      return { ...model.outcome, watchHit: watchList?.add(item.id, item.final, item.prediction) ?? false };
    },

    report(): EvaluationReport {
      const { overall: extraFigures, perClass, confusion } = scoring.figures();
      const figures = overall.figures();
      const reasons = [
        figures.accuracy === null ? (overall.items === 0 ? "no item was scored" : "the scored items hold nothing to score (no objects, no reference words)") : null,
        figures.hlp === null ? "no labeler's answer was scored" : null,
      ].filter((reason) => reason !== null);
      const sliceFigures: SliceFigures[] = [...slices.values()].map(({ key, value, figures: slice }) => {
        const share = slice.items / overall.items;
        const { accuracy, hlp, gap } = slice.figures();
        return { key, value, items: slice.items, share, accuracy, hlp, gap, gapTimesShare: gap === null ? null : gap * share, interval: slice.intervals(confidenceLevel) };
      });
      sliceFigures.sort(
        (a, b) =>
          byGapTimesShare(a, b) ||
          b.items - a.items ||
          (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
          (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
      );
      return {
        task: task.key,
        taskType: task.type,
        measure: scoring.measure,
        overall: { items: overall.items, ...figures, interval: overall.intervals(confidenceLevel), ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}), ...extraFigures },
        perClass,
        ...(confusion ? { confusion } : {}),
        labelers: [...labelers.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([labeler, { items, pair }]) => ({ labeler, items, accuracy: pair.denominator > 0 ? pair.numerator / pair.denominator : null })),
        slices: sliceFigures,
        leftOut: leftOutReasons.noFinalLabel + leftOutReasons.noPrediction,
        leftOutReasons: { ...leftOutReasons },
        ...(watchList ? { watchList: watchList.figures() } : {}),
        bootstrap: { resamples, confidenceLevel, seed, method: "Poisson bootstrap" },
      };
    },
  };
}
