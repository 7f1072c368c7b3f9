// One-to-one matching of two labelers' segments of a clip, and precision, recall, F1 and mean IoU on it.
//
// matchSegments(reference, candidate) reads "candidate evaluated against reference", as matchShapes does
// for boxes: precision = matches / candidate segments, recall = matches / reference segments. Between two
// labelers neither is ground truth; swapping them swaps precision and recall and leaves F1 and mean IoU.
import { assignByIoU } from "../shapes/assignment";
import { defined, undefinedBecause, type Statistic } from "../statistic";
import { assertValidSegments, temporalIoU, type TimedSegment } from "./segments";

export const DEFAULT_SEGMENT_IOU_THRESHOLD = 0.5;
export const DEFAULT_BOUNDARY_TOLERANCE_SECONDS = 0.2;
/** Slack for float error in the threshold and tolerance comparisons (|2.2 − 2.0| is 0.2000000000000002 in floats). */
const COMPARISON_SLACK = 1e-9;

export interface SegmentMatchOptions {
  /** Temporal IoU at which two segments can match; in (0, 1], default 0.5. */
  readonly iouThreshold?: number;
  /** Onset and offset tolerance in seconds, >= 0, default 0.2. */
  readonly boundaryToleranceSeconds?: number;
  /** When true only segments with equal labels can match; by default labels are compared after matching (`sameLabel`). */
  readonly classAware?: boolean;
}

export interface SegmentMatch {
  readonly referenceIndex: number;
  readonly candidateIndex: number;
  readonly iou: number;
  readonly sameLabel: boolean;
}

export interface SegmentMatchResult {
  /** Matched pairs, by reference index. */
  readonly matches: readonly SegmentMatch[];
  readonly referenceCount: number;
  readonly candidateCount: number;
  /** matches / candidateCount; undefined when the candidate drew no segment. */
  readonly precision: Statistic;
  /** matches / referenceCount; undefined when the reference drew no segment. */
  readonly recall: Statistic;
  /** 2 · matches / (referenceCount + candidateCount); 1 when neither drew a segment (identical annotations). */
  readonly f1: number;
  /** Mean temporal IoU of the matched pairs; undefined without matches. */
  readonly meanIoU: Statistic;
}

function resolveOptions(options: SegmentMatchOptions): Required<SegmentMatchOptions> {
  const iouThreshold = options.iouThreshold ?? DEFAULT_SEGMENT_IOU_THRESHOLD;
  if (!(Number.isFinite(iouThreshold) && iouThreshold > 0 && iouThreshold <= 1)) throw new Error(`iouThreshold must be in (0, 1], got ${iouThreshold}`);
  const boundaryToleranceSeconds = options.boundaryToleranceSeconds ?? DEFAULT_BOUNDARY_TOLERANCE_SECONDS;
  if (!(Number.isFinite(boundaryToleranceSeconds) && boundaryToleranceSeconds >= 0)) {
    throw new Error(`boundaryToleranceSeconds must be a finite number >= 0, got ${boundaryToleranceSeconds}`);
  }
  return { iouThreshold, boundaryToleranceSeconds, classAware: options.classAware ?? false };
}

/**
 * Optimal one-to-one matching of two labelers' segments of one clip.
 *
 * Two segments r and c can match when (classAware: only with r.label = c.label)
 *   IoU(r, c) >= iouThreshold, or |r.start − c.start| <= tolerance and |r.end − c.end| <= tolerance.
 * The second arm is the onset-and-offset condition of event-based sound event evaluation (Mesaros,
 * Heittola & Virtanen 2016, "Metrics for Polyphonic Sound Event Detection", sed_eval) with a fixed
 * collar in seconds and no length-relative offset collar; it lets short segments match whose IoU suffers
 * from a small absolute shift. Both comparisons allow 1e-9 of float slack.
 *
 * Among the allowed pairs the matching has the most pairs, then the largest total IoU (Hungarian
 * algorithm on munkres, through the shared assignByIoU of lib/quality/shapes), so F1 does not depend on
 * segment order. Greedy matching by IoU can pair fewer segments and is not used.
 */
export function matchSegments(reference: readonly TimedSegment[], candidate: readonly TimedSegment[], options: SegmentMatchOptions = {}): SegmentMatchResult {
  const { iouThreshold, boundaryToleranceSeconds, classAware } = resolveOptions(options);
  assertValidSegments(reference, "reference");
  assertValidSegments(candidate, "candidate");
  const columns = candidate.length;
  const iou = new Float64Array(reference.length * columns);
  reference.forEach((first, row) => candidate.forEach((second, column) => (iou[row * columns + column] = temporalIoU(first, second))));
  const canMatch = (row: number, column: number): boolean => {
    const first = reference[row]!;
    const second = candidate[column]!;
    if (classAware && first.label !== second.label) return false;
    if (iou[row * columns + column]! >= iouThreshold - COMPARISON_SLACK) return true;
    const tolerance = boundaryToleranceSeconds + COMPARISON_SLACK;
    return Math.abs(first.start - second.start) <= tolerance && Math.abs(first.end - second.end) <= tolerance;
  };
  // Threshold 0 hands the whole eligibility rule to canMatch.
  const matches = assignByIoU(iou, reference.length, columns, 0, canMatch).map(([row, column]) => ({
    referenceIndex: row,
    candidateIndex: column,
    iou: iou[row * columns + column]!,
    sameLabel: reference[row]!.label === candidate[column]!.label,
  }));

  const matched = matches.length;
  const segmentCount = reference.length + columns;
  return {
    matches,
    referenceCount: reference.length,
    candidateCount: columns,
    precision: columns === 0 ? undefinedBecause("the candidate labeler drew no segment") : defined(matched / columns),
    recall: reference.length === 0 ? undefinedBecause("the reference labeler drew no segment") : defined(matched / reference.length),
    f1: segmentCount === 0 ? 1 : (2 * matched) / segmentCount,
    meanIoU: matched === 0 ? undefinedBecause("no segments matched") : defined(matches.reduce((sum, match) => sum + match.iou, 0) / matched),
  };
}
