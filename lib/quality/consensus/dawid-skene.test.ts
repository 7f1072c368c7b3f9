import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dawidSkene, itemPosterior, type DawidSkeneResult } from "./dawid-skene";
import { ANAESTHETIST_RATINGS } from "./dawid-skene-1979.fixture";
import { majorityVote } from "./majority-vote";
import { CROWD_KIT_TOY, ratingsArbitrary, relabel, relabelingArbitrary, reordered } from "./test-support";

/**
 * Dawid & Skene (1979), JRSS C 28(1): the estimates they publish for the anaesthetist data, to two decimals, as
 * transcribed in x-lin/consensusalgorithms, src/test/java/algorithms/dawidskene/DawidSkeneAlgorithmTest.java
 * (class probabilities, error rates, patient class estimates). Confusion rows: true grade 1–4; columns: given grade 1–4.
 */
const PUBLISHED_PRIORS = { "1": 0.4, "2": 0.42, "3": 0.11, "4": 0.07 };
const PUBLISHED_CONFUSION: Record<string, number[][]> = {
  "1": [[0.89, 0.11, 0, 0], [0.07, 0.88, 0.05, 0], [0, 0.34, 0.66, 0], [0, 0, 0.56, 0.44]],
  "2": [[0.83, 0.17, 0, 0], [0.05, 0.63, 0.31, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
  "3": [[1, 0, 0, 0], [0.11, 0.79, 0.11, 0], [0, 0.4, 0.2, 0.4], [0, 0, 0.67, 0.33]],
  "4": [[0.94, 0.06, 0, 0], [0.05, 0.84, 0.1, 0], [0, 0, 0.8, 0.2], [0, 0, 0.33, 0.67]],
  "5": [[1, 0, 0, 0], [0.16, 0.73, 0.11, 0], [0, 0.21, 0.79, 0], [0, 0, 0.33, 0.67]],
};
/** The grade estimated for patients 1–45 (ten a group), with posterior 1.00 except the three patients below. */
const PUBLISHED_GRADES = ["1422221322", "4312111122", "2222112111", "1312242331", "11212"].join("");
const PUBLISHED_UNCERTAIN_POSTERIORS: Record<string, Record<string, number>> = {
  "7": { "1": 0.98, "2": 0.02, "3": 0, "4": 0 },
  "35": { "1": 0, "2": 0.95, "3": 0.05, "4": 0 },
  "38": { "1": 0, "2": 0.02, "3": 0.98, "4": 0 },
};
const GRADES = ["1", "2", "3", "4"];

/**
 * crowd-kit's step-by-step expectations on its toy data (Toloka/crowd-kit, tests/aggregation/test_ds_aggregation.py,
 * fixtures priors_iter_N, errors_iter_N, probas_iter_1, tasks_labels_iter_1; compared there with atol 0.005).
 * crowd-kit's errors_iter_N is the M-step after N E-steps, which is our parameters after N + 1 iterations.
 * Errors are crowd-kit's layout: per worker, rows = given label (no, yes), columns = true label (no, yes).
 */
const CROWD_KIT_ERRORS_ITER_0: Record<string, number[][]> = {
  w1: [[0.22, 0.19], [0.78, 0.81]],
  w2: [[0.61, 0.22], [0.39, 0.78]],
  w3: [[0.78, 0.27], [0.22, 0.73]],
  w4: [[0.52, 0.3], [0.48, 0.7]],
  w5: [[1, 0.63], [0, 0.37]],
};
const CROWD_KIT_ERRORS_ITER_1: Record<string, number[][]> = {
  w1: [[0.14, 0.25], [0.86, 0.75]],
  w2: [[0.75, 0.07], [0.25, 0.93]],
  w3: [[0.87, 0.09], [0.13, 0.91]],
  w4: [[0.5, 0.31], [0.5, 0.69]],
  w5: [[1, 0.61], [0, 0.39]],
};
const CROWD_KIT_PROBAS_ITER_1 = { t1: [0.35, 0.65], t2: [0.26, 0.74], t3: [0.87, 0.13], t4: [0, 1], t5: [0.95, 0.05] };
const CROWD_KIT_LABELS_ITER_1 = { t1: "yes", t2: "yes", t3: "no", t4: "yes", t5: "no" };
const YES_NO = ["no", "yes"];

/** Two decimals, as published: |actual − expected| < 0.005. */
const PUBLISHED_DIGITS = 2;

function expectConfusion(result: DawidSkeneResult, labeler: string, byTruthThenGiven: (truth: number, given: number) => number, labels: string[]) {
  labels.forEach((truth, j) =>
    labels.forEach((given, l) => expect(result.labelers[labeler]!.confusion[truth]![given]).toBeCloseTo(byTruthThenGiven(j, l), PUBLISHED_DIGITS)),
  );
}

describe("dawidSkene on Dawid & Skene's (1979) anaesthetist data", () => {
  const result = dawidSkene(ANAESTHETIST_RATINGS);

  it("converges", () => {
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(100);
  });

  it("reproduces the published class probabilities", () => {
    for (const grade of GRADES) expect(result.priors[grade]).toBeCloseTo(PUBLISHED_PRIORS[grade as keyof typeof PUBLISHED_PRIORS], PUBLISHED_DIGITS);
  });

  it("reproduces the published error rates of all five anaesthetists, including the retested anaesthetist 1", () => {
    for (const [anaesthetist, rows] of Object.entries(PUBLISHED_CONFUSION)) {
      expectConfusion(result, anaesthetist, (truth, given) => rows[truth]![given]!, GRADES);
    }
  });

  it("reproduces the published patient class estimates", () => {
    expect(PUBLISHED_GRADES).toHaveLength(45);
    [...PUBLISHED_GRADES].forEach((grade, p) => {
      const patient = String(p + 1);
      const expected = PUBLISHED_UNCERTAIN_POSTERIORS[patient] ?? Object.fromEntries(GRADES.map((g) => [g, g === grade ? 1 : 0]));
      expect(result.items[patient]!.label).toBe(grade);
      for (const g of GRADES) expect(result.items[patient]!.posterior[g]).toBeCloseTo(expected[g]!, PUBLISHED_DIGITS);
    });
  });

  it("overrules the vote where the model says so: patient 2 is graded 3 by 5 of 7 ratings but estimated grade 4", () => {
    expect(majorityVote(ANAESTHETIST_RATINGS)["2"]!.label).toBe("3");
    expect(result.items["2"]).toMatchObject({ label: "4" });
    expect(result.items["2"]!.confidence).toBeGreaterThan(0.999);
  });

  it("reports accuracy as the prior-weighted diagonal of each confusion matrix", () => {
    for (const { accuracy, confusion } of Object.values(result.labelers)) {
      expect(accuracy).toBeCloseTo(GRADES.reduce((sum, g) => sum + result.priors[g]! * confusion[g]![g]!, 0), 12);
    }
  });

  it("has exactly the documented shape", () => {
    expect(Object.keys(result)).toEqual(["items", "labelers", "priors", "iterations", "converged"]);
    expect(Object.keys(result.items["1"]!)).toEqual(["label", "confidence", "posterior"]);
    expect(Object.keys(result.labelers["1"]!)).toEqual(["accuracy", "confusion"]);
    expect(Object.keys(result.labelers["1"]!.confusion)).toEqual(GRADES);
  });
});

describe("dawidSkene step by step on crowd-kit's toy data", () => {
  const crowdKitErrors = (errors: Record<string, number[][]>) => (worker: string) => (truth: number, given: number) => errors[worker]![given]![truth]!;

  it("after one iteration: crowd-kit's iteration-0 priors and errors, and its iteration-1 posteriors and labels", () => {
    const result = dawidSkene(CROWD_KIT_TOY, { maxIterations: 1, tolerance: 0 });
    expect(result).toMatchObject({ iterations: 1, converged: false });
    expect(result.priors.no).toBeCloseTo(0.46, PUBLISHED_DIGITS);
    expect(result.priors.yes).toBeCloseTo(0.54, PUBLISHED_DIGITS);
    for (const worker of Object.keys(CROWD_KIT_ERRORS_ITER_0)) expectConfusion(result, worker, crowdKitErrors(CROWD_KIT_ERRORS_ITER_0)(worker), YES_NO);
    for (const [task, [no, yes]] of Object.entries(CROWD_KIT_PROBAS_ITER_1)) {
      expect(result.items[task]!.posterior.no).toBeCloseTo(no!, PUBLISHED_DIGITS);
      expect(result.items[task]!.posterior.yes).toBeCloseTo(yes!, PUBLISHED_DIGITS);
      expect(result.items[task]!.label).toBe(CROWD_KIT_LABELS_ITER_1[task as keyof typeof CROWD_KIT_LABELS_ITER_1]);
    }
  });

  it("after two iterations: crowd-kit's iteration-1 priors and errors", () => {
    const result = dawidSkene(CROWD_KIT_TOY, { maxIterations: 2, tolerance: 0 });
    expect(result).toMatchObject({ iterations: 2, converged: false });
    expect(result.priors.no).toBeCloseTo(0.49, PUBLISHED_DIGITS);
    expect(result.priors.yes).toBeCloseTo(0.51, PUBLISHED_DIGITS);
    for (const worker of Object.keys(CROWD_KIT_ERRORS_ITER_1)) expectConfusion(result, worker, crowdKitErrors(CROWD_KIT_ERRORS_ITER_1)(worker), YES_NO);
  });
});

describe("dawidSkene on degenerate input", () => {
  it("gives empty records, 0 iterations and converged for no ratings", () => {
    expect(dawidSkene([])).toEqual({ items: {}, labelers: {}, priors: {}, iterations: 0, converged: true });
  });

  it("gives every item the only label with posterior 1 and every labeler accuracy 1", () => {
    const ratings = ["a", "b", "c"].flatMap((labeler) => ["x", "y"].map((item) => ({ item, labeler, label: "cat" })));
    const result = dawidSkene(ratings);
    expect(result.items.x).toEqual({ label: "cat", confidence: 1, posterior: { cat: 1 } });
    expect(result.labelers.a).toEqual({ accuracy: 1, confusion: { cat: { cat: 1 } } });
    expect(result).toMatchObject({ priors: { cat: 1 }, converged: true, iterations: 2 });
  });

  it("keeps posteriors finite when confusion counts are zero (a single rating, unanimous labelers)", () => {
    const single = dawidSkene([{ item: "x", labeler: "a", label: "cat" }]);
    expect(single.items.x).toMatchObject({ label: "cat", confidence: 1 });
    const unanimous = ["a", "b"].flatMap((labeler) => [
      { item: "x", labeler, label: "cat" },
      { item: "y", labeler, label: "dog" },
    ]);
    const result = dawidSkene(unanimous);
    expect(result.items.x!.posterior.cat).toBeCloseTo(1, 9);
    expect(result.labelers.a!.accuracy).toBeCloseTo(1, 5);
  });

  it("reports converged: false when maxIterations runs out first", () => {
    expect(dawidSkene(ANAESTHETIST_RATINGS, { maxIterations: 3 })).toMatchObject({ iterations: 3, converged: false });
  });

  it.each([
    [{ maxIterations: 0 }, "maxIterations must be a positive integer, got 0"],
    [{ maxIterations: 2.5 }, "maxIterations must be a positive integer, got 2.5"],
    [{ tolerance: -1e-9 }, "tolerance must be a finite number ≥ 0, got -1e-9"],
    [{ tolerance: Number.NaN }, "tolerance must be a finite number ≥ 0, got NaN"],
    [{ tolerance: Number.POSITIVE_INFINITY }, "tolerance must be a finite number ≥ 0, got Infinity"],
  ])("rejects the options %j", (options, message) => {
    expect(() => dawidSkene(CROWD_KIT_TOY, options)).toThrow(new Error(message));
  });
});

describe("dawidSkene properties", () => {
  it("gives identical output for the same ratings, in any order", () => {
    expect(dawidSkene(ANAESTHETIST_RATINGS)).toStrictEqual(dawidSkene(ANAESTHETIST_RATINGS));
    fc.assert(
      fc.property(ratingsArbitrary, (ratings) => {
        expect(dawidSkene(reordered(ratings))).toStrictEqual(dawidSkene(ratings));
      }),
    );
  });

  it("gives posteriors, priors and confusion rows that are probability distributions", () => {
    const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);
    fc.assert(
      fc.property(ratingsArbitrary, (ratings) => {
        const result = dawidSkene(ratings);
        for (const { label, confidence, posterior } of Object.values(result.items)) {
          for (const p of Object.values(posterior)) expect(p >= 0 && p <= 1).toBe(true);
          expect(sum(posterior)).toBeCloseTo(1, 12);
          expect(confidence).toBe(Math.max(...Object.values(posterior)));
          expect(posterior[label]).toBe(confidence);
        }
        expect(sum(result.priors)).toBeCloseTo(1, 12);
        for (const { accuracy, confusion } of Object.values(result.labelers)) {
          expect(accuracy >= 0 && accuracy <= 1).toBe(true);
          for (const row of Object.values(confusion)) expect(sum(row)).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  it("permutes its output consistently when the classes are renamed", () => {
    fc.assert(
      fc.property(ratingsArbitrary, relabelingArbitrary, (ratings, newName) => {
        const options = { maxIterations: 20, tolerance: 0 };
        const original = dawidSkene(ratings, options);
        const relabeled = dawidSkene(relabel(ratings, newName), options);
        const renamed = (label: string) => newName.get(label)!;
        for (const [label, prior] of Object.entries(original.priors)) expect(relabeled.priors[renamed(label)]).toBeCloseTo(prior, 9);
        for (const [item, { label, posterior }] of Object.entries(original.items)) {
          for (const [l, p] of Object.entries(posterior)) expect(relabeled.items[item]!.posterior[renamed(l)]).toBeCloseTo(p, 9);
          const runnerUp = Math.max(...Object.entries(posterior).map(([l, p]) => (l === label ? 0 : p)));
          if (posterior[label]! - runnerUp > 1e-6) expect(relabeled.items[item]!.label).toBe(renamed(label));
        }
        for (const [labeler, { accuracy, confusion }] of Object.entries(original.labelers)) {
          expect(relabeled.labelers[labeler]!.accuracy).toBeCloseTo(accuracy, 9);
          for (const [truth, row] of Object.entries(confusion)) {
            for (const [given, p] of Object.entries(row)) expect(relabeled.labelers[labeler]!.confusion[renamed(truth)]![renamed(given)]).toBeCloseTo(p, 9);
          }
        }
      }),
    );
  });
});

describe("itemPosterior: one item scored against a fitted model", () => {
  const fitted = dawidSkene(ANAESTHETIST_RATINGS, { tolerance: 0, maxIterations: 200 });

  it("gives back the model's own posterior for an item it was fitted on", () => {
    const patient = Object.keys(fitted.items)[1]!;
    const answers = ANAESTHETIST_RATINGS.filter((rating) => rating.item === patient);
    const posterior = itemPosterior(fitted, answers);
    for (const [label, probability] of Object.entries(fitted.items[patient]!.posterior)) expect(posterior[label]).toBeCloseTo(probability, 6);
  });

  it("scores labelers the model has not seen as right with the given accuracy", () => {
    const posterior = itemPosterior({ labelers: {}, priors: { a: 0.5, b: 0.5 } }, [
      { labeler: "new1", label: "a" },
      { labeler: "new2", label: "a" },
      { labeler: "new3", label: "b" },
    ]);
    // Priors equal: (0.7·0.7·0.3) / (0.7·0.7·0.3 + 0.3·0.3·0.7) = 0.7
    expect(posterior.a).toBeCloseTo(0.7, 10);
    expect(posterior.a! + posterior.b!).toBeCloseTo(1, 12);
  });
});
