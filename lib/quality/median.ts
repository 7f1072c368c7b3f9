/**
 * The median of some numbers: the middle value, or the mean of the two middle values for an even count.
 * O(n log n) (it sorts a copy). Null for no values, rather than NaN: a figure with no data shows "—".
 *
 * @example median([4, 1, 3, 2]) // 2.5
 */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
