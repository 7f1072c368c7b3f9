// Time and peak memory of a piece of work, for the benchmarks.
import { readdirSync, readFileSync } from "node:fs";

export const MB = 1024 ** 2;

/** The resident set size of this process's child processes (an export runs in one), in bytes; Linux only. */
function childrenRss(): number {
  let total = 0;
  for (const thread of readdirSync("/proc/self/task")) {
    try {
      for (const pid of readFileSync(`/proc/self/task/${thread}/children`, "utf8").split(" ").filter(Boolean)) {
        total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
      }
    } catch {
      // a thread or child that ended between the listing and the read
    }
  }
  return total;
}

/**
 * Samples the resident set size while work runs: the highest seen of this process (`peakMb`), of its child
 * processes together (`childrenPeakMb`), and of both at the same moment (`totalPeakMb`).
 */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; childrenPeakMb: number; totalPeakMb: number; seconds: number }> {
  const peaks = { self: 0, children: 0, total: 0 };
  const sample = () => {
    const self = process.memoryUsage().rss;
    const children = childrenRss();
    peaks.self = Math.max(peaks.self, self);
    peaks.children = Math.max(peaks.children, children);
    peaks.total = Math.max(peaks.total, self + children);
  };
  sample();
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const result = await work();
    sample();
    return { result, peakMb: Math.round(peaks.self / MB), childrenPeakMb: Math.round(peaks.children / MB), totalPeakMb: Math.round(peaks.total / MB), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}
