import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { krippendorffAlpha, type MeasurementLevel } from "./krippendorff";
import { KRIPPENDORFF_2011, WIKIPEDIA_KRIPPENDORFF } from "./published-examples.fixtures";

describe("krippendorffAlpha, published examples", () => {
  // Published to three decimals: nominal .743, ordinal .815, interval .849, ratio .797 (Krippendorff 2011; irr's
  // kripp.alpha example output; fast-krippendorff tests/test_krippendorff.py). The exact fractions were computed by hand
  // for this test in rational arithmetic, from the pairwise definition rather than the coincidence matrix:
  // nominal 113/152, ordinal 108577/133160, interval 951/1120, ratio 18222619/22852465.
  it.each<[MeasurementLevel, number, number]>([
    ["nominal", 0.743, 113 / 152],
    ["ordinal", 0.815, 108577 / 133160],
    ["interval", 0.849, 951 / 1120],
    ["ratio", 0.797, 18222619 / 22852465],
  ])("reproduces Krippendorff (2011) section E at the %s level", (level, published, exact) => {
    const result = krippendorffAlpha(KRIPPENDORFF_2011, { level });
    expect(result.value).toBeCloseTo(published, 3);
    expect(result.value).toBeCloseTo(exact, 12);
    expect(result.pairableValues).toBe(40);
  });

  it("reports the disagreements of Krippendorff (2011) nominal: D_o = 8/40, D_e = 30.4/39 (computed by hand)", () => {
    // o_cc sums to 32 of n = 40 pairable values; Σ n_c² = 9² + 13² + 10² + 5² + 3² = 384, so D_e = (1600 − 384) / (40 · 39).
    const result = krippendorffAlpha(KRIPPENDORFF_2011, { level: "nominal" });
    expect(result.observedDisagreement).toBeCloseTo(8 / 40, 14);
    expect(result.expectedDisagreement).toBeCloseTo(1216 / 1560, 14);
  });

  it("reproduces the Wikipedia example as in fast-krippendorff's tests: nominal 0.691358, interval 0.810845", () => {
    expect(krippendorffAlpha(WIKIPEDIA_KRIPPENDORFF, { level: "nominal" }).value).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(WIKIPEDIA_KRIPPENDORFF, { level: "interval" }).value).toBeCloseTo(0.810845, 6);
    // Exact values, computed by hand in rational arithmetic: 56/81 and 643/793.
    expect(krippendorffAlpha(WIKIPEDIA_KRIPPENDORFF, { level: "nominal" }).value).toBeCloseTo(56 / 81, 14);
    expect(krippendorffAlpha(WIKIPEDIA_KRIPPENDORFF, { level: "interval" }).value).toBeCloseTo(643 / 793, 14);
  });

  it("reproduces fast-krippendorff test_string_labels_nominal: 0.722222", () => {
    const data = [
      ["pos", "neg", "neu", null],
      ["pos", "neg", "neu", "pos"],
      ["pos", "neg", "pos", "pos"],
    ];
    expect(krippendorffAlpha(data, { level: "nominal" }).value).toBeCloseTo(0.722222, 6);
  });

  it("reproduces fast-krippendorff test_string_labels_ordinal_with_domain: 0.815 with an explicit order", () => {
    const names = ["very low", "low", "mid", "high", "very high"];
    const data = KRIPPENDORFF_2011.map((row) => row.map((value) => (value === null ? null : names[value - 1]!)));
    expect(krippendorffAlpha(data, { level: "ordinal", categories: names }).value).toBeCloseTo(108577 / 133160, 12);
  });

  it("reproduces fast-krippendorff test_ratio_metric_with_zeros: 1", () => {
    expect(krippendorffAlpha([[0, 1, 2], [0, 1, 2]], { level: "ratio" }).value).toBe(1);
  });
});

describe("krippendorffAlpha, degenerate input", () => {
  const undefinedWithoutPairs = { value: null, observedDisagreement: null, expectedDisagreement: null, pairableValues: 0 };

  it("is undefined on empty input", () => {
    expect(krippendorffAlpha([], { level: "nominal" })).toMatchObject(undefinedWithoutPairs);
    expect(krippendorffAlpha([[], []], { level: "interval" })).toMatchObject(undefinedWithoutPairs);
  });

  it("is undefined with one coder per unit (fast-krippendorff test_error_insufficient_coders_per_unit)", () => {
    const result = krippendorffAlpha([[1, null], [null, 2]], { level: "nominal" });
    expect(result).toMatchObject(undefinedWithoutPairs);
    expect(result.reason).toMatch(/no pairable values/);
    expect(krippendorffAlpha([[1, 2, 3]], { level: "nominal" })).toMatchObject(undefinedWithoutPairs);
  });

  it("is undefined when every pairable value is in one category (fast-krippendorff test_error_single_value_in_domain)", () => {
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      const result = krippendorffAlpha([[1, 1], [1, 1]], { level });
      expect(result).toMatchObject({ value: null, observedDisagreement: 0, expectedDisagreement: 0, pairableValues: 4 });
      expect(result.reason).toMatch(/expected disagreement is 0/);
    }
  });

  it("ignores values that cannot be paired: a lone rating does not make a second category", () => {
    expect(krippendorffAlpha([[1, 1, 2], [1, 1, null]], { level: "nominal" }).value).toBeNull();
  });
});

describe("krippendorffAlpha, malformed input", () => {
  it.each<[string, () => unknown, RegExp]>([
    ["ragged rows", () => krippendorffAlpha([[1, 2], [1]], { level: "nominal" }), /Ragged reliability data: coder 1 has 1 ratings but coder 0 has 2/],
    ["an unknown level", () => krippendorffAlpha([[1]], { level: "cardinal" as MeasurementLevel }), /Unknown measurement level "cardinal"/],
    ["a rating outside the categories", () => krippendorffAlpha([[1, 3], [1, 2]], { level: "nominal", categories: [1, 2] }), /Rating 3 \(coder 0, unit 1\) is not in the category list/],
    ["ordinal strings without an order", () => krippendorffAlpha([["low", "high"], ["low", "high"]], { level: "ordinal" }), /needs an explicit category order/],
    ["interval strings", () => krippendorffAlpha([["a", "b"], ["a", "b"]], { level: "interval" }), /Interval alpha needs numeric ratings; got "a"/],
    ["negative ratio values", () => krippendorffAlpha([[-1, 2], [1, 2]], { level: "ratio" }), /Ratio alpha needs non-negative ratings; got -1/],
    ["numbers mixed with strings", () => krippendorffAlpha([[1, "1"], [1, "1"]], { level: "nominal" }), /mix numbers and strings/],
    ["NaN", () => krippendorffAlpha([[1, Number.NaN], [1, 2]], { level: "nominal" }), /Invalid rating NaN \(coder 0, unit 1\)/],
    ["a duplicate category", () => krippendorffAlpha([[1], [1]], { level: "nominal", categories: [1, 1] }), /Duplicate category 1/],
  ])("throws on %s", (_, run, message) => {
    expect(run).toThrow(message);
  });
});

/** Alpha straight from Krippendorff's pairwise definition, O(n²) in the pairable values: the reference for the properties. */
function pairwiseAlpha(data: readonly (readonly (number | null)[])[], level: MeasurementLevel, order: readonly number[]): number | null {
  const units = (data[0] ?? []).map((_, unit) => data.map((row) => row[unit]!).filter((value) => value !== null)).filter((values) => values.length >= 2);
  const values = units.flat();
  const frequency = (category: number) => values.filter((value) => value === category).length;
  const delta = (c: number, k: number): number => {
    if (level === "nominal") return c === k ? 0 : 1;
    if (level === "interval") return (c - k) ** 2;
    if (level === "ratio") return c + k === 0 ? 0 : ((c - k) / (c + k)) ** 2;
    const [low, high] = [order.indexOf(c), order.indexOf(k)].sort((a, b) => a - b) as [number, number];
    const between = order.slice(low, high + 1).reduce((sum, category) => sum + frequency(category), 0);
    return (between - (frequency(c) + frequency(k)) / 2) ** 2;
  };
  const sumOverPairs = (list: number[]) => list.reduce((sum, c, i) => sum + list.reduce((inner, k, j) => inner + (i === j ? 0 : delta(c, k)), 0), 0);
  const observed = units.reduce((sum, unit) => sum + sumOverPairs(unit) / (unit.length - 1), 0);
  const expected = sumOverPairs(values);
  return expected === 0 ? null : 1 - ((values.length - 1) * observed) / expected;
}

const rating = fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 4 });
const reliabilityData = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 12 }))
  .chain(([coders, units]) => fc.array(fc.array(rating, { minLength: units, maxLength: units }), { minLength: coders, maxLength: coders }));
const levels = fc.constantFrom<MeasurementLevel>("nominal", "ordinal", "interval", "ratio");

describe("krippendorffAlpha, properties", () => {
  it("matches the pairwise definition at every level", () => {
    fc.assert(
      fc.property(reliabilityData, levels, (data, level) => {
        const expected = pairwiseAlpha(data, level, [0, 1, 2, 3, 4]);
        const actual = krippendorffAlpha(data, { level }).value;
        if (expected === null) expect(actual).toBeNull();
        else expect(actual).toBeCloseTo(expected, 9);
      }),
    );
  });

  it("is symmetric in the coders: reordering the rows does not change alpha", () => {
    fc.assert(
      fc.property(reliabilityData, levels, (data, level) => {
        const reversed = krippendorffAlpha([...data].reverse(), { level }).value;
        const original = krippendorffAlpha(data, { level }).value;
        if (original === null) expect(reversed).toBeNull();
        else expect(reversed).toBeCloseTo(original, 12);
      }),
    );
  });

  it("is invariant to relabeling the categories of nominal data", () => {
    fc.assert(
      fc.property(reliabilityData, fc.shuffledSubarray(["p", "q", "r", "s", "t"], { minLength: 5, maxLength: 5 }), (data, names) => {
        const relabeled = data.map((row) => row.map((value) => (value === null ? null : names[value]!)));
        const original = krippendorffAlpha(data, { level: "nominal" }).value;
        const renamed = krippendorffAlpha(relabeled, { level: "nominal" }).value;
        if (original === null) expect(renamed).toBeNull();
        else expect(renamed).toBeCloseTo(original, 12);
      }),
    );
  });

  it("does not change when the ordinal order lists categories nobody used", () => {
    fc.assert(
      fc.property(reliabilityData, (data) => {
        const original = krippendorffAlpha(data, { level: "ordinal" }).value;
        const padded = krippendorffAlpha(data, { level: "ordinal", categories: [-1, 0, 1, 2, 3, 4, 5] }).value;
        if (original === null) expect(padded).toBeNull();
        else expect(padded).toBeCloseTo(original, 12);
      }),
    );
  });

  it("is exactly 1 on perfect agreement with more than one category, at every level", () => {
    const perfect = fc
      .tuple(fc.integer({ min: 2, max: 5 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 12 }))
      .chain(([coders, truth]) =>
        fc.tuple(fc.constant(truth), fc.array(fc.array(fc.boolean(), { minLength: truth.length, maxLength: truth.length }), { minLength: coders, maxLength: coders })),
      )
      .map(([truth, rated]) => rated.map((row) => row.map((isRated, unit) => (isRated ? truth[unit]! : null))));
    fc.assert(
      fc.property(perfect, levels, (data, level) => {
        const pairable = new Set(data[0]!.flatMap((_, unit) => (data.filter((row) => row[unit] !== null).length >= 2 ? [data.find((row) => row[unit] !== null)![unit]] : [])));
        fc.pre(pairable.size > 1);
        expect(krippendorffAlpha(data, { level }).value).toBe(1);
      }),
    );
  });
});
