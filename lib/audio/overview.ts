// The overview strip of a zoomed-in waveform: the whole clip in a few hundred bars, however long it is.

/**
 * `peaks` (min, max, min, max … as the server computes them) in `bars` bars: each the lowest minimum and the highest
 * maximum of its share of the peaks, so a short loud click still shows. Fewer bars when there are fewer peaks.
 * O(peaks). Throws a RangeError unless `bars` is a positive integer.
 */
export function overviewBars(peaks: readonly number[], bars: number): [min: number, max: number][] {
  if (!Number.isInteger(bars) || bars < 1) throw new RangeError(`An overview needs a whole number of bars from 1: ${bars}.`);
  const pairs = Math.floor(peaks.length / 2);
  const count = Math.min(bars, pairs);
  const result: [number, number][] = [];
  for (let bar = 0; bar < count; bar++) {
    const from = Math.floor((bar * pairs) / count);
    const to = Math.floor(((bar + 1) * pairs) / count);
    let min = Infinity;
    let max = -Infinity;
    for (let pair = from; pair < to; pair++) {
      min = Math.min(min, peaks[2 * pair]!);
      max = Math.max(max, peaks[2 * pair + 1]!);
    }
    result.push([min, max]);
  }
  return result;
}
