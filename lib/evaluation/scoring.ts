// What an evaluator needs from each task type: how the model and a labeler are scored against the final label.
import type { ResultEntry } from "../validation/annotation";
import type { ClassFigures, ItemOutcome, LeftOutReasons, MeasureName, OverallFigures, PredictedEntry } from "./types";
import type { RatioPair } from "./poisson-bootstrap";

export type LeftOutReason = keyof LeftOutReasons;

/** The model's ratio-of-sums contribution on an item and the item's outcome (the evaluator adds the watch list's). */
export interface ModelScore {
  pair: RatioPair;
  outcome: Omit<ItemOutcome, "watchHit">;
}

/** The task type's own figures: extra overall figures, per-class figures and (single-choice classification) the confusion matrix. */
export interface TaskFigures {
  overall: Partial<OverallFigures>;
  perClass: Record<string, ClassFigures>;
  confusion?: { labels: string[]; matrix: number[][] };
}

/** One task's scoring, holding the model's per-class tallies as items stream through. */
export interface TaskScoring {
  measure: MeasureName;
  /** Scores the model on one item and tallies its per-class figures, or says why the item is left out. */
  scoreModel(final: readonly ResultEntry[], prediction: readonly PredictedEntry[]): ModelScore | LeftOutReason;
  /** Scores one labeler's answer on an item the model was scored on; null when the answer does not answer the task. */
  scoreAnswer(final: readonly ResultEntry[], answer: readonly ResultEntry[]): RatioPair | null;
  /** Sees the answers of each scored item (for figures about the labelers among themselves). */
  observeAnswers?(answers: readonly (readonly ResultEntry[])[]): void;
  figures(): TaskFigures;
}
