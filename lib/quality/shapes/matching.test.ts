import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boxIoU } from "./iou";
import { matchShapes, pairwiseShapeAgreement } from "./matching";
import { corners, gridBox, span } from "./test-shapes";
import type { BoxShape } from "./types";

// Boxes built with span() are 10 high and share y, so their IoU is the 1-D interval IoU:
// IoU([a1, a2], [b1, b2]) = overlap / (length a + length b − overlap).

describe("matchShapes", () => {
  it("finds the optimal pairing where greedy highest-IoU-first matching loses a match", () => {
    // Reference A1 = [1, 11], A2 = [−2, 8]; candidate B1 = [0, 10], B2 = [4, 14].
    //   A1·B1 = 9/11 ≈ 0.818   A1·B2 = 7/13 ≈ 0.538
    //   A2·B1 = 8/12 ≈ 0.667   A2·B2 = 4/16 = 0.25
    // Greedy takes A1·B1 first, leaving A2·B2 under 0.5: 1 match, F1 = 2·1 / (2 + 2) = 0.5.
    // Optimal: A1·B2 and A2·B1, both >= 0.5: 2 matches, F1 = 1, mean IoU (7/13 + 2/3) / 2 = 47/78.
    const result = matchShapes([span(1, 11), span(-2, 8)], [span(0, 10), span(4, 14)]);
    expect(result.matches.map(({ referenceIndex, candidateIndex }) => [referenceIndex, candidateIndex])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(result.matches[0]!.iou).toBeCloseTo(7 / 13, 15);
    expect(result.matches[1]!.iou).toBeCloseTo(2 / 3, 15);
    expect(result.f1).toBe(1);
    expect(result.meanIoU.value).toBeCloseTo(47 / 78, 15);
  });

  it("prefers more matches over more total IoU, where Hungarian on 1 − IoU alone would lose one", () => {
    // Reference A1 = [0, 3], A2 = [0, 4]; candidate B1 = [0, 7], B2 = [0, 5] (nested intervals).
    //   A1·B1 = 3/7 ≈ 0.429   A1·B2 = 3/5 = 0.6
    //   A2·B1 = 4/7 ≈ 0.571   A2·B2 = 4/5 = 0.8
    // Maximum total IoU: A1·B1 + A2·B2 = 43/35 > A1·B2 + A2·B1 = 41/35, but A1·B1 is under the
    // threshold, so dropping it afterwards leaves 1 match (F1 0.5; greedy also gets only A2·B2).
    // Pricing sub-threshold pairs out finds A1·B2 and A2·B1: 2 matches, mean IoU 41/70.
    const result = matchShapes([span(0, 3), span(0, 4)], [span(0, 7), span(0, 5)]);
    expect(result.matches.map(({ referenceIndex, candidateIndex }) => [referenceIndex, candidateIndex])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(result.f1).toBe(1);
    expect(result.meanIoU.value).toBeCloseTo(41 / 70, 15);
  });

  it("takes precision over the candidate's shapes and recall over the reference's", () => {
    // Reference draws three objects, the candidate two of them: [1, 11] against [0, 10] (IoU 9/11)
    // and an exact copy (IoU 1). Precision 2/2, recall 2/3, F1 = 2·2 / (3 + 2) = 4/5.
    const reference = [corners(0, 0, 10, 10), corners(20, 0, 30, 10), corners(40, 0, 50, 10)];
    const candidate = [corners(1, 0, 11, 10), corners(20, 0, 30, 10)];
    const result = matchShapes(reference, candidate);
    expect(result).toMatchObject({ referenceCount: 3, candidateCount: 2, precision: { value: 1 }, recall: { value: 2 / 3 }, f1: 4 / 5 });
    expect(result.meanIoU.value).toBeCloseTo((9 / 11 + 1) / 2, 15);
    const swapped = matchShapes(candidate, reference);
    expect(swapped).toMatchObject({ precision: { value: 2 / 3 }, recall: { value: 1 }, f1: 4 / 5 });
  });

  it("matches at exactly the threshold, not under it", () => {
    // [0, 2] against [0, 1]: IoU 1/2.
    expect(matchShapes([span(0, 2)], [span(0, 1)]).matches).toHaveLength(1);
    expect(matchShapes([span(0, 2)], [span(0, 1)], { iouThreshold: 0.75 }).matches).toHaveLength(0);
  });

  it("compares labels after matching by default, and only matches equal labels when class-aware", () => {
    const reference = [span(0, 10, "car"), span(20, 30, "bus")];
    const candidate = [span(0, 10, "car"), span(20, 30, "car")];
    const agnostic = matchShapes(reference, candidate);
    expect(agnostic).toMatchObject({ f1: 1, classAgreement: { value: 0.5 } });
    expect(agnostic.matches.map((match) => match.sameLabel)).toEqual([true, false]);
    const aware = matchShapes(reference, candidate, { classAware: true });
    expect(aware).toMatchObject({ f1: 0.5, classAgreement: { value: 1 }, precision: { value: 0.5 }, recall: { value: 0.5 } });
  });

  it("matches boxes with polygons by their regions", () => {
    const result = matchShapes([corners(0, 0, 2, 2)], [{ task: "boxes", type: "polygon", label: "thing", points: [[0, 0], [2, 0], [2, 2], [0, 2]] }]);
    expect(result.f1).toBe(1);
    expect(result.meanIoU.value).toBeCloseTo(1, 12);
  });

  it("gives F1 1 and undefined rates with reasons when neither labeler drew anything", () => {
    expect(matchShapes([], [])).toEqual({
      matches: [],
      referenceCount: 0,
      candidateCount: 0,
      precision: { value: null, reason: "the candidate drew no shapes" },
      recall: { value: null, reason: "the reference drew no shapes" },
      f1: 1,
      meanIoU: { value: null, reason: "no pair of shapes matched" },
      classAgreement: { value: null, reason: "no pair of shapes matched" },
    });
  });

  it("gives F1 0 when one side drew nothing or nothing overlaps", () => {
    expect(matchShapes([], [span(0, 1), span(5, 6)])).toMatchObject({ f1: 0, precision: { value: 0 }, recall: { value: null } });
    expect(matchShapes([span(0, 1)], [])).toMatchObject({ f1: 0, precision: { value: null }, recall: { value: 0 } });
    expect(matchShapes([span(0, 1)], [span(5, 6)])).toMatchObject({ f1: 0, meanIoU: { value: null, reason: "no pair of shapes matched" } });
  });

  it("never matches zero-area shapes, even identical ones", () => {
    const point = corners(3, 3, 3, 3);
    expect(matchShapes([point], [point]).f1).toBe(0);
  });

  it("refuses malformed shapes and thresholds outside (0, 1]", () => {
    expect(() => matchShapes([span(0, 1)], [span(0, 1), { ...span(0, 1), width: -1 }])).toThrow("candidate shape 1: width and height must not be negative (got -1 × 10)");
    expect(() => matchShapes([span(0, 1)], [span(0, 1)], { iouThreshold: 0 })).toThrow("iouThreshold must be in (0, 1], got 0");
    expect(() => matchShapes([span(0, 1)], [span(0, 1)], { iouThreshold: 1.5 })).toThrow("iouThreshold must be in (0, 1], got 1.5");
    expect(() => matchShapes([span(0, 1)], [span(0, 1)], { iouThreshold: Number.NaN })).toThrow("iouThreshold must be in (0, 1], got NaN");
  });
});

/** The best (most pairs, then most total IoU) partial one-to-one pairing, by trying them all. */
function bruteForceBest(reference: readonly BoxShape[], candidate: readonly BoxShape[], threshold: number, classAware: boolean): { count: number; total: number } {
  let best = { count: 0, total: 0 };
  const used = new Set<number>();
  const visit = (row: number, count: number, total: number): void => {
    if (row === reference.length) {
      if (count > best.count || (count === best.count && total > best.total)) best = { count, total };
      return;
    }
    visit(row + 1, count, total);
    candidate.forEach((shape, column) => {
      const iou = boxIoU(reference[row]!, shape);
      if (used.has(column) || iou < threshold || (classAware && shape.label !== reference[row]!.label)) return;
      used.add(column);
      visit(row + 1, count + 1, total + iou);
      used.delete(column);
    });
  };
  visit(0, 0, 0);
  return best;
}

describe("matchShapes properties", () => {
  const boxes = fc.array(gridBox, { maxLength: 5 });
  const options = fc.record({ iouThreshold: fc.constantFrom(0.3, 0.5, 0.7), classAware: fc.boolean() });

  it("finds as many pairs and as much total IoU as exhaustive search", () => {
    fc.assert(
      fc.property(boxes, boxes, options, (reference, candidate, { iouThreshold, classAware }) => {
        const result = matchShapes(reference, candidate, { iouThreshold, classAware });
        const best = bruteForceBest(reference, candidate, iouThreshold, classAware);
        expect(result.matches).toHaveLength(best.count);
        expect(result.matches.reduce((sum, match) => sum + match.iou, 0)).toBeCloseTo(best.total, 12);
        expect(new Set(result.matches.map((match) => match.candidateIndex)).size).toBe(result.matches.length);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same F1 and mean IoU, with precision and recall swapped, when the labelers are swapped", () => {
    fc.assert(
      fc.property(boxes, boxes, options, (a, b, matchOptions) => {
        const forward = matchShapes(a, b, matchOptions);
        const backward = matchShapes(b, a, matchOptions);
        expect(backward.f1).toBe(forward.f1);
        expect(backward.precision.value).toBe(forward.recall.value);
        expect(backward.recall.value).toBe(forward.precision.value);
        expect(backward.meanIoU.value ?? -1).toBeCloseTo(forward.meanIoU.value ?? -1, 12);
      }),
      { numRuns: 500 },
    );
  });

  it("does not depend on the order of the shapes", () => {
    const reorderings = fc.tuple(boxes, boxes).chain(([a, b]) =>
      fc.tuple(fc.constant(a), fc.constant(b), fc.shuffledSubarray(a, { minLength: a.length }), fc.shuffledSubarray(b, { minLength: b.length })),
    );
    fc.assert(
      fc.property(reorderings, ([a, b, shuffledA, shuffledB]) => {
        const original = matchShapes(a, b);
        const shuffled = matchShapes(shuffledA, shuffledB);
        expect(shuffled.f1).toBe(original.f1);
        expect(shuffled.meanIoU.value ?? -1).toBeCloseTo(original.meanIoU.value ?? -1, 12);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps F1 in [0, 1] and gives F1 1 for an annotation against itself", () => {
    fc.assert(
      fc.property(boxes, boxes, (a, b) => {
        const { f1 } = matchShapes(a, b);
        expect(f1).toBeGreaterThanOrEqual(0);
        expect(f1).toBeLessThanOrEqual(1);
        expect(matchShapes(a, a).f1).toBe(1);
      }),
    );
  });
});

describe("pairwiseShapeAgreement", () => {
  it("matches every pair of labelers once, the id that sorts first as reference", () => {
    // ab and bo drew the same box; cy drew nothing. F1: ab–bo 1, ab–cy 0, bo–cy 0; mean 1/3.
    // The only match has IoU 1.
    const item = new Map([
      ["cy", []],
      ["bo", [span(0, 10)]],
      ["ab", [span(0, 10)]],
    ]);
    const agreement = pairwiseShapeAgreement(item);
    expect(agreement.pairs.map(({ reference, candidate, result }) => [reference, candidate, result.f1])).toEqual([
      ["ab", "bo", 1],
      ["ab", "cy", 0],
      ["bo", "cy", 0],
    ]);
    expect(agreement.meanF1.value).toBeCloseTo(1 / 3, 15);
    expect(agreement.meanIoU).toEqual({ value: 1 });
  });

  it("pools the IoUs of all matches across labeler pairs", () => {
    // a–b: [0, 10]·[1, 11] = 9/11; a–c: [0, 10]·[0, 10] = 1; b–c: [1, 11]·[0, 10] = 9/11.
    const agreement = pairwiseShapeAgreement(new Map([["a", [span(0, 10)]], ["b", [span(1, 11)]], ["c", [span(0, 10)]]]));
    expect(agreement.meanF1).toEqual({ value: 1 });
    expect(agreement.meanIoU.value).toBeCloseTo((9 / 11 + 1 + 9 / 11) / 3, 15);
  });

  it("is undefined, with a reason, for fewer than two labelers or when nothing matches", () => {
    const reason = "fewer than two labelers annotated this item";
    expect(pairwiseShapeAgreement(new Map([["solo", [span(0, 1)]]]))).toEqual({ pairs: [], meanF1: { value: null, reason }, meanIoU: { value: null, reason } });
    expect(pairwiseShapeAgreement(new Map())).toEqual({ pairs: [], meanF1: { value: null, reason }, meanIoU: { value: null, reason } });
    const apart = pairwiseShapeAgreement(new Map([["a", [span(0, 1)]], ["b", [span(5, 6)]]]));
    expect(apart.meanF1).toEqual({ value: 0 });
    expect(apart.meanIoU).toEqual({ value: null, reason: "no shapes matched between any two labelers" });
  });

  it("names the labeler of a malformed shape", () => {
    expect(() => pairwiseShapeAgreement(new Map([["a", [span(0, 1)]], ["b", [{ ...span(0, 1), y: Infinity }]]]))).toThrow(
      'shape 0 of labeler "b": y is Infinity, expected a finite number',
    );
  });
});
