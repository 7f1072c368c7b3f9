// Agreement among the labelers of one item, task by task, from Concord's annotation results.
// Pure: it maps the normative result format onto the statistics in this folder.
import type { ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";
import { percentAgreement } from "./categorical";
import { compareSegmentLabelers, perLabelF1, type LabelerResult, type SegmentComparisonOptions } from "./labeler-pairs";
import { pairwiseShapeAgreement, type Shape } from "./shapes";
import { defined, undefinedBecause, type Statistic } from "./statistic";
import { DEFAULT_NORMALISATION, frameAgreement, transcriptConsensus, type TranscribedSegment } from "./text-and-segments";

// Type aliases rather than interfaces: stored as JSON, they must fit Prisma's JSON type, which an interface (without an index signature) does not.
/** A segment task's figures for one label. */
export type SegmentLabelAgreement = {
  label: string;
  /** Matched F1 of this label's segments, pooled over the labeler pairs (perLabelF1); undefined with fewer than two labelers. */
  f1: Statistic;
  /** Frame alpha on this label's track (frameAgreement's per-label figure). */
  frameAlpha: Statistic;
};

/** A segment task's figures: over every label, then per label drawn, and for a task with transcripts their WER. */
export type SegmentAgreement = {
  labelers: number;
  /** Mean over labeler pairs of matched F1, segments matched within their label. */
  meanF1: Statistic;
  /** Frame alpha with every (frame, label) pair as a unit. */
  frameAlpha: Statistic;
  /** Labels in code-unit order. */
  perLabel: SegmentLabelAgreement[];
  /**
   * Tasks with transcripts only: mean over the matched segment pairs of every labeler pair where both segments have a
   * transcript, of the WER of the two (the mean of both directions).
   */
  transcriptWer?: Statistic;
};

export type TaskAgreement =
  | { type: "classification"; labelers: number; percentAgreement: Statistic; votes: Record<string, number> }
  | { type: "bbox" | "polygon"; labelers: number; meanF1: Statistic; meanIoU: Statistic }
  | ({ type: "segment" } & SegmentAgreement)
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

/** 1 − WER on a 0–1 scale, floored at 0 (WER exceeds 1 when a transcript is longer than the other); null when the WER is. */
function oneMinusWer(wer: Statistic | undefined): number | null {
  return wer === undefined || wer.value === null ? null : Math.max(0, 1 - wer.value);
}

/**
 * An item's figure for one task on a 0–1 scale, higher is better: percent agreement, matched F1, or
 * 1 − WER for transcripts; for segments with transcripts the lower of matched F1 and 1 − their WER.
 */
export function agreementScore(figure: TaskAgreement): number | null {
  switch (figure.type) {
    case "classification":
      return figure.percentAgreement.value;
    case "bbox":
    case "polygon":
      return figure.meanF1.value;
    case "segment": {
      const figures = [figure.meanF1.value, oneMinusWer(figure.transcriptWer)].filter((value) => value !== null);
      return figures.length ? Math.min(...figures) : null;
    }
    case "transcript":
      return oneMinusWer(figure.meanWer);
  }
}

/**
 * A segment task's agreement among the labelers of one clip: pairs compared as compareSegmentLabelers compares
 * them, frames as frameAgreement. `transcripts`: whether the task has transcripts (then transcriptWer is given).
 */
export function clipSegmentAgreement(
  segmentsByLabeler: Readonly<Record<string, readonly TranscribedSegment[]>>,
  options: SegmentComparisonOptions & { durationSeconds?: number; transcripts: boolean },
): SegmentAgreement {
  // Frames first: they refuse a malformed segment naming its labeler.
  const frames = frameAgreement([{ durationSeconds: options.durationSeconds, segmentsByLabeler }]);
  const comparisons = compareSegmentLabelers(new Map(Object.entries(segmentsByLabeler)), options);
  const f1ByLabel = new Map(perLabelF1(comparisons).map(({ label, f1 }) => [label, f1]));
  const tooFew = "fewer than two labelers";
  const agreement: SegmentAgreement = {
    labelers: Object.keys(segmentsByLabeler).length,
    meanF1: mean(comparisons.map((comparison) => comparison.agreement), tooFew),
    frameAlpha: statisticOf(frames.overall),
    perLabel: frames.perLabel.map(({ label, alpha }) => ({ label, f1: comparisons.length ? defined(f1ByLabel.get(label)!) : undefinedBecause(tooFew), frameAlpha: statisticOf(alpha) })),
  };
  if (!options.transcripts) return agreement;
  const wers = comparisons.flatMap((comparison) => comparison.segmentTranscriptWers ?? []);
  return { ...agreement, transcriptWer: mean(wers, comparisons.length ? "no matched segments both with a transcript" : tooFew) };
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
        const segmentsByLabeler = Object.fromEntries(results.map((result) => [result.labelerId, entriesOf(result) as TranscribedSegment[]]));
        const figures = clipSegmentAgreement(segmentsByLabeler, { durationSeconds: durationSeconds ?? undefined, transcripts: task.transcript, rules: DEFAULT_NORMALISATION });
        agreement[task.key] = { type: "segment", ...figures };
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
