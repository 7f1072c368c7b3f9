// Minimum-edit alignment of two sequences of units (words or characters), reduced to the counts that
// WER, MER, WIL and CER are built from.

/** A unit id that matches every unit (`[unintelligible]` in wildcard mode). Real units are ids >= 0. */
export const WILDCARD_UNIT = -1;

export interface AlignmentCounts {
  readonly hits: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
}

/**
 * Counts of one minimum-edit (Levenshtein, unit costs) alignment of `reference` to `hypothesis`.
 * Several alignments can share the minimum number of edits and differ in how they split it, e.g.
 * "a b" → "b c" is either 2 substitutions or a deletion, a hit and an insertion. Among the minimum-edit
 * alignments this takes one with the most hits. The edit count, and so WER and CER, do not depend on
 * that choice; MER and WIL do, and jiwer (whose alignment comes from rapidfuzz's backtrace) may report
 * the other split on such ties: for "a b" → "b c" jiwer gives S=2, this gives H=1, D=1, I=1.
 *
 * Dynamic programming on (edits, −hits) in lexicographic order, packed into one number per cell as
 * edits · scale − hits with scale > any hit count; two rows: O(|r|·|h|) time, O(|h|) memory.
 */
export function alignmentCounts(reference: Int32Array, hypothesis: Int32Array): AlignmentCounts {
  const columns = hypothesis.length;
  const scale = Math.min(reference.length, columns) + 1;
  // Float64 holds the packed keys exactly (they stay far below 2^53) where Int32 could overflow on long texts.
  let previous = new Float64Array(columns + 1);
  let current = new Float64Array(columns + 1);
  for (let column = 0; column <= columns; column++) previous[column] = column * scale;

  for (let row = 1; row <= reference.length; row++) {
    const referenceUnit = reference[row - 1]!;
    let left = row * scale;
    current[0] = left;
    for (let column = 1; column <= columns; column++) {
      const hypothesisUnit = hypothesis[column - 1]!;
      const match = referenceUnit === hypothesisUnit || referenceUnit === WILDCARD_UNIT || hypothesisUnit === WILDCARD_UNIT;
      const diagonal = previous[column - 1]! + (match ? -1 : scale); // a hit or a substitution
      const deletion = previous[column]! + scale;
      const insertion = left + scale;
      left = Math.min(diagonal, deletion, insertion);
      current[column] = left;
    }
    [previous, current] = [current, previous];
  }

  const key = previous[columns]!;
  const edits = Math.ceil(key / scale);
  const hits = edits * scale - key;
  // edits = S + D + I, |reference| = H + S + D and |hypothesis| = H + S + I determine S, D and I.
  const substitutions = reference.length - hits + (columns - hits) - edits;
  return { hits, substitutions, deletions: reference.length - hits - substitutions, insertions: columns - hits - substitutions };
}
