// Seeded synthetic reliability data for the agreement benchmarks: 5 coders, 10 classes, 10% of ratings missing, each
// coder right 80% of the time; reruns get the same data.
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

export const CODERS = 5;
export const CLASSES = 10;
export const SEED = 12345;

/** One row per coder, one column per unit; classes are 0 to CLASSES − 1, null a missing rating. */
export function syntheticRatings(units: number): (number | null)[][] {
  const random = xoroshiro128plus(SEED);
  const data = Array.from({ length: CODERS }, () => new Array<number | null>(units));
  for (let unit = 0; unit < units; unit++) {
    const truth = uniformInt(random, 0, CLASSES - 1);
    for (const row of data) {
      const draw = uniformInt(random, 0, 99);
      row[unit] = draw < 10 ? null : draw < 82 ? truth : uniformInt(random, 0, CLASSES - 1);
    }
  }
  return data;
}
