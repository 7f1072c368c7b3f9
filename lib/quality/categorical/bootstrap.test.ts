import { describe, expect, it } from "vitest";
import { bootstrapAlpha, bootstrapCohenKappa, quantile } from "./bootstrap";
import { cohenKappa } from "./cohen-kappa";
import { krippendorffAlpha } from "./krippendorff";
import { KRIPPENDORFF_2011 } from "./published-examples.fixtures";

// Two raters who agree on 70% of 200 items over 4 classes, built deterministically.
const first = Array.from({ length: 200 }, (_, unit) => unit % 4);
const second = first.map((value, unit) => (unit % 10 < 7 ? value : (value + 1 + (unit % 3)) % 4));

describe("quantile", () => {
  it("interpolates linearly between order statistics like NumPy's default (numpy.percentile docs: median of [10, 7, 4, 3, 2, 1] is 3.5)", () => {
    expect(quantile(Float64Array.of(1, 2, 3, 4, 7, 10), 0.5)).toBe(3.5);
    expect(quantile(Float64Array.of(1, 2, 3, 4), 0.25)).toBe(1.75);
    expect(quantile(Float64Array.of(5), 0.975)).toBe(5);
  });
});

describe("bootstrapAlpha", () => {
  it("is reproducible: the same seed gives the identical interval, another seed another one", () => {
    const options = { level: "interval" as const, seed: 20240611, resamples: 500 };
    const once = bootstrapAlpha(KRIPPENDORFF_2011, options);
    expect(bootstrapAlpha(KRIPPENDORFF_2011, options)).toEqual(once);
    expect(bootstrapAlpha(KRIPPENDORFF_2011, { ...options, seed: 7 }).interval).not.toEqual(once.interval);
  });

  it("reports the point estimate and an interval around it, with the defaults of 1000 resamples at 95%", () => {
    const result = bootstrapAlpha(KRIPPENDORFF_2011, { level: "nominal", seed: 1 });
    expect(result.estimate).toEqual(krippendorffAlpha(KRIPPENDORFF_2011, { level: "nominal" }));
    expect(result).toMatchObject({ confidenceLevel: 0.95, resamples: 1000 });
    expect(result.definedResamples).toBeGreaterThan(900);
    expect(result.interval.lower).toBeLessThan(result.estimate.value!);
    expect(result.interval.upper).toBeGreaterThanOrEqual(result.estimate.value!);
    expect(result.interval.upper).toBeLessThanOrEqual(1);
  });

  it("nests intervals: with the same seed, a 99% interval contains the 80% one (ordinal, resampled marginals)", () => {
    const wide = bootstrapAlpha(KRIPPENDORFF_2011, { level: "ordinal", seed: 3, confidenceLevel: 0.99 }).interval;
    const narrow = bootstrapAlpha(KRIPPENDORFF_2011, { level: "ordinal", seed: 3, confidenceLevel: 0.8 }).interval;
    expect(wide.lower).toBeLessThanOrEqual(narrow.lower!);
    expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper!);
  });

  it("skips and counts resamples where alpha is undefined", () => {
    // Two units, each in its own category: a resample drawing the same unit twice has a single category.
    const result = bootstrapAlpha([["a", "b"], ["a", "b"]], { level: "nominal", seed: 5, resamples: 200 });
    expect(result.estimate.value).toBe(1);
    expect(result.definedResamples).toBeGreaterThan(0);
    expect(result.definedResamples).toBeLessThan(200);
    expect(result.interval).toEqual({ lower: 1, upper: 1 });
  });

  it("gives no interval when alpha is undefined on the full data", () => {
    const result = bootstrapAlpha([["a", null], [null, "a"]], { level: "nominal", seed: 1 });
    expect(result.interval).toEqual({ lower: null, upper: null, reason: "the statistic is undefined on the full data: no pairable values: no unit was rated by at least two coders" });
    expect(result.definedResamples).toBe(0);
  });

  it.each<[string, object, RegExp]>([
    ["a fractional seed", { seed: 1.5 }, /Bootstrap seed 1.5 is not an integer from 0 to 2\^32 - 1/],
    ["a negative seed", { seed: -1 }, /Bootstrap seed -1/],
    ["zero resamples", { seed: 1, resamples: 0 }, /Bootstrap resamples 0 is not a positive integer/],
    ["a confidence level of 1", { seed: 1, confidenceLevel: 1 }, /Confidence level 1 is not strictly between 0 and 1/],
    ["a confidence level given in percent", { seed: 1, confidenceLevel: 95 }, /Confidence level 95/],
  ])("throws on %s", (_, options, message) => {
    expect(() => bootstrapCohenKappa(first, second, options as { seed: number })).toThrow(message);
  });
});

describe("bootstrapCohenKappa", () => {
  it("is reproducible and brackets the point estimate", () => {
    const options = { seed: 42, resamples: 400, weights: "linear" as const };
    const result = bootstrapCohenKappa(first, second, options);
    expect(bootstrapCohenKappa(first, second, options)).toEqual(result);
    expect(result.estimate).toEqual(cohenKappa(first, second, { weights: "linear" }));
    expect(result.definedResamples).toBe(400);
    expect(result.interval.lower).toBeLessThan(result.estimate.value!);
    expect(result.interval.upper).toBeGreaterThan(result.estimate.value!);
  });

  it("nests intervals: with the same seed, a 99% interval contains the 80% one", () => {
    const wide = bootstrapCohenKappa(first, second, { seed: 9, confidenceLevel: 0.99 }).interval;
    const narrow = bootstrapCohenKappa(first, second, { seed: 9, confidenceLevel: 0.8 }).interval;
    expect(wide.lower).toBeLessThanOrEqual(narrow.lower!);
    expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper!);
  });

  it("gives no interval when kappa is undefined on the full data", () => {
    const result = bootstrapCohenKappa(["a", "a"], ["a", "a"], { seed: 1 });
    expect(result.estimate.value).toBeNull();
    expect(result.interval.lower).toBeNull();
    expect(result.interval.reason).toMatch(/undefined on the full data: both raters used one and the same category/);
  });
});
