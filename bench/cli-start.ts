// Whole-process time of the README's agreement command on 100,000 units × 5 coders at the interval level (issue 18:
// faster than fast-krippendorff, Python with numpy, on the same input): `npx tsx bench/cli-start.ts`.
//
// Each command runs RUNS times (default 10; BENCH_RUNS), the commands taking turns so that the machine's drift hits
// them alike, after one warm-up each; wall-clock milliseconds of the whole process, from spawn to exit. Compared:
// - `npm run -s concord -- …`, as the README says to run it: npm's own start (about a quarter second) and the bundle;
// - `node lib/cli/concord.mjs …`: the launcher and the bundle without npm;
// - `tsx lib/cli/concord.ts …`: the same sources through tsx, as `npm run concord` ran them before the bundle;
// - fast-krippendorff's `krippendorff.alpha(reliability_data=…, level_of_measurement="interval")`, the whole python3
//   process with numpy's import and reading the same JSON, when FAST_KRIPPENDORFF names a folder holding its
//   `krippendorff` package (its source tree, or site-packages after `pip install krippendorff`);
// - `node -e ""`, the floor of any Node process.
// Then the first run after a source changed, which builds the bundle (lib/cli/concord.ts is touched to make it so).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CODERS, SEED, syntheticRatings } from "./synthetic-ratings";

const ROOT = path.resolve(import.meta.dirname, "..");
const UNITS = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BUILDING_RUNS = 3;

const dir = mkdtempSync(path.join(tmpdir(), "concord-cli-start-"));
const input = path.join(dir, "ratings.json");
writeFileSync(input, JSON.stringify({ data: syntheticRatings(UNITS) }));
const args = ["agreement", "--metric", "krippendorff", "--level", "interval", "--input", input];

// Reads the JSON with the standard library, missing ratings (null) as NaN, as fast-krippendorff takes them.
const PYTHON = `
import json, sys
import numpy as np
import krippendorff
with open(sys.argv[1]) as f:
    data = json.load(f)["data"]
ratings = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
print(repr(float(krippendorff.alpha(reliability_data=ratings, level_of_measurement="interval"))))
`;
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, where a machine sets them for old OpenBLAS builds, slow a current numpy's
// start: numpy runs as a default install does, with OpenBLAS's own choice.
const pythonEnv: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: process.env.FAST_KRIPPENDORFF };
for (const name of Object.keys(pythonEnv)) if (name.startsWith("OPENBLAS_")) delete pythonEnv[name];

interface Command {
  label: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const commands: Command[] = [
  { label: "npm run -s concord (bundle)", command: "npm", args: ["run", "-s", "concord", "--", ...args] },
  { label: "node lib/cli/concord.mjs (bundle)", command: process.execPath, args: ["lib/cli/concord.mjs", ...args] },
  { label: "tsx lib/cli/concord.ts (no bundle)", command: path.join(ROOT, "node_modules/.bin/tsx"), args: ["lib/cli/concord.ts", ...args] },
  { label: 'node -e "" (floor)', command: process.execPath, args: ["-e", ""] },
];
const pythonCheck = spawnSync("python3", ["-c", "import numpy, krippendorff"], { env: pythonEnv, encoding: "utf8" });
if (process.env.FAST_KRIPPENDORFF && pythonCheck.status === 0) {
  commands.splice(3, 0, { label: "fast-krippendorff (python3, numpy)", command: "python3", args: ["-c", PYTHON, input], env: pythonEnv });
} else {
  console.log(`fast-krippendorff left out: ${process.env.FAST_KRIPPENDORFF ? pythonCheck.stderr.trim().split("\n").pop() : "set FAST_KRIPPENDORFF to the folder holding its krippendorff package"}`);
}

function run({ command, args, env }: Command): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, env: env ?? process.env, encoding: "utf8", maxBuffer: 1 << 20 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};
const row = (...cells: (string | number)[]) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(38) : String(cell).padStart(i === 4 ? 22 : 9))).join("");

// Warm-up: builds the bundle if the sources changed, and fills the file cache.
const outputs = commands.map((command) => run(command).stdout);
const alphas = outputs.map((stdout, index) => (commands[index]!.command === "python3" ? Number(stdout) : stdout ? (JSON.parse(stdout) as { value?: number }).value : undefined));
const times = commands.map(() => [] as number[]);
for (let round = 0; round < RUNS; round++) commands.forEach((command, index) => times[index]!.push(run(command).ms));

const concordTs = path.join(ROOT, "lib/cli/concord.ts");
const building = Array.from({ length: BUILDING_RUNS }, () => {
  const now = new Date();
  utimesSync(concordTs, now, now);
  return run(commands[0]!).ms;
});

console.log(`${UNITS.toLocaleString("en")} units × ${CODERS} coders, interval, seed ${SEED}; whole-process wall ms, ${RUNS} runs each, alternated (Node ${process.version})`);
console.log(row("command", "median", "min", "max", "alpha"));
commands.forEach((command, index) => {
  const { median, min, max } = summary(times[index]!);
  const alpha = alphas[index];
  console.log(row(command.label, median.toFixed(0), min.toFixed(0), max.toFixed(0), alpha === undefined ? "" : String(alpha)));
});
const { median, min, max } = summary(building);
console.log(row(`npm run -s concord, building (${BUILDING_RUNS} runs)`, median.toFixed(0), min.toFixed(0), max.toFixed(0)));
const defined = alphas.filter((alpha): alpha is number => alpha !== undefined);
console.log(`largest difference between the alphas: ${(Math.max(...defined) - Math.min(...defined)).toExponential(2)}`);
rmSync(dir, { recursive: true, force: true });
