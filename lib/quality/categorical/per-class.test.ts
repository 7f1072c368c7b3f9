import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "./krippendorff";
import { perClassAlpha } from "./per-class";
import { KRIPPENDORFF_2011 } from "./published-examples.fixtures";
import type { Category, Rating } from "./ratings";

const binarise = (data: Rating[][], category: Category) => data.map((row) => row.map((value) => (value === null ? null : value === category ? "in" : "out")));

describe("perClassAlpha", () => {
  it("computes one-against-the-rest nominal alpha by hand: units (a, a), (a, b), (b, b) give 4/9 for each class", () => {
    // n = 6, n_a = 3, o_aa = 2: α_a = 1 − (n − 1)(n_a − o_aa) / (n_a (n − n_a)) = 1 − 5 · 1 / 9.
    const result = perClassAlpha([["a", "a", "b"], ["a", "b", "b"]]);
    expect(result.map(({ category, value, valuesInClass }) => ({ category, valuesInClass, value: value! }))).toEqual([
      { category: "a", valuesInClass: 3, value: expect.closeTo(4 / 9, 14) },
      { category: "b", valuesInClass: 3, value: expect.closeTo(4 / 9, 14) },
    ]);
  });

  it("equals nominal alpha on the binarised Krippendorff (2011) data, class by class", () => {
    for (const classAlpha of perClassAlpha(KRIPPENDORFF_2011)) {
      const direct = krippendorffAlpha(binarise(KRIPPENDORFF_2011, classAlpha.category), { level: "nominal" });
      expect(classAlpha.value).toBeCloseTo(direct.value!, 14);
      expect(classAlpha.observedDisagreement).toBeCloseTo(direct.observedDisagreement!, 14);
      expect(classAlpha.expectedDisagreement).toBeCloseTo(direct.expectedDisagreement!, 14);
    }
    // Class 5 is only ever used unanimously (unit 10), so its alpha is 1.
    expect(perClassAlpha(KRIPPENDORFF_2011).find((result) => result.category === 5)?.value).toBe(1);
  });

  it("equals nominal alpha on binarised data for random data", () => {
    const data = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 12 }))
      .chain(([coders, units]) => fc.array(fc.array(fc.option(fc.constantFrom("a", "b", "c"), { nil: null, freq: 4 }), { minLength: units, maxLength: units }), { minLength: coders, maxLength: coders }));
    fc.assert(
      fc.property(data, (ratings) => {
        for (const classAlpha of perClassAlpha(ratings, { categories: ["a", "b", "c"] })) {
          const direct = krippendorffAlpha(binarise(ratings, classAlpha.category), { level: "nominal" }).value;
          if (direct === null) expect(classAlpha.value).toBeNull();
          else expect(classAlpha.value).toBeCloseTo(direct, 12);
        }
      }),
    );
  });

  it("is undefined for a class nobody used, a class holding every value, and without pairable values", () => {
    const [unused] = perClassAlpha([["a", "a"], ["a", "a"]], { categories: ["b", "a"] });
    expect(unused).toMatchObject({ category: "b", value: null, reason: '"b" never occurs among the pairable values', valuesInClass: 0 });
    const [everything] = perClassAlpha([["a", "a"], ["a", "a"]]);
    expect(everything).toMatchObject({ category: "a", value: null, reason: 'every pairable value is "a"', valuesInClass: 4 });
    const [lonely] = perClassAlpha([["a", null], [null, "a"]]);
    expect(lonely).toMatchObject({ value: null, pairableValues: 0 });
    expect(lonely?.reason).toMatch(/no pairable values/);
    expect(perClassAlpha([])).toEqual([]);
  });

  it("throws on malformed input", () => {
    expect(() => perClassAlpha([["a"], []])).toThrow(/Ragged reliability data/);
    expect(() => perClassAlpha([["a"], ["z"]], { categories: ["a"] })).toThrow(/not in the category list/);
  });
});
