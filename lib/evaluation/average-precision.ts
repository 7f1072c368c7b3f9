// COCO-style average precision at IoU 0.5 (AP50) for boxes and polygons, accumulated item by item.
import { prepareShapes, preparedIoU } from "../quality/shapes/iou";
import type { Shape } from "../quality/shapes/types";

/** pycocotools' Params.maxDets[-1]: at most this many detections per image and class, the best scored. */
export const MAX_DETECTIONS_PER_ITEM = 100;
const IOU_THRESHOLD = 0.5;
/** pycocotools' recThrs, np.linspace(0, 1, 101): i · 0.01, the last exactly 1. */
const RECALL_THRESHOLDS = Array.from({ length: 101 }, (_, index) => (index === 100 ? 1 : index * 0.01));
/** np.spacing(1), which pycocotools adds to precision's denominator. */
const EPSILON = 2 ** -52;

export type ScoredShape = Shape & { score?: number };

interface ClassDetections {
  references: number;
  scores: number[];
  truePositive: boolean[];
}

/**
 * AP at IoU 0.5 per class and its mean over classes, as pycocotools' COCOeval (cocodataset/cocoapi,
 * PythonAPI/pycocotools/cocoeval.py) computes them with iouThrs = [0.5], areaRng "all", maxDets 100, useCats 1 and no
 * crowd or ignored objects:
 * - evaluateImg, per item and class: the detections sorted by score, descending (stable; a missing score counts as 1),
 *   the first 100 kept; each in turn matched to the unmatched reference of the same class with the highest IoU ≥ 0.5
 *   (on a tie the later reference, as pycocotools' `<` comparison gives), or left a false positive.
 * - accumulate, per class over all items: detections in item order, stably sorted by score descending; cumulative
 *   TP and FP; precision TP / (TP + FP + ε) made non-increasing from the right; at each of the 101 recall thresholds
 *   0, 0.01, …, 1 the precision at the first rank whose recall reaches it, 0 when none does; AP is the mean of the 101.
 * - A class without references has no AP (pycocotools' −1, left out of the mean); a class with references and no
 *   detections has AP 0. The mean is over the classes with an AP, null when there is none.
 * IoU is exact (boxes in closed form, polygons clipped: lib/quality/shapes/iou.ts) where pycocotools rasterizes
 * polygon masks. Throws on malformed shapes and on a score that is not a finite number. O(d · r) IoUs per item for d
 * detections and r references; O(D log D) per class to accumulate.
 */
export class AveragePrecision50 {
  private readonly byClass = new Map<string, ClassDetections>();

  private classOf(label: string): ClassDetections {
    let detections = this.byClass.get(label);
    if (!detections) this.byClass.set(label, (detections = { references: 0, scores: [], truePositive: [] }));
    return detections;
  }

  addItem(references: readonly Shape[], detections: readonly ScoredShape[]): void {
    for (const label of new Set([...references, ...detections].map((shape) => shape.label))) {
      const ownReferences = references.filter((shape) => shape.label === label);
      const ownDetections = detections
        .filter((shape) => shape.label === label)
        .map((shape, index) => ({ shape, index, score: scoreOf(shape) }))
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, MAX_DETECTIONS_PER_ITEM);
      const preparedReferences = prepareShapes(ownReferences, (index) => `reference shape ${index}`);
      const preparedDetections = prepareShapes(
        ownDetections.map(({ shape }) => shape),
        (index) => `predicted shape ${index}`,
      );
      const matched = new Array<boolean>(ownReferences.length).fill(false);
      const tally = this.classOf(label);
      tally.references += ownReferences.length;
      ownDetections.forEach(({ score }, detection) => {
        let best = Math.min(IOU_THRESHOLD, 1 - 1e-10);
        let match = -1;
        for (let reference = 0; reference < ownReferences.length; reference++) {
          if (matched[reference]) continue;
          const iou = preparedIoU(preparedDetections, detection, preparedReferences, reference);
          if (iou < best) continue;
          best = iou;
          match = reference;
        }
        if (match >= 0) matched[match] = true;
        tally.scores.push(score);
        tally.truePositive.push(match >= 0);
      });
    }
  }

  /** AP50 of each class with references, in code-unit order of the labels; null for a class with none. */
  perClass(): Map<string, number | null> {
    return new Map([...this.byClass.keys()].sort().map((label) => [label, classAveragePrecision(this.byClass.get(label)!)]));
  }

  /** The mean of the defined per-class APs; null when no class has references. */
  mean(): number | null {
    const defined = [...this.perClass().values()].filter((value): value is number => value !== null);
    return defined.length > 0 ? defined.reduce((total, value) => total + value, 0) / defined.length : null;
  }
}

/** A detection's rank key: its score, 1 when it has none. */
function scoreOf(shape: ScoredShape): number {
  if (shape.score === undefined) return 1;
  if (!Number.isFinite(shape.score)) throw new Error(`predicted shape "${shape.label}": score is ${String(shape.score)}, expected a finite number`);
  return shape.score;
}

function classAveragePrecision({ references, scores, truePositive }: ClassDetections): number | null {
  if (references === 0) return null;
  const order = scores.map((_, index) => index).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const recall: number[] = [];
  const precision: number[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (const index of order) {
    if (truePositive[index]) truePositives++;
    else falsePositives++;
    recall.push(truePositives / references);
    precision.push(truePositives / (truePositives + falsePositives + EPSILON));
  }
  for (let rank = precision.length - 1; rank > 0; rank--) precision[rank - 1] = Math.max(precision[rank - 1]!, precision[rank]!);
  let total = 0;
  let rank = 0;
  for (const threshold of RECALL_THRESHOLDS) {
    // np.searchsorted(recall, threshold, side="left"): recall is non-decreasing, and so are the thresholds.
    while (rank < recall.length && recall[rank]! < threshold) rank++;
    if (rank < recall.length) total += precision[rank]!;
  }
  return total / RECALL_THRESHOLDS.length;
}
