// The evaluation contract: what the server streams into an evaluator and the JSON report it stores.
import type { NormalisationRules } from "../quality/text-and-segments/normalisation";
import type { ResultEntry } from "../validation/annotation";
import type { TaskType } from "../validation/project";

/** A model's entry: an annotation entry with an optional confidence score in [0, 1] (used to rank boxes and polygons for AP). */
export type PredictedEntry = ResultEntry & { score?: number };

/** One item as the evaluator receives it; every result is already standardized by the caller. */
export interface EvaluatedItem {
  id: string;
  /** Item metadata; values may be string, number, boolean or null. */
  metadata: Readonly<Record<string, unknown>>;
  tags: readonly string[];
  /** The final label (gold, else accepted consensus): every task of the item. */
  final: readonly ResultEntry[];
  /** The model's prediction: every task of the item. */
  prediction: readonly PredictedEntry[];
  /** Each labeler's latest submitted answer. */
  answers: readonly { labeler: string; result: readonly ResultEntry[] }[];
}

/**
 * How items are sliced: one slice per value of a metadata key, one per combination of values of several keys (crossed:
 * "meta.gender × meta.accent", value "female × en-gb"), one per tag, or no slices.
 */
export type SliceBy = { kind: "meta"; key: string } | { kind: "meta"; keys: readonly string[] } | { kind: "tags" } | null;

export interface EvaluationOptions {
  by: SliceBy;
  /** Bootstrap seed, an integer from 0 to 2³² − 1; default 1. */
  seed?: number;
  /** Bootstrap resamples, a positive integer; default 200. */
  resamples?: number;
  /** Strictly between 0 and 1; default 0.95. */
  confidenceLevel?: number;
  /** Transcript normalisation before WER and CER; none by default (the caller has standardized already). */
  transcriptRules?: NormalisationRules;
  /** A transcript counts as a model error when its WER is above this; default 0. */
  werErrorThreshold?: number;
  /**
   * Transcript and segment tasks: terms a prediction should not hold where the final label does not (watch-list.ts);
   * the report then lists each term's hits. Ignored by other task types.
   */
  watchList?: readonly string[];
}

/** What one scored item says about the model, stored per prediction to list the model's errors. */
export interface ItemOutcome {
  /** The item's own figure: 1 or 0 (classification), F1 (shapes, segments) or 1 − WER (transcripts, may be negative). */
  measure: number;
  /** Classification: a different set of values; shapes and segments: item F1 < 1; transcript: WER > werErrorThreshold. */
  error: boolean;
  /** The prediction holds a watch-list term the final label does not (always false without a watch list). */
  watchHit: boolean;
}

/** One watch-list term: how many scored predictions hold it where their final label does not, and the first such items. */
export interface WatchListFigures {
  term: string;
  predictions: number;
  /** Ids of the first items (in the order they were added) that hit it, at most WATCH_LIST_SAMPLE_ITEMS. */
  items: string[];
}

export type Interval = [lower: number, upper: number] | null;

export interface Intervals {
  accuracy: Interval;
  hlp: Interval;
  gap: Interval;
}

export type MeasureName = "accuracy" | "matched F1 at IoU 0.5" | "segment F1" | "1 − WER";

export interface OverallFigures {
  items: number;
  accuracy: number | null;
  hlp: number | null;
  /** hlp − accuracy. */
  gap: number | null;
  interval: Intervals;
  /** Why accuracy or hlp is null, when one is. */
  reason?: string;
  /** Classification: mean over items with ≥ 2 answers of Σ_c p_c². */
  expectedAgreement?: number | null;
  macroF1?: number | null;
  weightedF1?: number | null;
  /** Boxes and polygons: mean IoU of the matched pairs. */
  meanIoU?: number | null;
  /** Boxes and polygons: mean over classes of COCO AP at IoU 0.5. */
  ap50?: number | null;
  /** Segments: frame F1 pooled over labels and items. */
  frameF1?: number | null;
  /** Transcripts: corpus-level Σ errors / Σ reference units. */
  wer?: number | null;
  cer?: number | null;
}

export interface ClassFigures {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** How often the class occurs in the final labels (items for classification, objects or segments otherwise). */
  support: number;
  ap50?: number | null;
  frameF1?: number | null;
}

export interface SliceFigures {
  /** "meta.<KEY>", crossed keys joined by SLICE_CROSS ("meta.gender × meta.accent"), or "tags". */
  key: string;
  /** The item's value (crossed: the values joined by SLICE_CROSS, in the order of the keys), "(none)" when it has none. */
  value: string;
  items: number;
  /** items ÷ all evaluated items. */
  share: number;
  accuracy: number | null;
  hlp: number | null;
  gap: number | null;
  /** gap × share. */
  gapTimesShare: number | null;
  interval: Intervals;
}

export interface LeftOutReasons {
  noFinalLabel: number;
  noPrediction: number;
}

export interface EvaluationReport {
  task: string;
  taskType: TaskType;
  measure: MeasureName;
  overall: OverallFigures;
  /** Per label occurring in the final labels or the predictions; {} for transcripts. */
  perClass: Record<string, ClassFigures>;
  /** Single-choice classification only: ROWS = final label (actual), COLUMNS = prediction, as sklearn's confusion_matrix. */
  confusion?: { labels: string[]; matrix: number[][] };
  /** Each labeler's answers scored as the model is, against the final label. */
  labelers: { labeler: string; items: number; accuracy: number | null }[];
  /** Sorted by gapTimesShare descending (nulls last), then items descending. */
  slices: SliceFigures[];
  leftOut: number;
  leftOutReasons: LeftOutReasons;
  /** Transcript and segment tasks evaluated with a watch list: each term, in the order given. */
  watchList?: WatchListFigures[];
  bootstrap: { resamples: number; confidenceLevel: number; seed: number; method: "Poisson bootstrap" };
}

export interface Evaluator {
  /** Scores one item, or returns null (counting it in leftOut) when it cannot be scored. */
  add(item: EvaluatedItem): ItemOutcome | null;
  /** The report over the items added so far. */
  report(): EvaluationReport;
}
