// Scoring tasks whose answers are sets of labelled objects: boxes, polygons and audio segments. An item's final label
// with no object of the task is a final label ("nothing here"), and so is an empty prediction: both are scored.
import { labelCoverage } from "../quality/text-and-segments/frames";
import { matchSegments } from "../quality/text-and-segments/segment-matching";
import { matchShapes } from "../quality/shapes/matching";
import type { ResultEntry } from "../validation/annotation";
import { allowedLabels, type Task } from "../validation/project";
import { AveragePrecision50, type ScoredShape } from "./average-precision";
import { ClassCounts, f1Of, type Counts } from "./class-counts";
import type { RatioPair } from "./poisson-bootstrap";
import type { ModelScore, TaskFigures, TaskScoring } from "./scoring";
import type { PredictedEntry } from "./types";

type ShapeTask = Extract<Task, { type: "bbox" | "polygon" }>;
type SegmentTask = Extract<Task, { type: "segment" }>;
type SegmentEntry = Extract<ResultEntry, { type: "segment" }>;

const IOU_THRESHOLD = 0.5;

/** The entries of one task and type: a polygon task's entries are polygons, a box task's boxes. */
function entriesOf<Type extends ResultEntry["type"]>(result: readonly PredictedEntry[], taskKey: string, type: Type): Extract<PredictedEntry, { type: Type }>[] {
  return result.filter((entry): entry is Extract<PredictedEntry, { type: Type }> => entry.task === taskKey && entry.type === type);
}

/**
 * One comparison's contribution from a one-to-one matching: (2·TP, 2·TP + FP + FN), so that pooled over items it is
 * the matched F1, 2·ΣTP / (Σreference + Σcandidate). An item where neither side has an object gives (0, 0) and
 * contributes nothing. Returns also the item's F1 (1 when both sides are empty, as matchShapes has it).
 */
function matchedPair(referenceCount: number, candidateCount: number, matches: number): { pair: RatioPair; f1: number } {
  const denominator = referenceCount + candidateCount;
  return { pair: { numerator: 2 * matches, denominator }, f1: denominator === 0 ? 1 : (2 * matches) / denominator };
}

/** Per-label TP, FP and FN of a class-aware matching (matched objects share their label). */
function countPerLabel(counts: ClassCounts, references: readonly { label: string }[], candidates: readonly { label: string }[], matchedReferences: readonly number[]): void {
  const tally = (objects: readonly { label: string }[]) => objects.reduce((byLabel, { label }) => byLabel.set(label, (byLabel.get(label) ?? 0) + 1), new Map<string, number>());
  const referencesByLabel = tally(references);
  const candidatesByLabel = tally(candidates);
  const matchesByLabel = tally(matchedReferences.map((index) => references[index]!));
  for (const label of new Set([...referencesByLabel.keys(), ...candidatesByLabel.keys()])) {
    const truePositives = matchesByLabel.get(label) ?? 0;
    counts.add(label, truePositives, (candidatesByLabel.get(label) ?? 0) - truePositives, (referencesByLabel.get(label) ?? 0) - truePositives);
  }
}

const matchSummary = (matches: readonly { referenceIndex: number; iou: number }[]) => ({
  matchedReferences: matches.map((pair) => pair.referenceIndex),
  iouSum: matches.reduce((total, pair) => total + pair.iou, 0),
});

/** How one kind of object is taken from a result, matched, and summed up beyond the matched counts. */
interface ObjectKind<Entry extends { label: string }> {
  measure: "matched F1 at IoU 0.5" | "segment F1";
  objectsOf: (result: readonly PredictedEntry[]) => Entry[];
  /** A one-to-one matching: the matched references' indices and the matched pairs' total IoU. */
  match: (references: Entry[], candidates: Entry[]) => { matchedReferences: number[]; iouSum: number };
  /** Sees the model's objects of each item, for the kind's own figures. */
  observeModel: (references: Entry[], predicted: Entry[]) => void;
  figures: (counts: ClassCounts, matchedIoU: { sum: number; matches: number }) => TaskFigures;
}

/** The scoring both object kinds share. */
function objectScoring<Entry extends { label: string }>(task: Exclude<Task, { type: "classification" | "transcript" }>, kind: ObjectKind<Entry>): TaskScoring {
  const { measure, objectsOf, match, observeModel } = kind;
  const counts = new ClassCounts(allowedLabels(task));
  const matchedIoU = { sum: 0, matches: 0 };
  return {
    measure,
    scoreModel(final, prediction): ModelScore {
      const references = objectsOf(final);
      const predicted = objectsOf(prediction);
      const { matchedReferences, iouSum } = match(references, predicted);
      countPerLabel(counts, references, predicted, matchedReferences);
      matchedIoU.sum += iouSum;
      matchedIoU.matches += matchedReferences.length;
      observeModel(references, predicted);
      const { pair, f1 } = matchedPair(references.length, predicted.length, matchedReferences.length);
      return { pair, outcome: { measure: f1, error: f1 < 1 } };
    },
    scoreAnswer(final, answer) {
      const references = objectsOf(final);
      const answered = objectsOf(answer);
      return matchedPair(references.length, answered.length, match(references, answered).matchedReferences.length).pair;
    },
    figures: () => kind.figures(counts, matchedIoU),
  };
}

/**
 * Box or polygon scoring (source: PASCAL VOC and COCO detection evaluation at IoU 0.5). Model and labelers alike:
 * shapes matched one to one (lib/quality/shapes matchShapes: the most pairs, then the largest total IoU) among pairs of
 * equal label with IoU ≥ 0.5, contributing (2·TP, 2·TP + FP + FN), so the pooled figure is the matched F1. Per class:
 * precision, recall and F1 from the matched TP, FP and FN, and AP50 (average-precision.ts, which ranks by score).
 * Overall: meanIoU of the model's matched pairs and ap50, the mean of the classes' AP50.
 */
export function shapeScoring(task: ShapeTask): TaskScoring {
  const averagePrecision = new AveragePrecision50();
  const shapesOf = (result: readonly PredictedEntry[]): ScoredShape[] => (task.type === "bbox" ? entriesOf(result, task.key, "bbox") : entriesOf(result, task.key, "polygon"));
  return objectScoring(task, {
    measure: "matched F1 at IoU 0.5",
    objectsOf: shapesOf,
    match(references, candidates) {
      return matchSummary(matchShapes(references, candidates, { iouThreshold: IOU_THRESHOLD, classAware: true }).matches);
    },
    observeModel: (references, predicted) => averagePrecision.addItem(references, predicted),
    figures(counts, matchedIoU) {
      const ap50 = averagePrecision.perClass();
      const perClass = counts.figures();
      for (const [label, figures] of Object.entries(perClass)) figures.ap50 = ap50.get(label) ?? null;
      return { overall: { meanIoU: matchedIoU.matches > 0 ? matchedIoU.sum / matchedIoU.matches : null, ap50: averagePrecision.mean() }, perClass };
    },
  });
}

/**
 * Segment scoring. Model and labelers alike: segments matched one to one (lib/quality/text-and-segments
 * matchSegments, class-aware) among pairs of equal label with temporal IoU ≥ 0.5 (no onset/offset collar, so IoU
 * alone decides), contributing (2·TP, 2·TP + FP + FN): the pooled segment F1. Per class: precision, recall and F1 from
 * the matched counts, and frame F1; overall frameF1 pools every label's frames. Frames are labelCoverage's grid
 * (frames.ts: 10 ms frames, a frame belongs to a segment when its midpoint lies in it) over the item's span up to
 * the latest end of either side; a frame covered by a label on both sides is a TP of that label, on the prediction's
 * side only an FP, on the final label's only an FN.
 */
export function segmentScoring(task: SegmentTask): TaskScoring {
  const frames = new ClassCounts(allowedLabels(task));
  const segmentsOf = (result: readonly PredictedEntry[]): SegmentEntry[] => entriesOf(result, task.key, "segment");
  return objectScoring(task, {
    measure: "segment F1",
    objectsOf: segmentsOf,
    match(references, candidates) {
      return matchSummary(matchSegments(references, candidates, { iouThreshold: IOU_THRESHOLD, boundaryToleranceSeconds: 0, classAware: true }).matches);
    },
    observeModel: (references, predicted) => countFrames(frames, references, predicted),
    figures(counts) {
      const perClass = counts.figures();
      const frameFigures = frames.figures();
      for (const [label, figures] of Object.entries(perClass)) figures.frameF1 = frameFigures[label]?.f1 ?? null;
      return { overall: { frameF1: f1Of(frames.pooled()) }, perClass };
    },
  });
}

function countFrames(frames: ClassCounts, references: readonly SegmentEntry[], predicted: readonly SegmentEntry[]): void {
  const durationSeconds = [...references, ...predicted].reduce((latest, segment) => Math.max(latest, segment.end), 0);
  const reference = labelCoverage({ durationSeconds, segmentsByLabeler: { final: references } }).counts;
  const prediction = labelCoverage({ durationSeconds, segmentsByLabeler: { model: predicted } }).counts;
  for (const label of new Set([...reference.keys(), ...prediction.keys()])) {
    const referenceFrames = reference.get(label);
    const predictedFrames = prediction.get(label);
    const counts: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
    const frameCount = (referenceFrames ?? predictedFrames)!.length;
    for (let frame = 0; frame < frameCount; frame++) {
      const inReference = (referenceFrames?.[frame] ?? 0) > 0;
      const inPrediction = (predictedFrames?.[frame] ?? 0) > 0;
      if (inReference && inPrediction) counts.truePositives++;
      else if (inPrediction) counts.falsePositives++;
      else if (inReference) counts.falseNegatives++;
    }
    frames.add(label, counts.truePositives, counts.falsePositives, counts.falseNegatives);
  }
}
