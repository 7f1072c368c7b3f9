// Timing of Krippendorff's alpha on large synthetic projects: `npx tsx bench/categorical.ts`.
// 5 coders, 10 classes, 10% of ratings missing, each coder right 80% of the time; the data are seeded, so reruns time the same input.
import { bootstrapAlpha, krippendorffAlpha, type MeasurementLevel } from "../lib/quality/categorical";
import { CLASSES, CODERS, SEED, syntheticRatings } from "./synthetic-ratings";

const RUNS = 7;

function time(run: () => unknown): { median: number; fastest: number } {
  run(); // warm-up: let the JIT compile the hot loops before measuring
  const durations = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    run();
    return performance.now() - started;
  }).sort((a, b) => a - b);
  return { median: durations[Math.floor(RUNS / 2)]!, fastest: durations[0]! };
}

const row = (...cells: (string | number)[]) => cells.map((cell, i) => String(cell).padStart(i === 0 ? 9 : 11)).join("");
console.log(`Krippendorff's alpha: ${CODERS} coders, ${CLASSES} classes, 10% missing, seed ${SEED}; milliseconds over ${RUNS} runs after a warm-up (Node ${process.version})`);
console.log(row("units", "level", "median ms", "fastest ms", "alpha"));
const cases: [number, MeasurementLevel][] = [
  [100_000, "nominal"],
  [100_000, "interval"],
  [100_000, "ordinal"],
  [100_000, "ratio"],
  [200_000, "nominal"],
  [200_000, "interval"],
];
const dataByUnits = new Map<number, (number | null)[][]>();
for (const [units, level] of cases) {
  if (!dataByUnits.has(units)) dataByUnits.set(units, syntheticRatings(units));
  const data = dataByUnits.get(units)!;
  const { median, fastest } = time(() => krippendorffAlpha(data, { level }));
  console.log(row(units, level, median.toFixed(1), fastest.toFixed(1), krippendorffAlpha(data, { level }).value!.toFixed(4)));
}

const bootstrapUnits = 10_000;
const bootstrapData = syntheticRatings(bootstrapUnits);
const started = performance.now();
const { interval } = bootstrapAlpha(bootstrapData, { level: "nominal", seed: SEED, resamples: 1000 });
console.log(`\nBootstrap, nominal alpha, ${bootstrapUnits} units, 1000 resamples: ${(performance.now() - started).toFixed(0)} ms, 95% interval [${interval.lower?.toFixed(4)}, ${interval.upper?.toFixed(4)}]`);
