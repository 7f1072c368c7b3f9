import { matchShapes, type ShapeMatchOptions } from "./matching";
import type { Shape } from "./types";

/**
 * Distance between two whole annotations of one item (all of one labeler's shapes against all of
 * another's), for distance-based chance-corrected agreement such as Krippendorff's alpha with a custom
 * distance, or the annotation-distance models of Braylan & Lease, "Modeling and Aggregation of Complex
 * Annotations via Annotation Distances" (WWW 2020).
 *
 * Definition: 1 − F1 of the optimal one-to-one matching at the IoU threshold (matchShapes), in [0, 1].
 * 0 for identical annotations, two empty ones included; 1 when nothing matches or exactly one side is
 * empty. Symmetric (F1 does not depend on which side is the reference). Not a metric: the triangle
 * inequality can fail, which Krippendorff's alpha does not need. Zero-area shapes never match, so an
 * annotation containing one is not at distance 0 from itself.
 *
 * Braylan & Lease's reference code (github.com/Praznat/annotationmodeling, eval_functions.py,
 * iou_score_multi) scores multi-box annotations differently, by the mean over all boxes of each box's
 * best IoU on the other side, and gives two empty annotations the score 0; matched F1 is used here so
 * that the distance agrees with the pairwise F1 that Concord reports.
 *
 * Throws on malformed shapes or options. Cost: one matchShapes call.
 */
export function shapeAnnotationDistance(a: readonly Shape[], b: readonly Shape[], options?: ShapeMatchOptions): number {
  return 1 - matchShapes(a, b, options).f1;
}
