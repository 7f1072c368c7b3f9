import { describe, expect, it } from "vitest";
import { poissonOneByInversion, PoissonWeights, RatioBootstrap } from "./poisson-bootstrap";

describe("poissonOneByInversion", () => {
  it("inverts the Poisson(1) distribution function: 0 below e⁻¹, 1 below 2e⁻¹, 2 below 2.5e⁻¹", () => {
    const e = Math.exp(-1);
    expect(poissonOneByInversion(0)).toBe(0);
    expect(poissonOneByInversion(e - 1e-12)).toBe(0);
    expect(poissonOneByInversion(e + 1e-12)).toBe(1);
    expect(poissonOneByInversion(2 * e - 1e-12)).toBe(1);
    expect(poissonOneByInversion(2 * e + 1e-12)).toBe(2);
    expect(poissonOneByInversion(2.5 * e + 1e-12)).toBe(3);
    expect(poissonOneByInversion(1 - 2 ** -53)).toBeLessThanOrEqual(30);
  });

  it("draws weights of mean 1 and variance 1, the same for the same seed", () => {
    const weights = new PoissonWeights(5, 100_000).next();
    const mean = weights.reduce((total, weight) => total + weight, 0) / weights.length;
    const variance = weights.reduce((total, weight) => total + (weight - mean) ** 2, 0) / weights.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(Array.from(new PoissonWeights(5, 20).next())).toEqual(Array.from(new PoissonWeights(5, 20).next()));
  });
});

describe("RatioBootstrap", () => {
  it("pools ratios of sums and leaves undefined figures without an interval", () => {
    const group = new RatioBootstrap(3);
    group.add({ numerator: 1, denominator: 2 }, { numerator: 0, denominator: 0 }, Int32Array.of(1, 0, 2));
    group.add({ numerator: 3, denominator: 3 }, { numerator: 0, denominator: 0 }, Int32Array.of(0, 1, 1));
    expect(group.figures()).toEqual({ accuracy: 4 / 5, hlp: null, gap: null });
    // Resample accuracies: 1/2, 3/3, (2 + 3)/(4 + 3); type-7 quantiles of [0.5, 5/7, 1] at 0.025 and 0.975.
    const [lower, upper] = group.intervals(0.95).accuracy!;
    expect(lower).toBeCloseTo(0.5 + 0.05 * (5 / 7 - 0.5), 10);
    expect(upper).toBeCloseTo(5 / 7 + 0.95 * (1 - 5 / 7), 10);
    expect(group.intervals(0.95).hlp).toBeNull();
  });
});
