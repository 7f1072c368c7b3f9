// How far one answer agrees with another, in one figure: what pre-annotation measures (a labeler's answer against
// the prediction it started from or did not see) and what orders the queue by two models' disagreement.
import type { ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";
import { scoringFor } from "./evaluator";

/**
 * The mean over the tasks of `candidate` scored against `reference` as the evaluator scores a labeler against the
 * final label (per task its ratio: 1 or 0 for a class, matched F1 at IoU 0.5 for shapes, segment F1, 1 − WER for a
 * transcript). A task neither answers, or one without anything to score (no objects in either, no reference words),
 * does not count; null when no task counts. 1 means the candidate kept the reference as it was.
 */
export function resultAgreement(tasks: readonly Task[], reference: readonly ResultEntry[], candidate: readonly ResultEntry[]): number | null {
  const figures = tasks.flatMap((task) => {
    if (!reference.some((entry) => entry.task === task.key) && !candidate.some((entry) => entry.task === task.key)) return [];
    const pair = scoringFor(task, { by: null }).scoreAnswer(reference, candidate);
    return pair && pair.denominator > 0 ? [pair.numerator / pair.denominator] : [];
  });
  return figures.length ? figures.reduce((sum, figure) => sum + figure, 0) / figures.length : null;
}
