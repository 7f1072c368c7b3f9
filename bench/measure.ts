// Time and peak memory of a piece of work, for the benchmarks.

export const MB = 1024 ** 2;

/** Samples the resident set size while work runs; returns the highest value seen. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; seconds: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await work();
    return { result, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / MB), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}
