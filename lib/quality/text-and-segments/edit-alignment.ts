// Minimum-edit alignment of two sequences of units (words or characters): the counts that WER, MER,
// WIL and CER are built from, and the alignment itself, operation by operation, under the same rule.

/** A unit id that matches every unit (`[unintelligible]` in wildcard mode). Real units are ids >= 0. */
export const WILDCARD_UNIT = -1;

export interface AlignmentCounts {
  readonly hits: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
}

/** One step of an alignment of a reference to a hypothesis: a deletion uses up a reference unit, an insertion a hypothesis unit, the others one of each. */
export type EditOperation = "hit" | "substitution" | "deletion" | "insertion";

function unitsMatch(referenceUnit: number, hypothesisUnit: number): boolean {
  return referenceUnit === hypothesisUnit || referenceUnit === WILDCARD_UNIT || hypothesisUnit === WILDCARD_UNIT;
}

/**
 * The rule both alignmentCounts and editAlignment follow: an alignment's cost is (edits, −hits) in
 * lexicographic order, packed into one number as edits · scale − hits. Any scale greater than the
 * number of hits possible keeps that order, and makes the cost additive: −1 per hit, `scale` per edit.
 */
function packingScale(reference: Int32Array, hypothesis: Int32Array): number {
  return Math.min(reference.length, hypothesis.length) + 1;
}

/**
 * The last row of the dynamic programme: entry j is the least packed cost of aligning all of
 * `reference` to the first j units of `hypothesis`. Two rows: O(|r|·|h|) time, O(|h|) memory.
 * Float64 holds the packed costs exactly (they stay far below 2^53) where Int32 could overflow on long texts.
 */
function lastRow(reference: Int32Array, hypothesis: Int32Array, scale: number): Float64Array {
  const columns = hypothesis.length;
  let previous = new Float64Array(columns + 1);
  let current = new Float64Array(columns + 1);
  for (let column = 0; column <= columns; column++) previous[column] = column * scale;

  for (let row = 1; row <= reference.length; row++) {
    const referenceUnit = reference[row - 1]!;
    let left = row * scale;
    current[0] = left;
    for (let column = 1; column <= columns; column++) {
      const diagonal = previous[column - 1]! + (unitsMatch(referenceUnit, hypothesis[column - 1]!) ? -1 : scale); // a hit or a substitution
      const deletion = previous[column]! + scale;
      const insertion = left + scale;
      left = Math.min(diagonal, deletion, insertion);
      current[column] = left;
    }
    [previous, current] = [current, previous];
  }
  return previous;
}

/**
 * Counts of one minimum-edit (Levenshtein, unit costs) alignment of `reference` to `hypothesis`.
 * Several alignments can share the minimum number of edits and differ in how they split it, e.g.
 * "a b" → "b c" is either 2 substitutions or a deletion, a hit and an insertion. Among the minimum-edit
 * alignments this takes one with the most hits. The edit count, and so WER and CER, do not depend on
 * that choice; MER and WIL do, and jiwer (whose alignment comes from rapidfuzz's backtrace) may report
 * the other split on such ties: for "a b" → "b c" jiwer gives S=2, this gives H=1, D=1, I=1.
 *
 * O(|r|·|h|) time, O(|h|) memory.
 */
export function alignmentCounts(reference: Int32Array, hypothesis: Int32Array): AlignmentCounts {
  const scale = packingScale(reference, hypothesis);
  const key = lastRow(reference, hypothesis, scale)[hypothesis.length]!;
  const edits = Math.ceil(key / scale);
  const hits = edits * scale - key;
  // edits = S + D + I, |reference| = H + S + D and |hypothesis| = H + S + I determine S, D and I.
  const substitutions = reference.length - hits + (hypothesis.length - hits) - edits;
  return { hits, substitutions, deletions: reference.length - hits - substitutions, insertions: hypothesis.length - hits - substitutions };
}

/**
 * One alignment of `reference` to `hypothesis` with the fewest edits and, among those, the most hits:
 * the rule of alignmentCounts, so its operations count to exactly what alignmentCounts reports (every
 * alignment of least cost has the same edits and hits, and those fix S, D and I). Where several such
 * alignments differ only in where an edit goes, which one is returned is not specified.
 *
 * Hirschberg's divide and conquer (Hirschberg 1975, "A linear space algorithm for computing maximal
 * common subsequences", CACM 18(6)) on alignmentCounts' own rows: the reference is halved, the best
 * place to cut the hypothesis found from the upper half's last row forwards and the lower half's
 * backwards, and each half aligned alone. About twice alignmentCounts' time, O(|r| + |h|) memory, so an
 * hour's transcript needs no |r|·|h| table.
 */
export function editAlignment(reference: Int32Array, hypothesis: Int32Array): EditOperation[] {
  const operations: EditOperation[] = [];
  alignInto(reference, hypothesis, packingScale(reference, hypothesis), operations);
  return operations;
}

function alignInto(reference: Int32Array, hypothesis: Int32Array, scale: number, operations: EditOperation[]): void {
  if (reference.length === 0 || hypothesis.length === 0) {
    for (let unit = 0; unit < reference.length; unit++) operations.push("deletion");
    for (let unit = 0; unit < hypothesis.length; unit++) operations.push("insertion");
    return;
  }
  if (reference.length === 1) {
    // One reference unit: a hit on its first match if there is one, else a substitution for the first hypothesis unit; the rest are insertions.
    const match = hypothesis.findIndex((unit) => unitsMatch(reference[0]!, unit));
    const paired = Math.max(match, 0);
    for (let column = 0; column < hypothesis.length; column++) operations.push(column !== paired ? "insertion" : match >= 0 ? "hit" : "substitution");
    return;
  }
  const middle = reference.length >> 1;
  const upper = reference.subarray(0, middle);
  const lower = reference.subarray(middle);
  const forward = lastRow(upper, hypothesis, scale);
  const backward = lastRow(lower.slice().reverse(), hypothesis.slice().reverse(), scale);
  const columns = hypothesis.length;
  let cut = 0;
  for (let column = 1; column <= columns; column++) if (forward[column]! + backward[columns - column]! < forward[cut]! + backward[columns - cut]!) cut = column;
  alignInto(upper, hypothesis.subarray(0, cut), scale, operations);
  alignInto(lower, hypothesis.subarray(cut), scale, operations);
}
