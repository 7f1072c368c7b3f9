import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confusionAgainstReference, confusionBetweenLabelers } from "./confusion";

describe("confusionAgainstReference", () => {
  it("reproduces the scikit-learn confusion_matrix docstring: rows = reference (y_true), columns = labeler (y_pred)", () => {
    expect(confusionAgainstReference([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual({
      categories: [0, 1, 2],
      counts: [
        [2, 0, 0],
        [0, 0, 1],
        [1, 0, 2],
      ],
      unitsCompared: 6,
    });
    const reference = ["cat", "ant", "cat", "cat", "ant", "bird"];
    const labeler = ["ant", "ant", "cat", "cat", "ant", "cat"];
    expect(confusionAgainstReference(reference, labeler, { categories: ["ant", "bird", "cat"] }).counts).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it("leaves out units without a reference label or not rated by the labeler", () => {
    const result = confusionAgainstReference(["a", null, "b", "b"], ["a", "a", null, "a"]);
    expect(result).toEqual({ categories: ["a", "b"], counts: [[1, 0], [1, 0]], unitsCompared: 2 });
  });

  it("keeps categories from the list that nobody used, as empty rows and columns", () => {
    expect(confusionAgainstReference(["a"], ["a"], { categories: ["a", "b"] }).counts).toEqual([[1, 0], [0, 0]]);
  });
});

describe("confusionBetweenLabelers", () => {
  it("puts the first labeler in rows, so swapping the labelers transposes the matrix", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 15 }).chain((units) => fc.tuple(...[0, 1].map(() => fc.array(fc.option(fc.constantFrom("x", "y", "z"), { nil: null }), { minLength: units, maxLength: units })))),
        ([first, second]) => {
          const categories = ["x", "y", "z"];
          const forward = confusionBetweenLabelers(first!, second!, { categories });
          const backward = confusionBetweenLabelers(second!, first!, { categories });
          expect(backward.counts).toEqual(categories.map((_, row) => categories.map((__, column) => forward.counts[column]![row]!)));
          expect(forward.counts.flat().reduce((sum, count) => sum + count, 0)).toBe(forward.unitsCompared);
        },
      ),
    );
  });

  it("is an empty matrix on empty input or when no unit was rated by both", () => {
    expect(confusionBetweenLabelers([], [])).toEqual({ categories: [], counts: [], unitsCompared: 0 });
    expect(confusionBetweenLabelers(["a", null], [null, "b"])).toEqual({ categories: ["a", "b"], counts: [[0, 0], [0, 0]], unitsCompared: 0 });
  });

  it("throws on arrays of different lengths and on ratings outside the category list", () => {
    expect(() => confusionBetweenLabelers(["a"], ["a", "b"])).toThrow(/Ragged reliability data/);
    expect(() => confusionBetweenLabelers(["a"], ["c"], { categories: ["a", "b"] })).toThrow(/Rating "c" \(coder 1, unit 0\) is not in the category list/);
  });
});
