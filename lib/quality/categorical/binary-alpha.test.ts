import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BinaryCoincidences } from "./binary-alpha";
import { krippendorffAlpha } from "./krippendorff";

/** The tally of reliability data given as rows of 0, 1 or null (one row per coder). */
function tally(rows: readonly (readonly (0 | 1 | null)[])[]): BinaryCoincidences {
  const coincidences = new BinaryCoincidences();
  for (let unit = 0; unit < (rows[0]?.length ?? 0); unit++) {
    const values = rows.map((row) => row[unit]).filter((value) => value !== null);
    coincidences.addUnit(values.length, values.filter((value) => value === 1).length);
  }
  return coincidences;
}

describe("BinaryCoincidences", () => {
  it("computes alpha by hand: units (1, 1), (1, 0), (0, 0, 0) give 1/2", () => {
    // o_11 = 2, o_01 = o_10 = 1, o_00 = 3·2/2 = 3; n_1 = 3, n_0 = 4, n = 7.
    // D_o = 2/7, D_e = 2·3·4 / (7·6) = 4/7: alpha = 1 − 1/2.
    const result = tally([
      [1, 1, 0],
      [1, 0, 0],
      [null, null, 0],
    ]).alpha();
    expect(result).toEqual({ value: expect.closeTo(1 / 2, 14), observedDisagreement: expect.closeTo(2 / 7, 14), expectedDisagreement: expect.closeTo(4 / 7, 14), pairableValues: 7 });
  });

  it("equals krippendorffAlpha on the same binary data, and tallies add up to the tally of their units together", () => {
    const binary = fc.option(fc.constantFrom(0 as const, 1 as const), { nil: null, freq: 4 });
    const reliabilityData = (coders: number, units: number) => fc.array(fc.array(binary, { minLength: units, maxLength: units }), { minLength: coders, maxLength: coders });
    const data = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }))
      .chain(([coders, first, second]) => fc.tuple(reliabilityData(coders, first), reliabilityData(coders, second)));
    fc.assert(
      fc.property(data, ([first, second]) => {
        const both = first.map((row, coder) => [...row, ...second[coder]!]);
        const direct = krippendorffAlpha(both, { level: "nominal", categories: [0, 1] });
        const together = tally(first);
        together.add(tally(second));
        for (const result of [tally(both).alpha(), together.alpha()]) {
          expect(result.pairableValues).toBe(direct.pairableValues);
          if (direct.value === null) expect(result).toMatchObject({ value: null, reason: direct.reason });
          else expect(result.value).toBeCloseTo(direct.value, 12);
        }
      }),
    );
  });

  it("keeps alpha's conventions: undefined without pairs or without variation, and units of one value skipped", () => {
    expect(new BinaryCoincidences().alpha()).toMatchObject({ value: null, pairableValues: 0, reason: expect.stringMatching(/^no pairable values/) });
    const lone = new BinaryCoincidences();
    lone.addUnit(1, 1);
    expect(lone.alpha().pairableValues).toBe(0);
    const allPresent = new BinaryCoincidences();
    allPresent.addUnit(3, 3);
    expect(allPresent.alpha()).toMatchObject({ value: null, observedDisagreement: 0, expectedDisagreement: 0, reason: expect.stringMatching(/expected disagreement is 0/) });
  });

  it("refuses impossible counts", () => {
    expect(() => new BinaryCoincidences().addUnit(2, 3)).toThrow(/^A unit needs whole numbers 0 <= present <= values, got present 3 of 2\.$/);
    expect(() => new BinaryCoincidences().addUnit(2.5, 1)).toThrow(/whole numbers/);
  });
});
