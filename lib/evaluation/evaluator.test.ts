import { describe, expect, it } from "vitest";
import { createEvaluator } from "./evaluator";
import { box, boxTask, chose, item, multipleChoice, polygonTask, said, segment, segmentTask, singleChoice, transcriptTask } from "./test-support";
import type { Task } from "../validation/project";
import type { EvaluatedItem } from "./types";

const heard = singleChoice("heard", "right", "wrong");

/** Ng's speech example: per tag, items, how many the model gets right and how many the labeler's answer agrees. */
const SPEECH_SLICES = [
  { tag: "clean speech", items: 3000, modelCorrect: 2820, labelerAgrees: 2850 },
  { tag: "car noise", items: 200, modelCorrect: 178, labelerAgrees: 186 },
  { tag: "people noise", items: 1500, modelCorrect: 1305, labelerAgrees: 1335 },
  { tag: "low bandwidth", items: 300, modelCorrect: 210, labelerAgrees: 210 },
];

function speechItems(): EvaluatedItem[] {
  return SPEECH_SLICES.flatMap(({ tag, items, modelCorrect, labelerAgrees }) =>
    Array.from({ length: items }, (_, index) =>
      item(`${tag} ${index}`, [chose("heard", "right")], [chose("heard", index < modelCorrect ? "right" : "wrong")], [[chose("heard", index < labelerAgrees ? "right" : "wrong")]], { tags: [tag] }),
    ),
  );
}

describe("createEvaluator: Ng's prioritization table", () => {
  const evaluator = createEvaluator(heard, { by: { kind: "tags" }, resamples: 50 });
  speechItems().forEach((speech) => evaluator.add(speech));
  const report = evaluator.report();

  it("gives each tag's accuracy, HLP, gap, share and gap × share (0.6%, 0.16%, 0.6%, 0)", () => {
    const byTag = Object.fromEntries(report.slices.map((slice) => [slice.value, slice]));
    const expected = {
      "clean speech": [2820 / 3000, 2850 / 3000, 3000 / 5000, 0.006],
      "car noise": [178 / 200, 186 / 200, 200 / 5000, 0.0016],
      "people noise": [1305 / 1500, 1335 / 1500, 1500 / 5000, 0.006],
      "low bandwidth": [210 / 300, 210 / 300, 300 / 5000, 0],
    };
    for (const [tag, [accuracy, hlp, share, gapTimesShare]] of Object.entries(expected)) {
      const slice = byTag[tag]!;
      expect(slice.key).toBe("tags");
      expect(slice.accuracy).toBeCloseTo(accuracy!, 10);
      expect(slice.hlp).toBeCloseTo(hlp!, 10);
      expect(slice.gap).toBeCloseTo(hlp! - accuracy!, 10);
      expect(slice.share).toBeCloseTo(share!, 10);
      expect(slice.gapTimesShare).toBeCloseTo(gapTimesShare!, 10);
    }
  });

  it("sorts by gap × share, the tie between clean speech and people noise broken by the larger slice", () => {
    expect(report.slices.map((slice) => slice.value)).toEqual(["clean speech", "people noise", "car noise", "low bandwidth"]);
  });

  it("pools every item overall: (2820 + 178 + 1305 + 210) / 5000 against (2850 + 186 + 1335 + 210) / 5000", () => {
    expect(report.overall.items).toBe(5000);
    expect(report.overall.accuracy).toBeCloseTo(4513 / 5000, 10);
    expect(report.overall.hlp).toBeCloseTo(4581 / 5000, 10);
    expect(report.overall.gap).toBeCloseTo(68 / 5000, 10);
    expect(report.labelers).toEqual([{ labeler: "a", items: 5000, accuracy: 4581 / 5000 }]);
    expect(report.measure).toBe("accuracy");
    expect(report.bootstrap).toEqual({ resamples: 50, confidenceLevel: 0.95, seed: 1, method: "Poisson bootstrap" });
  });

  it("is plain JSON: it survives a round trip unchanged", () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("createEvaluator: classification", () => {
  it("gives 0.7² + 0.3² = 0.58 for an item answered 7 × A, 3 × B, and HLP 0.7 when the final label is A", () => {
    const evaluator = createEvaluator(singleChoice("kind", "A", "B"), { by: null });
    const answers = Array.from({ length: 10 }, (_, index) => [chose("kind", index < 7 ? "A" : "B")]);
    evaluator.add(item("utterance", [chose("kind", "A")], [chose("kind", "A")], answers));
    const { overall } = evaluator.report();
    expect(overall.expectedAgreement).toBeCloseTo(0.58, 10);
    expect(overall.hlp).toBeCloseTo(0.7, 10);
    expect(overall.accuracy).toBe(1);
  });

  it("leaves a labeler's uncertainty class out of HLP: an abstention, not a wrong answer", () => {
    const evaluator = createEvaluator({ ...singleChoice("kind", "A", "B"), uncertainClass: "unsure" } as Task, { by: null });
    evaluator.add(item("utterance", [chose("kind", "A")], [chose("kind", "A")], [[chose("kind", "A")], [chose("kind", "unsure")], [chose("kind", "B")]]));
    const { overall } = evaluator.report();
    expect(overall.hlp).toBe(1 / 2);
    expect(overall.expectedAgreement).toBe(1 / 2);
  });

  it("states the confusion matrix as rows = final label, columns = prediction", () => {
    const evaluator = createEvaluator(singleChoice("kind", "cat", "dog"), { by: null });
    evaluator.add(item("1", [chose("kind", "cat")], [chose("kind", "dog")]));
    evaluator.add(item("2", [chose("kind", "cat")], [chose("kind", "dog")]));
    evaluator.add(item("3", [chose("kind", "dog")], [chose("kind", "cat")]));
    expect(evaluator.report().confusion).toEqual({ labels: ["cat", "dog"], matrix: [[0, 2], [1, 0]] });
  });

  it("counts a multiple-choice answer correct only for the same set of classes, in any order", () => {
    const evaluator = createEvaluator(multipleChoice("sounds", "car", "dog", "rain"), { by: null });
    expect(evaluator.add(item("same", [chose("sounds", "car", "dog")], [chose("sounds", "dog", "car")]))).toEqual({ measure: 1, error: false, watchHit: false });
    expect(evaluator.add(item("subset", [chose("sounds", "car", "dog")], [chose("sounds", "car")]))).toEqual({ measure: 0, error: true, watchHit: false });
    expect(evaluator.add(item("superset", [chose("sounds", "car")], [chose("sounds", "car", "rain")]))).toEqual({ measure: 0, error: true, watchHit: false });
    const report = evaluator.report();
    expect(report.overall.accuracy).toBeCloseTo(1 / 3, 10);
    expect(report.confusion).toBeUndefined();
    // car: TP 3; dog: TP 1, FN 1; rain: FP 1.
    expect(report.perClass).toEqual({
      car: { precision: 1, recall: 1, f1: 1, support: 3 },
      dog: { precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
      rain: { precision: 0, recall: null, f1: 0, support: 0 },
    });
  });

  it("leaves out, and counts, items without a final label or a prediction for the task; answers without it do not count", () => {
    const evaluator = createEvaluator(heard, { by: null });
    expect(evaluator.add(item("no final", [chose("other", "x")], [chose("heard", "right")]))).toBeNull();
    expect(evaluator.add(item("empty final", [chose("heard")], [chose("heard", "right")]))).toBeNull();
    expect(evaluator.add(item("no prediction", [chose("heard", "right")], []))).toBeNull();
    expect(evaluator.add(item("scored", [chose("heard", "right")], [chose("heard", "right")], [[chose("heard", "wrong")], [chose("other", "x")]]))).toEqual({ measure: 1, error: false, watchHit: false });
    const report = evaluator.report();
    expect(report.leftOut).toBe(3);
    expect(report.leftOutReasons).toEqual({ noFinalLabel: 2, noPrediction: 1 });
    expect(report.overall.items).toBe(1);
    expect(report.overall.hlp).toBe(0);
    expect(report.labelers).toEqual([{ labeler: "a", items: 1, accuracy: 0 }]);
  });

  it("reports nulls with a reason when nothing was scored", () => {
    const report = createEvaluator(heard, { by: { kind: "tags" } }).report();
    expect(report.overall).toMatchObject({ items: 0, accuracy: null, hlp: null, gap: null, interval: { accuracy: null, hlp: null, gap: null } });
    expect(report.overall.reason).toMatch(/no item was scored/);
    expect(report.slices).toEqual([]);
  });
});

describe("createEvaluator: slices by metadata", () => {
  it("makes one slice per value, with (none) for null, missing and empty values", () => {
    const evaluator = createEvaluator(heard, { by: { kind: "meta", key: "device" } });
    const right = [chose("heard", "right")];
    const devices: unknown[] = ["phone", "phone", 3, null, undefined, ""];
    devices.forEach((device, index) => evaluator.add(item(String(index), right, right, [right], { metadata: device === undefined ? {} : { device } })));
    const slices = evaluator.report().slices.map(({ key, value, items, share }) => [key, value, items, share]);
    expect(slices).toEqual([
      ["meta.device", "(none)", 3, 0.5],
      ["meta.device", "phone", 2, 2 / 6],
      ["meta.device", "3", 1, 1 / 6],
    ]);
  });

  it("crosses several keys: one slice per combination the items have, key and values joined by ' × ' in the keys' order", () => {
    const evaluator = createEvaluator(heard, { by: { kind: "meta", keys: ["gender", "accent"] } });
    const right = [chose("heard", "right")];
    const wrong = [chose("heard", "wrong")];
    const people = [
      { gender: "female", accent: "en-gb", prediction: wrong },
      { gender: "female", accent: "en-gb", prediction: right },
      { gender: "female", accent: "en-us", prediction: right },
      { gender: "male", prediction: right },
    ];
    people.forEach(({ prediction, ...metadata }, index) => evaluator.add(item(String(index), right, prediction, [right], { metadata })));
    const slices = evaluator.report().slices.map(({ key, value, items, accuracy, gap }) => [key, value, items, accuracy, gap]);
    expect(slices).toEqual([
      ["meta.gender × meta.accent", "female × en-gb", 2, 0.5, 0.5],
      ["meta.gender × meta.accent", "female × en-us", 1, 1, 0],
      ["meta.gender × meta.accent", "male × (none)", 1, 1, 0],
    ]);
  });

  it("puts an item with several tags in each of their slices, and items without tags in (untagged)", () => {
    const evaluator = createEvaluator(heard, { by: { kind: "tags" } });
    const right = [chose("heard", "right")];
    evaluator.add(item("1", right, right, [], { tags: ["car noise", "low bandwidth"] }));
    evaluator.add(item("2", right, right, [], { tags: [] }));
    const slices = evaluator.report().slices.map(({ value, items, share, hlp, gapTimesShare }) => [value, items, share, hlp, gapTimesShare]);
    expect(slices).toEqual([
      ["(untagged)", 1, 0.5, null, null],
      ["car noise", 1, 0.5, null, null],
      ["low bandwidth", 1, 0.5, null, null],
    ]);
  });
});

describe("createEvaluator: boxes and polygons", () => {
  const cars = boxTask("cars", "car", "bus");

  it("scores an empty prediction as every object missed, and an empty final label with no prediction as nothing to score", () => {
    const evaluator = createEvaluator(cars, { by: null });
    expect(evaluator.add(item("missed", [box("cars", "car", 0, 0, 10, 10), box("cars", "bus", 20, 0, 10, 10)], []))).toEqual({ measure: 0, error: true, watchHit: false });
    expect(evaluator.add(item("nothing", [], []))).toEqual({ measure: 1, error: false, watchHit: false });
    const report = evaluator.report();
    expect(report.leftOut).toBe(0);
    expect(report.overall.items).toBe(2);
    expect(report.overall.accuracy).toBe(0);
    expect(report.overall.ap50).toBe(0);
    expect(report.perClass.car).toEqual({ precision: null, recall: 0, f1: 0, support: 1, ap50: 0 });
  });

  it("matches only equal labels at IoU ≥ 0.5 and pools 2·TP / (2·TP + FP + FN)", () => {
    const evaluator = createEvaluator(cars, { by: null });
    const final = [box("cars", "car", 0, 0, 10, 10), box("cars", "car", 20, 0, 10, 10)];
    // IoU 50/150 = 1/3 with the first car: no match; a bus exactly on the second car: no match (class-aware).
    const outcome = evaluator.add(item("1", final, [box("cars", "car", 5, 0, 10, 10), box("cars", "bus", 20, 0, 10, 10)], [final]));
    expect(outcome).toEqual({ measure: 0, error: true, watchHit: false });
    // IoU 80/120 = 2/3 with the car: a match.
    evaluator.add(item("2", [box("cars", "car", 0, 0, 10, 10)], [box("cars", "car", 2, 0, 10, 10)]));
    const report = evaluator.report();
    expect(report.measure).toBe("matched F1 at IoU 0.5");
    // TP 1, FP 2, FN 2: F1 = 2 / (2 + 4).
    expect(report.overall.accuracy).toBeCloseTo(2 / 6, 10);
    expect(report.overall.hlp).toBe(1);
    expect(report.overall.meanIoU).toBeCloseTo(2 / 3, 10);
    expect(report.perClass.bus).toEqual({ precision: 0, recall: null, f1: 0, support: 0, ap50: null });
  });

  it("measures polygons by their exact IoU: a triangle on half a square has IoU 0.5, and matches", () => {
    const outlines = polygonTask("outlines", "roof");
    const evaluator = createEvaluator(outlines, { by: null });
    const square = { task: "outlines", type: "polygon" as const, label: "roof", points: [[0, 0], [10, 0], [10, 10], [0, 10]] as [number, number][] };
    const triangle = { ...square, points: [[0, 0], [10, 0], [10, 10]] as [number, number][] };
    expect(evaluator.add(item("1", [square], [triangle]))).toEqual({ measure: 1, error: false, watchHit: false });
    expect(evaluator.report().overall.meanIoU).toBeCloseTo(0.5, 10);
  });
});

describe("createEvaluator: segments", () => {
  const events = segmentTask("events", "speech", "music");

  it("pools segment F1 at temporal IoU ≥ 0.5 and frame F1 on 10 ms frames", () => {
    const evaluator = createEvaluator(events, { by: null });
    // IoU of [0, 1) and [0.5, 1.5) is 0.5/1.5 = 1/3: no match. Frames: 50 shared, 50 final only, 50 predicted only.
    const outcome = evaluator.add(item("1", [segment("events", "speech", 0, 1)], [segment("events", "speech", 0.5, 1.5)], [[segment("events", "speech", 0, 1)]]));
    expect(outcome).toEqual({ measure: 0, error: true, watchHit: false });
    const report = evaluator.report();
    expect(report.measure).toBe("segment F1");
    expect(report.overall.accuracy).toBe(0);
    expect(report.overall.hlp).toBe(1);
    expect(report.overall.frameF1).toBeCloseTo(100 / 200, 10);
    expect(report.perClass.speech).toEqual({ precision: 0, recall: 0, f1: 0, support: 1, frameF1: 0.5 });
  });
});

describe("createEvaluator: transcripts", () => {
  const words = transcriptTask("words");

  it("pools 1 − WER over items, counts an error above the threshold, and leaves out missing transcripts", () => {
    const evaluator = createEvaluator(words, { by: null, werErrorThreshold: 0.3 });
    // 1 substitution in 4 words: WER 0.25, not an error at 0.3.
    expect(evaluator.add(item("1", [said("words", "the cat sat down")], [said("words", "the cat sat up")], [[said("words", "the cat sat down")]]))).toEqual({ measure: 0.75, error: false, watchHit: false });
    // 1 deletion in 2 words: WER 0.5.
    expect(evaluator.add(item("2", [said("words", "hello world")], [said("words", "hello")]))).toEqual({ measure: 0.5, error: true, watchHit: false });
    // No reference words, no predicted words: (0, 0), nothing to count.
    expect(evaluator.add(item("3", [said("words", "")], [said("words", "")]))).toEqual({ measure: 1, error: false, watchHit: false });
    expect(evaluator.add(item("4", [said("words", "hi")], []))).toBeNull();
    const report = evaluator.report();
    expect(report.measure).toBe("1 − WER");
    expect(report.overall.accuracy).toBeCloseTo(1 - 2 / 6, 10);
    expect(report.overall.wer).toBeCloseTo(2 / 6, 10);
    // Characters: "the cat sat down" → "the cat sat up": 2 substitutions and 2 deletions of 16; "hello world" → "hello": 6 deletions of 11.
    expect(report.overall.cer).toBeCloseTo(10 / 27, 10);
    expect(report.overall.hlp).toBe(1);
    expect(report.perClass).toEqual({});
    expect(report.leftOutReasons).toEqual({ noFinalLabel: 0, noPrediction: 1 });
  });

  it("counts insertions against an empty reference as corpus errors", () => {
    const evaluator = createEvaluator(words, { by: null });
    expect(evaluator.add(item("1", [said("words", "")], [said("words", "uh oh")]))).toEqual({ measure: -1, error: true, watchHit: false });
    evaluator.add(item("2", [said("words", "a b c d")], [said("words", "a b c d")]));
    expect(evaluator.report().overall.wer).toBeCloseTo(2 / 4, 10);
  });
});

describe("createEvaluator: bootstrap", () => {
  const binomial = (n: number, correct: number) =>
    Array.from({ length: n }, (_, index) => item(String(index), [chose("heard", "right")], [chose("heard", index < correct ? "right" : "wrong")], [[chose("heard", "right")]]));

  it("gives the same report for the same seed and items, another for another seed", () => {
    const reportWith = (seed: number) => {
      const evaluator = createEvaluator(heard, { by: { kind: "tags" }, seed, resamples: 100 });
      speechItems().forEach((speech) => evaluator.add(speech));
      return evaluator.report();
    };
    expect(JSON.stringify(reportWith(7))).toBe(JSON.stringify(reportWith(7)));
    expect(reportWith(7).overall.interval).not.toEqual(reportWith(8).overall.interval);
  });

  it("has intervals that contain the estimates", () => {
    const evaluator = createEvaluator(heard, { by: { kind: "tags" } });
    speechItems().forEach((speech) => evaluator.add(speech));
    const report = evaluator.report();
    for (const figures of [report.overall, ...report.slices]) {
      for (const figure of ["accuracy", "hlp", "gap"] as const) {
        const [lower, upper] = figures.interval[figure]!;
        expect(lower).toBeLessThanOrEqual(figures[figure]! + 1e-12);
        expect(upper).toBeGreaterThanOrEqual(figures[figure]! - 1e-12);
      }
    }
  });

  it("gives a 95% interval as wide as the normal approximation 2 · 1.96 · √(p(1 − p)/n) within 15%, for n = 2000, p = 0.9", () => {
    const evaluator = createEvaluator(heard, { by: null, resamples: 2000, seed: 2012 });
    binomial(2000, 1800).forEach((added) => evaluator.add(added));
    const [lower, upper] = evaluator.report().overall.interval.accuracy!;
    const expected = 2 * 1.96 * Math.sqrt((0.9 * 0.1) / 2000);
    expect(Math.abs(upper - lower - expected) / expected).toBeLessThan(0.15);
    // HLP is 1 on every resample: a zero-width interval.
    expect(evaluator.report().overall.interval.hlp).toEqual([1, 1]);
  });

  it("refuses bootstrap options out of range", () => {
    expect(() => createEvaluator(heard, { by: null, seed: -1 })).toThrow(/seed/);
    expect(() => createEvaluator(heard, { by: null, resamples: 0 })).toThrow(/resamples/);
    expect(() => createEvaluator(heard, { by: null, confidenceLevel: 1 })).toThrow(/Confidence level/);
    expect(() => createEvaluator(transcriptTask("words"), { by: null, werErrorThreshold: -1 })).toThrow(/werErrorThreshold/);
  });
});
