// Scoring a classification task: the model's and the labelers' answers against the final label.
import { humanLevelPerformance } from "../quality/consensus/human-level";
import type { ResultEntry } from "../validation/annotation";
import { allowedLabels, type Task } from "../validation/project";
import { ClassCounts } from "./class-counts";
import type { RatioPair } from "./poisson-bootstrap";
import type { LeftOutReason, ModelScore, TaskScoring } from "./scoring";

type ClassificationTask = Extract<Task, { type: "classification" }>;

/** The values of the item's entry for the task; null when it has none (or an entry without values). */
export function classificationValues(result: readonly ResultEntry[], taskKey: string): readonly string[] | null {
  const entry = result.find((candidate) => candidate.task === taskKey && candidate.type === "classification");
  return entry?.type === "classification" && entry.values.length > 0 ? entry.values : null;
}

/** Two answers agree when they name the same set of classes (order ignored; values are unique per entry). */
export function sameValues(first: readonly string[], second: readonly string[]): boolean {
  return first.length === second.length && first.every((value) => second.includes(value));
}

const answerPair = (final: readonly string[], answer: readonly string[]): RatioPair => ({ numerator: sameValues(final, answer) ? 1 : 0, denominator: 1 });

/**
 * Classification scoring.
 * - Model: (1, 1) when its set of values equals the final label's, else (0, 1): pooled, the accuracy. An item whose final
 *   label lacks the task is left out ("noFinalLabel"), one whose prediction lacks it too ("noPrediction").
 * - A labeler's answer: the same against the final label; an answer lacking the task, or naming the task's uncertainty
 *   class (an abstention, as in the consensus), is not counted, so HLP is the share of the labelers' answers equal to
 *   the final label on the same items.
 * - Per class, one against the rest: a class in both sets is a TP, in the prediction only an FP, in the final label
 *   only an FN (for single-choice tasks, scikit-learn's precision_recall_fscore_support; for multiple choice, its
 *   multilabel form on indicator matrices).
 * - Confusion matrix (single choice only): ROWS = final label (actual), COLUMNS = prediction, as scikit-learn's
 *   confusion_matrix(y_true, y_pred); labels as the per-class figures list them.
 * - expectedAgreement: mean over items with at least two answers of Σ_c p_c², p_c the share of the answers naming the
 *   set c (humanLevelPerformance in lib/quality/consensus/human-level.ts: two random answers agree).
 */
export function classificationScoring(task: ClassificationTask): TaskScoring {
  const counts = new ClassCounts(allowedLabels(task));
  const confusion = new Map<string, number>();
  let agreementSum = 0;
  let itemsWithTwoAnswers = 0;

  // The uncertainty class is an answer about the labeler, not the item: it abstains, as it does in the consensus, so an
  // answer naming it counts neither for nor against HLP.
  const labelerValues = (answer: readonly ResultEntry[]) => {
    const values = classificationValues(answer, task.key);
    return values && task.uncertainClass && values.includes(task.uncertainClass) ? null : values;
  };

  const scoreModel = (final: readonly ResultEntry[], prediction: readonly ResultEntry[]): ModelScore | LeftOutReason => {
    const finalValues = classificationValues(final, task.key);
    if (finalValues === null) return "noFinalLabel";
    const predicted = classificationValues(prediction, task.key);
    if (predicted === null) return "noPrediction";
    for (const label of new Set([...finalValues, ...predicted])) {
      const inFinal = finalValues.includes(label);
      const inPrediction = predicted.includes(label);
      counts.add(label, inFinal && inPrediction ? 1 : 0, inPrediction && !inFinal ? 1 : 0, inFinal && !inPrediction ? 1 : 0);
    }
    if (!task.multiple) {
      const cell = JSON.stringify([finalValues[0], predicted[0]]);
      confusion.set(cell, (confusion.get(cell) ?? 0) + 1);
    }
    const correct = sameValues(finalValues, predicted);
    return { pair: answerPair(finalValues, predicted), outcome: { measure: correct ? 1 : 0, error: !correct } };
  };

  return {
    measure: "accuracy",
    scoreModel,
    scoreAnswer(final, answer) {
      const finalValues = classificationValues(final, task.key);
      const answered = labelerValues(answer);
      return finalValues === null || answered === null ? null : answerPair(finalValues, answered);
    },
    observeAnswers(answers) {
      const ratings = answers.flatMap((answer, index) => {
        const values = labelerValues(answer);
        return values === null ? [] : [{ item: "item", labeler: String(index), label: JSON.stringify([...values].sort()) }];
      });
      const agreement = ratings.length >= 2 ? humanLevelPerformance(ratings).items.item!.expectedAgreement.value : null;
      if (agreement === null) return;
      agreementSum += agreement;
      itemsWithTwoAnswers++;
    },
    figures() {
      const labels = counts.labels();
      return {
        overall: { ...counts.averages(), expectedAgreement: itemsWithTwoAnswers > 0 ? agreementSum / itemsWithTwoAnswers : null },
        perClass: counts.figures(),
        ...(task.multiple ? {} : { confusion: { labels, matrix: labels.map((actual) => labels.map((predicted) => confusion.get(JSON.stringify([actual, predicted])) ?? 0)) } }),
      };
    },
  };
}
