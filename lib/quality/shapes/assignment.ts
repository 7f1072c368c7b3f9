import { munkres } from "munkres";

/** The rows and columns paired by {@link assignByIoU}, in row order. */
export type Assignment = readonly (readonly [row: number, column: number])[];

/**
 * The optimal one-to-one pairing of rows and columns of an IoU matrix (row-major, rows × columns) in
 * which every pair has IoU >= threshold and, when given, passes `eligible`. "Optimal" is lexicographic:
 * first the most pairs, then the largest total IoU among pairings with that many pairs. The count of
 * pairs, hence F1, and the total IoU are therefore unique, whatever the order of rows and columns;
 * only which of several equally good pairings is returned depends on the solver.
 *
 * Why not the plain Hungarian assignment on 1 − IoU followed by dropping pairs under the threshold:
 * maximising total IoU may spend a shape on a high-IoU partner and leave two others paired below the
 * threshold, where another pairing had every pair above it (matching.test.ts has such a case). Instead,
 * pairs that may not match cost more than any set of allowed pairs could, the "expensive edges" of
 * py-motmetrics (motmetrics/lap.py, add_expensive_edges): the solver never gives up an allowed pair for
 * a forbidden one, forbidden pairs only complete the full assignment it returns, and they are dropped.
 *
 * Solved by the Hungarian (Kuhn–Munkres) algorithm from the munkres package: O(r² c) for r <= c.
 */
export function assignByIoU(iou: Float64Array, rows: number, columns: number, threshold: number, eligible?: (row: number, column: number) => boolean): Assignment {
  if (rows === 0 || columns === 0) return [];
  // Allowed pairs cost 1 − IoU <= 1 − threshold < 1, and an assignment has at most min(rows, columns)
  // pairs, so one forbidden pair (this penalty) outweighs the cost of any number of allowed ones.
  const forbidden = Math.min(rows, columns) + 1;
  const cost = new Float64Array(rows * columns);
  let allowedPairs = 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const k = row * columns + column;
      const value = iou[k]!;
      const allowed = value >= threshold && (eligible === undefined || eligible(row, column));
      cost[k] = allowed ? 1 - value : forbidden;
      if (allowed) allowedPairs++;
    }
  }
  if (allowedPairs === 0) return [];
  const costRows = Array.from({ length: rows }, (_, row) => cost.subarray(row * columns, (row + 1) * columns));
  return munkres(costRows)
    .filter(([row, column]) => cost[row * columns + column]! < forbidden)
    .sort((p, q) => p[0] - q[0]);
}
