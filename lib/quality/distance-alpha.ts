// Krippendorff's alpha for annotations of any kind, given a distance between two whole annotations of an
// item (a transcript, a set of segments, a set of boxes ...), as used by Braylan & Lease (2020),
// "Modeling and Aggregation of Complex Annotations via Annotation Distances", WWW 2020, and studied in
// Braylan, Alonso & Lease (2022), "Measuring Annotator Agreement Generally across Complex Structured,
// Multi-object, and Free-text Annotation Tasks", WWW 2022: alpha = 1 − D_o / D_e.
import { defined, undefinedBecause, type Statistic } from "./statistic";

export type DistanceAlphaResult = Statistic & {
  /** D_o, or null when no item has two annotations. */
  readonly observed: number | null;
  /** D_e, or null when no item has two annotations. */
  readonly expected: number | null;
  /** Annotations in items with at least two annotations (Krippendorff's n). */
  readonly pairableAnnotations: number;
};

/**
 * alpha = 1 − D_o / D_e over items, each a list of its annotations (one per labeler; labelers are not
 * identified, as in Krippendorff's coincidence form).
 *
 * Pairing and weighting follow Krippendorff's general form exactly (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability", section E), with the distance δ in place of the metric difference:
 * - only items with m_u >= 2 annotations count ("pairable"); n = Σ m_u over them;
 * - D_o = (1/n) Σ_u 1/(m_u − 1) Σ_{i≠j in u} δ(a_i, a_j): the mean distance between two annotations of
 *   the same item, each item's pairs weighted so that every annotation counts equally (with the same
 *   number of annotations on every item, the plain mean over within-item pairs);
 * - D_e = 1/(n(n − 1)) Σ_{i≠j} δ(a_i, a_j) over all pairs of the n annotations, pooled across items
 *   (pairs within an item included).
 * With δ = [a ≠ b] this is nominal alpha and with δ = (a − b)² interval alpha, value for value.
 * The authors' released code (github.com/Praznat/annotationmodeling, agreement.py) differs slightly:
 * it averages within-item pairs unweighted and takes D_e over pairs from different items only; the two
 * agree as the number of items grows. Here, alpha keeps Krippendorff's small-sample form.
 *
 * The distance must be symmetric, finite and >= 0, and 0 for identical annotations; each unordered pair
 * is evaluated once. A distance that returns anything else throws. Undefined (null with a reason): no
 * item with two annotations, or D_e = 0 (every annotation at distance 0 from every other).
 *
 * O(n²) distance evaluations (D_e needs every pair), O(n) memory.
 */
export function distanceAlpha<A>(items: readonly (readonly A[])[], distance: (a: A, b: A) => number): DistanceAlphaResult {
  const pairable = items.filter((annotations) => annotations.length >= 2);
  const measure = (a: A, b: A): number => {
    const value = distance(a, b);
    if (!(Number.isFinite(value) && value >= 0)) throw new Error(`distance returned ${value}; it must be a finite number >= 0`);
    return value;
  };

  // Within-item pairs feed both D_o and D_e; pairs across items only D_e.
  let observedSum = 0;
  let withinSum = 0;
  for (const annotations of pairable) {
    let itemSum = 0;
    for (let i = 0; i < annotations.length; i++) {
      for (let j = i + 1; j < annotations.length; j++) itemSum += measure(annotations[i]!, annotations[j]!);
    }
    withinSum += itemSum;
    observedSum += (2 * itemSum) / (annotations.length - 1);
  }
  let acrossSum = 0;
  for (let first = 0; first < pairable.length; first++) {
    for (let second = first + 1; second < pairable.length; second++) {
      for (const a of pairable[first]!) for (const b of pairable[second]!) acrossSum += measure(a, b);
    }
  }

  const n = pairable.reduce((count, annotations) => count + annotations.length, 0);
  if (n === 0) return { ...undefinedBecause("no item has two or more annotations"), observed: null, expected: null, pairableAnnotations: 0 };
  const expectedSum = withinSum + acrossSum;
  const observed = observedSum / n;
  const expected = (2 * expectedSum) / (n * (n - 1));
  const counts = { observed, expected, pairableAnnotations: n };
  if (expectedSum === 0) return { ...undefinedBecause("every annotation is at distance 0 from every other, so expected disagreement is 0 and alpha is 0/0"), ...counts };
  return { ...defined(1 - observed / expected), ...counts };
}
