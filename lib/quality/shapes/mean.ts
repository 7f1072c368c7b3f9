/** Arithmetic mean of a non-empty list (callers handle the empty case with a reason). O(n). */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
