// Agreement among the labelers of one item, task by task, from Concord's annotation results.
// Pure: it maps the normative result format onto the statistics in this folder.
import type { ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";
import { percentAgreement } from "./categorical";
import { pairwiseShapeAgreement, type Shape } from "./shapes";
import { defined, undefinedBecause, type Statistic } from "./statistic";
import { DEFAULT_NORMALISATION, frameAgreement, matchSegments, transcriptConsensus, type TimedSegment } from "./text-and-segments";

export interface LabelerResult {
  labelerId: string;
  result: readonly ResultEntry[];
}

export type TaskAgreement =
  | { type: "classification"; labelers: number; percentAgreement: Statistic; votes: Record<string, number> }
  | { type: "bbox" | "polygon"; labelers: number; meanF1: Statistic; meanIoU: Statistic }
  | { type: "segment"; labelers: number; meanF1: Statistic; frameAlpha: Statistic }
  | { type: "transcript"; labelers: number; meanWer: Statistic; medoid: string | null; flagged: boolean };

/** A classification answer as one category: a multiple choice is the sorted set of its classes. */
export function classificationAnswer(entries: readonly ResultEntry[], taskKey?: string): string | null {
  const entry = entries.find((candidate) => candidate.type === "classification" && (taskKey === undefined || candidate.task === taskKey));
  return entry && entry.type === "classification" ? [...entry.values].sort().join(" + ") : null;
}

/**
 * Whether a result gives `answer` on a task: a classification answer equal to it (see classificationAnswer), or a
 * box, polygon or segment of that label (several may be drawn, so any one counts).
 */
export function givesAnswer(entries: readonly ResultEntry[], taskKey: string, answer: string): boolean {
  return classificationAnswer(entries, taskKey) === answer || entries.some((entry) => entry.task === taskKey && "label" in entry && entry.label === answer);
}

/** Just the statistic, without the extra figures a library result carries. */
export function statisticOf(result: Statistic): Statistic {
  return result.value === null ? undefinedBecause(result.reason) : defined(result.value);
}

export function mean(values: readonly number[], reason: string): Statistic {
  return values.length ? defined(values.reduce((sum, value) => sum + value, 0) / values.length) : undefinedBecause(reason);
}

/**
 * An item's figure for one task on a 0–1 scale, higher is better: percent agreement, matched F1, or
 * 1 − WER for transcripts (floored at 0: WER exceeds 1 when a transcript is longer than the other).
 */
export function agreementScore(figure: TaskAgreement): number | null {
  switch (figure.type) {
    case "classification":
      return figure.percentAgreement.value;
    case "bbox":
    case "polygon":
    case "segment":
      return figure.meanF1.value;
    case "transcript":
      return figure.meanWer.value === null ? null : Math.max(0, 1 - figure.meanWer.value);
  }
}

/** Every unordered pair of the values, in their order. */
export function pairs<T>(values: readonly T[]): [T, T][] {
  return values.flatMap((first, index) => values.slice(index + 1).map((second) => [first, second] as [T, T]));
}

/**
 * Agreement per task of the labelers who submitted this item. A labeler without an entry for a task
 * gave no answer to a classification or transcript task, and drew nothing for a shape or segment task.
 */
export function itemAgreement(tasks: readonly Task[], results: readonly LabelerResult[], durationSeconds?: number | null): Record<string, TaskAgreement> {
  const agreement: Record<string, TaskAgreement> = {};
  for (const task of tasks) {
    const entriesOf = (result: LabelerResult) => result.result.filter((entry) => entry.task === task.key);
    const labelers = results.length;
    switch (task.type) {
      case "classification": {
        const answers = results.map((result) => classificationAnswer(entriesOf(result)));
        const votes: Record<string, number> = {};
        for (const answer of answers) if (answer !== null) votes[answer] = (votes[answer] ?? 0) + 1;
        // One unit (this item), one row per labeler.
        agreement[task.key] = { type: "classification", labelers, percentAgreement: statisticOf(percentAgreement(answers.map((answer) => [answer]))), votes };
        break;
      }
      case "bbox":
      case "polygon": {
        const shapes = new Map(results.map((result) => [result.labelerId, entriesOf(result) as Shape[]]));
        const { meanF1, meanIoU } = pairwiseShapeAgreement(shapes);
        agreement[task.key] = { type: task.type, labelers, meanF1, meanIoU };
        break;
      }
      case "segment": {
        const segmentsByLabeler = Object.fromEntries(results.map((result) => [result.labelerId, entriesOf(result) as TimedSegment[]]));
        const f1s = pairs(Object.values(segmentsByLabeler)).map(([first, second]) => matchSegments(first, second).f1);
        const frameAlpha = statisticOf(frameAgreement([{ durationSeconds: durationSeconds ?? undefined, segmentsByLabeler }]).overall);
        agreement[task.key] = { type: "segment", labelers, meanF1: mean(f1s, "fewer than two labelers"), frameAlpha };
        break;
      }
      case "transcript": {
        const texts = results.flatMap((result) => entriesOf(result).flatMap((entry) => (entry.type === "transcript" ? [entry.text] : [])));
        const consensus = transcriptConsensus(texts, { rules: DEFAULT_NORMALISATION });
        agreement[task.key] = { type: "transcript", labelers, meanWer: consensus.meanWerToOthers, medoid: consensus.medoidText, flagged: consensus.flagged };
        break;
      }
    }
  }
  return agreement;
}
