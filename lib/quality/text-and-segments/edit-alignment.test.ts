import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignmentCounts, editAlignment, WILDCARD_UNIT, type AlignmentCounts, type EditOperation } from "./edit-alignment";

const units = (...ids: number[]) => Int32Array.from(ids);

function countsOf(operations: readonly EditOperation[]): AlignmentCounts {
  const count = (type: EditOperation) => operations.filter((operation) => operation === type).length;
  return { hits: count("hit"), substitutions: count("substitution"), deletions: count("deletion"), insertions: count("insertion") };
}

/** Walks the alignment over both sequences; throws unless every step is what it says and both are used up. */
function checkWalk(reference: Int32Array, hypothesis: Int32Array, operations: readonly EditOperation[]): void {
  let row = 0;
  let column = 0;
  for (const operation of operations) {
    if (operation === "deletion") row++;
    else if (operation === "insertion") column++;
    else {
      const a = reference[row++]!;
      const b = hypothesis[column++]!;
      const match = a === b || a === WILDCARD_UNIT || b === WILDCARD_UNIT;
      expect(match, `${operation} of ${a} and ${b}`).toBe(operation === "hit");
    }
  }
  expect([row, column]).toEqual([reference.length, hypothesis.length]);
}

describe("editAlignment", () => {
  it("aligns the tie of alignmentCounts' documentation with the most hits: 'a b' → 'b c' is D, H, I", () => {
    expect(editAlignment(units(0, 1), units(1, 2))).toEqual(["deletion", "hit", "insertion"]);
  });

  it("handles empty sides and a wildcard", () => {
    expect(editAlignment(units(), units())).toEqual([]);
    expect(editAlignment(units(0, 1), units())).toEqual(["deletion", "deletion"]);
    expect(editAlignment(units(), units(3))).toEqual(["insertion"]);
    expect(editAlignment(units(0, 1, 2), units(0, WILDCARD_UNIT, 2))).toEqual(["hit", "hit", "hit"]);
  });

  const sequence = (maxLength: number) => fc.array(fc.integer({ min: WILDCARD_UNIT, max: 4 }), { maxLength }).map((ids) => Int32Array.from(ids));

  it("is a valid alignment with exactly alignmentCounts' counts, for short and longer sequences", () => {
    for (const [maxLength, numRuns] of [[12, 500], [80, 50]] as const) {
      fc.assert(
        fc.property(sequence(maxLength), sequence(maxLength), (reference, hypothesis) => {
          const operations = editAlignment(reference, hypothesis);
          checkWalk(reference, hypothesis, operations);
          expect(countsOf(operations)).toEqual(alignmentCounts(reference, hypothesis));
        }),
        { numRuns },
      );
    }
  });

  it("aligns a long transcript (3,000 words) with a revised copy of it", () => {
    const random = fc.sample(fc.integer({ min: 0, max: 800 }), { numRuns: 3000, seed: 17 });
    const reference = Int32Array.from(random);
    // Every 10th word changed, every 25th dropped, a word added every 40.
    const hypothesis = Int32Array.from(random.flatMap((id, index) => (index % 25 === 0 ? [] : index % 40 === 0 ? [id, 801] : [index % 10 === 0 ? 802 : id])));
    const operations = editAlignment(reference, hypothesis);
    checkWalk(reference, hypothesis, operations);
    expect(countsOf(operations)).toEqual(alignmentCounts(reference, hypothesis));
  });
});
