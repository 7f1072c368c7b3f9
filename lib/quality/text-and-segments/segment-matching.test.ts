import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchSegments, type SegmentMatchOptions } from "./segment-matching";
import { temporalIoU, type TimedSegment } from "./segments";

const span = (start: number, end: number, label = "speech"): TimedSegment => ({ label, start, end });

/** The best (most pairs, then most total IoU) matching by exhaustive search, for small inputs. */
function bestByExhaustiveSearch(reference: readonly TimedSegment[], candidate: readonly TimedSegment[], options: SegmentMatchOptions): { count: number; totalIoU: number } {
  const allowed = (r: TimedSegment, c: TimedSegment) =>
    (!options.classAware || r.label === c.label) &&
    (temporalIoU(r, c) >= (options.iouThreshold ?? 0.5) - 1e-9 ||
      (Math.abs(r.start - c.start) <= (options.boundaryToleranceSeconds ?? 0.2) + 1e-9 && Math.abs(r.end - c.end) <= (options.boundaryToleranceSeconds ?? 0.2) + 1e-9));
  const search = (row: number, used: ReadonlySet<number>): { count: number; totalIoU: number } => {
    if (row === reference.length) return { count: 0, totalIoU: 0 };
    let best = search(row + 1, used);
    candidate.forEach((c, column) => {
      if (used.has(column) || !allowed(reference[row]!, c)) return;
      const rest = search(row + 1, new Set([...used, column]));
      const option = { count: rest.count + 1, totalIoU: rest.totalIoU + temporalIoU(reference[row]!, c) };
      if (option.count > best.count || (option.count === best.count && option.totalIoU > best.totalIoU + 1e-12)) best = option;
    });
    return best;
  };
  return search(0, new Set());
}

describe("matchSegments", () => {
  it("matches optimally where greedy matching by IoU would pair fewer segments", () => {
    // Greedy takes r0–c0 (IoU 0.95) first and leaves r1 and c1, whose IoU is 0.19. The optimum pairs r0–c1 and r1–c0 (0.6 each).
    const reference = [span(0, 10), span(4, 10.5)];
    const candidate = [span(0.5, 10), span(0, 6)];
    const result = matchSegments(reference, candidate);
    expect(result.matches.map((m) => [m.referenceIndex, m.candidateIndex])).toEqual([[0, 1], [1, 0]]);
    expect(result).toMatchObject({ precision: { value: 1 }, recall: { value: 1 }, f1: 1, meanIoU: { value: expect.closeTo(0.6, 12) } });
  });

  it("also matches segments whose onset and offset are both within the tolerance, even without overlap", () => {
    const short = [span(1.0, 1.1)];
    const shifted = [span(1.15, 1.25)];
    expect(matchSegments(short, shifted).matches).toEqual([{ referenceIndex: 0, candidateIndex: 0, iou: 0, sameLabel: true }]);
    expect(matchSegments(short, shifted, { boundaryToleranceSeconds: 0.1 }).matches).toEqual([]);
    // Only the onset is close and IoU is 0.9 / 2.5 = 0.36: no match.
    expect(matchSegments([span(2, 3)], [span(2.1, 4.5)]).matches).toEqual([]);
    // Exactly 0.2 s apart in decimal, 0.2000000000000002 in floats: within the tolerance.
    expect(matchSegments([span(2.0, 2.5)], [span(2.2, 2.7)]).matches).toHaveLength(1);
  });

  it("compares labels after matching, or before when class-aware", () => {
    const reference = [span(0, 1, "speech")];
    const candidate = [span(0, 1, "music")];
    expect(matchSegments(reference, candidate).matches).toEqual([{ referenceIndex: 0, candidateIndex: 0, iou: 1, sameLabel: false }]);
    expect(matchSegments(reference, candidate, { classAware: true })).toMatchObject({ matches: [], f1: 0, meanIoU: { value: null } });
  });

  it("defines F1 = 1 when neither labeler drew a segment and leaves undefined rates with reasons", () => {
    expect(matchSegments([], [])).toEqual({
      matches: [],
      referenceCount: 0,
      candidateCount: 0,
      precision: { value: null, reason: "the candidate labeler drew no segment" },
      recall: { value: null, reason: "the reference labeler drew no segment" },
      f1: 1,
      meanIoU: { value: null, reason: "no segments matched" },
    });
    expect(matchSegments([span(0, 1)], [])).toMatchObject({ precision: { value: null }, recall: { value: 0 }, f1: 0 });
    expect(matchSegments([], [span(0, 1)])).toMatchObject({ precision: { value: 0 }, recall: { value: null }, f1: 0 });
  });

  it("refuses malformed segments and options with one-line messages", () => {
    expect(() => matchSegments([span(1, 0.5)], [])).toThrow(/^reference segment 0 \("speech"\) must have finite 0 <= start < end, got start 1, end 0.5$/);
    expect(() => matchSegments([], [span(0, Number.POSITIVE_INFINITY)])).toThrow(/^candidate segment 0/);
    expect(() => matchSegments([], [], { iouThreshold: 0 })).toThrow(/^iouThreshold must be in \(0, 1\], got 0$/);
    expect(() => matchSegments([], [], { boundaryToleranceSeconds: -0.1 })).toThrow(/^boundaryToleranceSeconds must be a finite number >= 0, got -0.1$/);
  });

  const segments = fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 15 }), fc.constantFrom("speech", "music"))
      .map(([start, length, label]) => span(start / 10, (start + length) / 10, label)),
    { maxLength: 5 },
  );
  const options = fc.record({ iouThreshold: fc.constantFrom(0.3, 0.5, 0.8), boundaryToleranceSeconds: fc.constantFrom(0, 0.2, 0.5), classAware: fc.boolean() });

  it("gives the same F1 and mean IoU, and swapped precision and recall, when the labelers are swapped", () => {
    fc.assert(
      fc.property(segments, segments, options, (a, b, chosen) => {
        const forward = matchSegments(a, b, chosen);
        const backward = matchSegments(b, a, chosen);
        expect(backward.f1).toBe(forward.f1);
        expect(backward.precision.value).toBe(forward.recall.value);
        expect(backward.recall.value).toBe(forward.precision.value);
        if (forward.meanIoU.value === null) expect(backward.meanIoU.value).toBeNull();
        else expect(backward.meanIoU.value).toBeCloseTo(forward.meanIoU.value, 12);
      }),
    );
  });

  it("finds as many pairs, and as much total IoU, as exhaustive search", () => {
    fc.assert(
      fc.property(segments, segments, options, (a, b, chosen) => {
        const { matches } = matchSegments(a, b, chosen);
        const best = bestByExhaustiveSearch(a, b, chosen);
        expect(matches).toHaveLength(best.count);
        expect(matches.reduce((sum, match) => sum + match.iou, 0)).toBeCloseTo(best.totalIoU, 9);
      }),
    );
  });
});
