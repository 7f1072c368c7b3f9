// One-to-one matching of two labelers' shapes on an item, and the detection-style agreement measures
// built on it (precision, recall and F1 at an IoU threshold, as in PASCAL VOC and COCO evaluation, but
// with an optimal instead of a greedy, score-ordered matching: there are no detection scores to order by).
//
// Conventions. matchShapes(reference, candidate) reads like "candidate evaluated against reference":
// precision = matches / candidate shapes, recall = matches / reference shapes. Between two labelers
// neither is ground truth: swapping them swaps precision and recall and leaves F1 and (up to rounding)
// mean IoU unchanged, since the number of matches and their total IoU are those of an optimal matching.
// Class agreement can differ only when several matchings are equally good and the solver picks another.
// pairwiseShapeAgreement makes the labeler whose id sorts first the reference.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import { assignByIoU } from "./assignment";
import { fillIoUMatrix, prepareShapes, type PreparedShapes } from "./iou";
import { mean } from "./mean";
import type { Shape, ShapesByLabeler } from "./types";

export type ShapeMatchOptions = {
  /** A pair of shapes can match when their IoU is at least this; in (0, 1], default 0.5 (PASCAL VOC, COCO AP50). */
  readonly iouThreshold?: number;
  /** When true only shapes with equal labels can match; by default matching is on geometry alone and labels are compared afterwards. */
  readonly classAware?: boolean;
};

export type ShapeMatch = {
  readonly referenceIndex: number;
  readonly candidateIndex: number;
  readonly iou: number;
  readonly sameLabel: boolean;
};

export type ShapeMatchResult = {
  /** Matched pairs, by reference index. */
  readonly matches: readonly ShapeMatch[];
  readonly referenceCount: number;
  readonly candidateCount: number;
  /** matches / candidateCount; undefined when the candidate drew nothing. */
  readonly precision: Statistic;
  /** matches / referenceCount; undefined when the reference drew nothing. */
  readonly recall: Statistic;
  /**
   * Harmonic mean of precision and recall, 2 · matches / (referenceCount + candidateCount). When neither
   * labeler drew a shape the two annotations are identical and F1 is 1 by convention (so that
   * shapeAnnotationDistance of two empty annotations is 0, as a distance must be).
   */
  readonly f1: number;
  /** Mean IoU of the matched pairs; undefined without matches. */
  readonly meanIoU: Statistic;
  /** Fraction of matched pairs with equal labels (1 by construction when class-aware); undefined without matches. */
  readonly classAgreement: Statistic;
};

export const DEFAULT_IOU_THRESHOLD = 0.5;

/** The threshold to use, or an Error for one outside (0, 1]: at 0, shapes that do not overlap at all would match. */
export function resolveIoUThreshold(threshold: number | undefined): number {
  const value = threshold ?? DEFAULT_IOU_THRESHOLD;
  if (!(Number.isFinite(value) && value > 0 && value <= 1)) throw new Error(`iouThreshold must be in (0, 1], got ${String(value)}`);
  return value;
}

/**
 * Optimal one-to-one matching of two annotations of the same item by IoU, and the measures above.
 * Matching maximises the number of pairs with IoU >= threshold, then their total IoU (assignment.ts:
 * Hungarian algorithm on 1 − IoU with forbidden pairs priced out). Throws on malformed shapes or an
 * out-of-range threshold. O(r · c) IoUs plus O(min(r, c)² · max(r, c)) for the assignment.
 */
export function matchShapes(reference: readonly Shape[], candidate: readonly Shape[], options: ShapeMatchOptions = {}): ShapeMatchResult {
  const threshold = resolveIoUThreshold(options.iouThreshold);
  const preparedReference = prepareShapes(reference, (index) => `reference shape ${index}`);
  const preparedCandidate = prepareShapes(candidate, (index) => `candidate shape ${index}`);
  return matchPrepared(preparedReference, preparedCandidate, threshold, options.classAware ?? false);
}

export type LabelerPairAgreement = {
  readonly reference: string;
  readonly candidate: string;
  readonly result: ShapeMatchResult;
};

export type ItemShapeAgreement = {
  /** Every pair of labelers once, the labeler whose id sorts first as reference. */
  readonly pairs: readonly LabelerPairAgreement[];
  /** Mean F1 over the labeler pairs; undefined with fewer than two labelers. */
  readonly meanF1: Statistic;
  /** Mean IoU over all matched shapes of all labeler pairs (pooled, so pairs with more matches weigh more). */
  readonly meanIoU: Statistic;
};

/**
 * Matching and agreement for every pair of labelers on one item. Each labeler's shapes are validated
 * and prepared once, then reused by all of that labeler's pairs. For L labelers with n shapes each:
 * L(L − 1)/2 matchings of O(n²) IoUs and O(n³) assignment.
 */
export function pairwiseShapeAgreement(shapesByLabeler: ShapesByLabeler, options: ShapeMatchOptions = {}): ItemShapeAgreement {
  const threshold = resolveIoUThreshold(options.iouThreshold);
  const classAware = options.classAware ?? false;
  const labelers = [...shapesByLabeler.keys()].sort();
  const prepared = labelers.map((labeler) => prepareShapes(shapesByLabeler.get(labeler) ?? [], (index) => `shape ${index} of labeler "${labeler}"`));
  const pairs: LabelerPairAgreement[] = [];
  for (let r = 0; r < labelers.length; r++) {
    for (let c = r + 1; c < labelers.length; c++) {
      pairs.push({ reference: labelers[r]!, candidate: labelers[c]!, result: matchPrepared(prepared[r]!, prepared[c]!, threshold, classAware) });
    }
  }
  if (pairs.length === 0) {
    const reason = "fewer than two labelers annotated this item";
    return { pairs, meanF1: undefinedBecause(reason), meanIoU: undefinedBecause(reason) };
  }
  const matchedIoUs = pairs.flatMap(({ result }) => result.matches.map((match) => match.iou));
  return {
    pairs,
    meanF1: defined(mean(pairs.map(({ result }) => result.f1))),
    meanIoU: matchedIoUs.length === 0 ? undefinedBecause("no shapes matched between any two labelers") : defined(mean(matchedIoUs)),
  };
}

function matchPrepared(reference: PreparedShapes, candidate: PreparedShapes, threshold: number, classAware: boolean): ShapeMatchResult {
  const rows = reference.shapes.length;
  const columns = candidate.shapes.length;
  const iou = new Float64Array(rows * columns);
  fillIoUMatrix(reference, candidate, iou);
  const sameLabel = (row: number, column: number) => reference.shapes[row]!.label === candidate.shapes[column]!.label;
  const matches = assignByIoU(iou, rows, columns, threshold, classAware ? sameLabel : undefined).map(([row, column]) => ({
    referenceIndex: row,
    candidateIndex: column,
    iou: iou[row * columns + column]!,
    sameLabel: sameLabel(row, column),
  }));
  const matched = matches.length;
  const noMatches = "no pair of shapes matched";
  return {
    matches,
    referenceCount: rows,
    candidateCount: columns,
    precision: columns === 0 ? undefinedBecause("the candidate drew no shapes") : defined(matched / columns),
    recall: rows === 0 ? undefinedBecause("the reference drew no shapes") : defined(matched / rows),
    f1: rows + columns === 0 ? 1 : (2 * matched) / (rows + columns),
    meanIoU: matched === 0 ? undefinedBecause(noMatches) : defined(mean(matches.map((match) => match.iou))),
    classAgreement: matched === 0 ? undefinedBecause(noMatches) : defined(matches.filter((match) => match.sameLabel).length / matched),
  };
}
