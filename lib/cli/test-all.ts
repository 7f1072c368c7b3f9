// `npm test`: unit and integration tests (Vitest; PostgreSQL too when TEST_DATABASE_URL is set), then
// end-to-end tests in Chromium (Playwright), then one summary line: "tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { findChromium } from "../../e2e/browser";

const ROOT = path.resolve(import.meta.dirname, "../..");
// Not test-results/: Playwright empties that directory when it starts.
const RESULTS = path.join(ROOT, "test-reports");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: "inherit" });
  return result.status ?? 1;
}

function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  console.error(
    "No Chromium found (CONCORD_CHROMIUM, Playwright's own, /usr/bin/chromium). Installing Playwright's Chromium with\n" +
      "  npx playwright install chromium\n" +
      "If this machine cannot download it, install the system package instead (Debian/Ubuntu: apt-get install chromium).",
  );
  if (run(bin("playwright"), ["install", "chromium"]) !== 0) {
    console.error("concord: could not install Chromium; the end-to-end tests cannot run.");
    process.exit(1);
  }
  return findChromium() ?? process.exit(1);
}

/** Vitest's JSON report (Jest's format). */
function vitestCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
}

function readCounts(read: (file: string) => Counts, file: string, exitCode: number): Counts {
  let counts: Counts;
  try {
    counts = read(file);
  } catch {
    counts = { passed: 0, failed: 0, skipped: 0 };
  }
  // A runner that failed outside any test (no report, or the app's server did not start) counts as a failure.
  return exitCode !== 0 && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
}

mkdirSync(RESULTS, { recursive: true });
const vitestReport = path.join(RESULTS, "vitest.json");
const playwrightReport = path.join(RESULTS, "playwright.json");
// A report left by an earlier run must not stand in for this one.
for (const report of [vitestReport, playwrightReport]) rmSync(report, { force: true });

const chromium = ensureChromium();
const vitestExit = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
const playwrightExit = run(bin("playwright"), ["test", "--reporter=list,json"], {
  ...process.env,
  CONCORD_CHROMIUM: chromium,
  PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport,
});

const totals = [readCounts(vitestCounts, vitestReport, vitestExit), readCounts(playwrightCounts, playwrightReport, playwrightExit)].reduce(
  (sum, counts) => ({ passed: sum.passed + counts.passed, failed: sum.failed + counts.failed, skipped: sum.skipped + counts.skipped }),
);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(vitestExit || playwrightExit || (totals.failed ? 1 : 0));
