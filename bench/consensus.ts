/**
 * Benchmark of the categorical consensus methods on seeded synthetic data with known labeler accuracies:
 * 100,000 items × 5 labelers × 10 classes (500,000 ratings).
 *
 *   npx tsx bench/consensus.ts
 *
 * Each labeler answers the true class with their accuracy and otherwise a uniformly random wrong class, so their
 * Dawid–Skene accuracy (prior-weighted diagonal of the confusion matrix) should come back close to the true one.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { dawidSkene, majorityVote, type Rating } from "../lib/quality/consensus";

const SEED = 1979;
const ITEM_COUNT = 100_000;
const CLASS_COUNT = 10;
const TRUE_ACCURACY: Record<string, number> = { ana: 0.9, ben: 0.8, cho: 0.7, dev: 0.6, eve: 0.45 };

function syntheticRatings(): { ratings: Rating[]; truth: Map<string, string> } {
  const rng = xoroshiro128plus(SEED);
  const ratings: Rating[] = [];
  const truth = new Map<string, string>();
  for (let i = 0; i < ITEM_COUNT; i++) {
    const item = `item${i}`;
    const trueClass = uniformInt(rng, 0, CLASS_COUNT - 1);
    truth.set(item, `class${trueClass}`);
    for (const [labeler, accuracy] of Object.entries(TRUE_ACCURACY)) {
      const correct = uniformFloat64(rng) < accuracy;
      const given = correct ? trueClass : (trueClass + uniformInt(rng, 1, CLASS_COUNT - 1)) % CLASS_COUNT;
      ratings.push({ item, labeler, label: `class${given}` });
    }
  }
  return { ratings, truth };
}

function seconds<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, (performance.now() - start) / 1000];
}

function shareCorrect(labels: [string, string | null][], truth: Map<string, string>): number {
  return labels.filter(([item, label]) => label === truth.get(item)).length / labels.length;
}

const { ratings, truth } = syntheticRatings();
console.log(`${ITEM_COUNT} items × ${Object.keys(TRUE_ACCURACY).length} labelers × ${CLASS_COUNT} classes = ${ratings.length} ratings (seed ${SEED})`);

const [consensus, dawidSkeneSeconds] = seconds(() => dawidSkene(ratings));
console.log(`dawidSkene: ${dawidSkeneSeconds.toFixed(2)} s, ${consensus.iterations} iterations, converged: ${consensus.converged}`);
const [votes, majoritySeconds] = seconds(() => majorityVote(ratings));
console.log(`majorityVote: ${majoritySeconds.toFixed(2)} s`);

console.log("\nlabeler  true accuracy  realised in sample  recovered  recovered − true");
for (const [labeler, accuracy] of Object.entries(TRUE_ACCURACY)) {
  const own = ratings.filter((rating) => rating.labeler === labeler);
  const realised = shareCorrect(own.map((rating) => [rating.item, rating.label]), truth);
  const recovered = consensus.labelers[labeler]!.accuracy;
  const columns = [accuracy.toFixed(4).padStart(13), realised.toFixed(4).padStart(18), recovered.toFixed(4).padStart(9), (recovered - accuracy).toFixed(4).padStart(16)];
  console.log(`${labeler.padEnd(7)}  ${columns.join("  ")}`);
}

const tied = Object.values(votes).filter((vote) => vote.label === null).length;
const dawidSkeneLabels = Object.entries(consensus.items).map(([item, { label }]): [string, string] => [item, label]);
const majorityLabels = Object.entries(votes).map(([item, { label }]): [string, string | null] => [item, label]);
console.log(
  `\nitems labeled correctly: Dawid–Skene ${shareCorrect(dawidSkeneLabels, truth).toFixed(4)}, ` +
    `majority vote ${shareCorrect(majorityLabels, truth).toFixed(4)} (${tied} ties left without a winner)`,
);
