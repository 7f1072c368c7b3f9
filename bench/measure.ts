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

// Linux's clock ticks per second (getconf CLK_TCK), the unit of /proc's processor times.
const CLOCK_TICKS = 100;

/** The processor time of this process's child processes that have ended and been waited for, in seconds; Linux only. */
function endedChildrenCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // The fields after the command's closing parenthesis start at the 3rd; cutime and cstime are the 16th and 17th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / CLOCK_TICKS;
}

/**
 * Samples the resident set size while work runs: the highest seen of this process (`peakMb`), of its child
 * processes together (`childrenPeakMb`), and of both at the same moment (`totalPeakMb`).
 */
export async function peakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number; childrenPeakMb: number; totalPeakMb: number; seconds: number; cpuSeconds: number; childrenCpuSeconds: number }> {
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
  const cpu = process.cpuUsage();
  const childrenCpu = endedChildrenCpuSeconds();
  try {
    const result = await work();
    sample();
    const { user, system } = process.cpuUsage(cpu);
    return {
      result,
      peakMb: Math.round(peaks.self / MB),
      childrenPeakMb: Math.round(peaks.children / MB),
      totalPeakMb: Math.round(peaks.total / MB),
      seconds: (performance.now() - started) / 1000,
      // On a shared machine processor time varies far less than the time taken: the work's own, and its ended children's.
      cpuSeconds: (user + system) / 1e6,
      childrenCpuSeconds: endedChildrenCpuSeconds() - childrenCpu,
    };
  } finally {
    clearInterval(timer);
  }
}
