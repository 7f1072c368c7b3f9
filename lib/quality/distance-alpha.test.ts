import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "./categorical/krippendorff";
import { distanceAlpha } from "./distance-alpha";

const nominal = (a: number | string, b: number | string) => (a === b ? 0 : 1);
const interval = (a: number, b: number) => (a - b) ** 2;

/** Items (one list of values per unit) from coder-by-unit reliability data, dropping missing values. */
function itemsOf<V extends number | string>(data: readonly (readonly (V | null)[])[]): V[][] {
  return (data[0] ?? []).map((_, unit) => data.flatMap((row) => row[unit] ?? []));
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units,
// missing data; alpha_nominal = 0.743, alpha_interval = 0.849.
const KRIPPENDORFF_2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe("distanceAlpha", () => {
  it("reproduces Krippendorff's (2011) worked example with the nominal and the interval distance", () => {
    const items = itemsOf(KRIPPENDORFF_2011);
    const byNominal = distanceAlpha(items, nominal);
    expect(byNominal.value).toBeCloseTo(0.743, 3);
    expect(byNominal.pairableAnnotations).toBe(40);
    expect(distanceAlpha(items, interval).value).toBeCloseTo(0.849, 3);
  });

  it("equals krippendorffAlpha when the distance is a measurement level's", () => {
    const data = fc.integer({ min: 2, max: 4 }).chain((coders) =>
      fc.integer({ min: 1, max: 8 }).chain((units) =>
        fc.array(fc.array(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null, freq: 4 }), { minLength: units, maxLength: units }), { minLength: coders, maxLength: coders }),
      ),
    );
    fc.assert(
      fc.property(data, (reliabilityData) => {
        const items = itemsOf(reliabilityData);
        for (const [distance, level] of [[nominal, "nominal"], [interval, "interval"]] as const) {
          const ours = distanceAlpha(items, distance);
          const reference = krippendorffAlpha(reliabilityData, { level });
          if (reference.value === null) expect(ours.value).toBeNull();
          else expect(ours.value).toBeCloseTo(reference.value, 9);
          expect(ours.pairableAnnotations).toBe(reference.pairableValues);
        }
      }),
    );
  });

  it("is 1 when the annotations of every item agree and not all items are alike", () => {
    const items = fc.array(fc.tuple(fc.string(), fc.integer({ min: 2, max: 5 })), { minLength: 2, maxLength: 8 }).filter((pairs) => new Set(pairs.map(([value]) => value)).size > 1);
    fc.assert(
      fc.property(items, (pairs) => {
        const result = distanceAlpha(pairs.map(([value, copies]) => Array<string>(copies).fill(value)), nominal);
        expect(result).toMatchObject({ value: 1, observed: 0 });
      }),
    );
  });

  it("weights each item's pairs by 1/(m − 1) in D_o and pools all pairs in D_e", () => {
    // Item 1: [0, 0, 3] (3 annotations), item 2: [0, 6]; distance |a − b|; n = 5.
    // D_o = (1/5) [ 2/(3 − 1) · (0 + 3 + 3) + 2/(2 − 1) · 6 ] = (6 + 12) / 5 = 3.6
    //   (an unweighted mean over the 4 within-item pairs would be 12 / 4 = 3).
    // D_e: the 10 pairs of {0, 0, 3, 0, 6} sum to 30, so D_e = 2 · 30 / (5 · 4) = 3.  alpha = 1 − 3.6 / 3 = −0.2.
    const result = distanceAlpha(
      [
        [0, 0, 3],
        [0, 6],
      ],
      (a: number, b: number) => Math.abs(a - b),
    );
    expect(result.observed).toBeCloseTo(3.6, 12);
    expect(result.expected).toBeCloseTo(3, 12);
    expect(result.value).toBeCloseTo(-0.2, 12);
  });

  it("is undefined, with a reason, without pairable items or without expected disagreement", () => {
    expect(distanceAlpha([], nominal)).toEqual({ value: null, reason: "no item has two or more annotations", observed: null, expected: null, pairableAnnotations: 0 });
    expect(distanceAlpha([["a"], ["b"]], nominal)).toMatchObject({ value: null, pairableAnnotations: 0 });
    const alike = distanceAlpha([["a", "a"], ["a", "a", "a"], ["b"]], nominal);
    expect(alike).toMatchObject({ value: null, observed: 0, expected: 0, pairableAnnotations: 5 });
    expect(alike.reason).toMatch(/expected disagreement is 0/);
  });

  it("refuses a distance that is negative or not finite", () => {
    expect(() => distanceAlpha([[1, 2]], () => -1)).toThrow(/^distance returned -1; it must be a finite number >= 0$/);
    expect(() => distanceAlpha([[1, 2]], () => Number.NaN)).toThrow(/^distance returned NaN/);
  });
});
