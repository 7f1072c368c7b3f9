import { describe, expect, it } from "vitest";
import { itemAgreement } from "../quality/item-agreement";
import type { ResultEntry } from "../validation/annotation";
import { newProjectSchema, type Task } from "../validation/project";
import { classificationVote, evaluateItem, flagRulesSchema, shouldEscalate, type ClassModel, type FlagRules, type SubmittedResult } from "./flags";

const imageTasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], uncertainClass: "borderline" },
    { key: "tags", type: "classification", classes: ["a", "b", "c"], multiple: true },
    { key: "boxes", type: "bbox", classes: ["scratch", "dent"] },
    { key: "outline", type: "polygon", classes: ["part"] },
  ],
}).tasks;
const audioTasks = newProjectSchema.parse({
  name: "a",
  mediaKind: "audio",
  tasks: [
    { key: "speech", type: "segment", classes: ["speech", "music", "noise"], uncertainClass: "unclear", transcript: true },
    { key: "text", type: "transcript" },
  ],
}).tasks;

const onlyTask = (tasks: readonly Task[], key: string) => tasks.filter((task) => task.key === key);
const defectTask = onlyTask(imageTasks, "defect");

const defect = (value: string, extra: { uncertain?: boolean } = {}): ResultEntry => ({ task: "defect", type: "classification", values: [value], ...extra });
const tags = (...values: string[]): ResultEntry => ({ task: "tags", type: "classification", values });
const box = (x: number, label = "scratch"): ResultEntry => ({ task: "boxes", type: "bbox", label, x, y: 0, width: 10, height: 10 });
const square = (x: number): ResultEntry => ({ task: "outline", type: "polygon", label: "part", points: [[x, 0], [x + 10, 0], [x + 10, 10], [x, 10]] });
const segment = (start: number, end: number, transcript?: string, label = "speech"): ResultEntry => ({
  task: "speech",
  type: "segment",
  label,
  start,
  end,
  ...(transcript === undefined ? {} : { transcript }),
});
const transcript = (text: string): ResultEntry => ({ task: "text", type: "transcript", text });

/** One submission per answer list, by labelers "l1", "l2", … */
const submissions = (...results: ResultEntry[][]): SubmittedResult[] => results.map((result, index) => ({ labelerId: `l${index + 1}`, result }));

function evaluate(tasks: readonly Task[], results: SubmittedResult[], rules: Partial<FlagRules> = {}, durationSeconds?: number) {
  return evaluateItem({ tasks, results, agreement: itemAgreement(tasks, results, durationSeconds), rules: flagRulesSchema.parse(rules), durationSeconds });
}

describe("evaluateItem: classification", () => {
  it("passes a unanimous item, with the answer as consensus and confidence 1", () => {
    const tasks = onlyTask(imageTasks, "defect").concat(onlyTask(imageTasks, "boxes"));
    const evaluation = evaluate(tasks, submissions([defect("ok"), box(0)], [defect("ok"), box(0)], [defect("ok"), box(0)]));
    expect(evaluation).toEqual({
      needsReview: false,
      reasons: [],
      consensus: [
        { task: "defect", method: "unanimous", entries: [{ task: "defect", type: "classification", values: ["ok"] }], confidence: 1 },
        { task: "boxes", method: "shape-clusters", entries: [{ task: "boxes", type: "bbox", label: "scratch", x: 0, y: 0, width: 10, height: 10 }], confidence: 1 },
      ],
    });
  });

  it("passes 2 of 3 at the default 0.67 (2/3 shown as 0.67 meets it) and flags it at 0.8", () => {
    const results = submissions([defect("ok")], [defect("ok")], [defect("scratch")]);
    const lenient = evaluate(defectTask, results);
    expect(lenient).toMatchObject({ needsReview: false, reasons: [] });
    expect(lenient.consensus[0]!.entries).toEqual([{ task: "defect", type: "classification", values: ["ok"] }]);
    expect(lenient.consensus[0]!.confidence).toBeCloseTo(2 / 3, 12);
    expect(evaluate(defectTask, results, { minClassAgreement: 0.8 }).reasons).toEqual([
      { code: "low-agreement", task: "defect", detail: "class agreement 0.67 is below 0.8" },
    ]);
  });

  it("flags three different answers of three labelers: a three-way tie with agreement 0.33", () => {
    const evaluation = evaluate(defectTask, submissions([defect("ok")], [defect("scratch")], [defect("dent")]));
    expect(evaluation.needsReview).toBe(true);
    expect(evaluation.reasons).toEqual([
      { code: "tie", task: "defect", detail: '"dent", "ok" and "scratch" tie with 1 vote each' },
      { code: "low-agreement", task: "defect", detail: "class agreement 0.33 is below 0.67" },
    ]);
  });

  it("flags a 2–2 tie of four labelers and gives no consensus; without flagTies only the low agreement remains", () => {
    const results = submissions([defect("ok")], [defect("scratch")], [defect("ok")], [defect("scratch")]);
    const evaluation = evaluate(defectTask, results);
    expect(evaluation.reasons).toEqual([
      { code: "tie", task: "defect", detail: '"ok" and "scratch" tie with 2 votes each' },
      { code: "low-agreement", task: "defect", detail: "class agreement 0.50 is below 0.67" },
    ]);
    expect(evaluation.consensus).toEqual([{ task: "defect", method: "majority-vote", entries: [], confidence: null }]);
    expect(evaluate(defectTask, results, { flagTies: false }).reasons.map((reason) => reason.code)).toEqual(["low-agreement"]);
  });

  it("flags a consensus whose vote share is below minConsensusConfidence", () => {
    const results = submissions([defect("ok")], [defect("ok")], [defect("scratch")], [defect("dent")]);
    expect(evaluate(defectTask, results, { minClassAgreement: 0.5 }).reasons).toEqual([
      { code: "low-confidence", task: "defect", detail: "consensus confidence 0.50 is below 0.6" },
    ]);
  });

  it("counts a multiple choice's set of classes as one answer, whatever the order", () => {
    const evaluation = evaluate(onlyTask(imageTasks, "tags"), submissions([tags("b", "a")], [tags("a", "b")], [tags("a")]));
    expect(evaluation.consensus[0]!.entries).toEqual([{ task: "tags", type: "classification", values: ["a", "b"] }]);
    expect(evaluation.consensus[0]!.confidence).toBeCloseTo(2 / 3, 12);
  });

  it("gives no consensus and no reason when nobody answered the task", () => {
    expect(evaluate(onlyTask(imageTasks, "tags"), submissions([], []))).toEqual({
      needsReview: false,
      reasons: [],
      consensus: [{ task: "tags", method: "majority-vote", entries: [], confidence: null }],
    });
  });
});

describe("evaluateItem: uncertainty and guidelines", () => {
  it("flags a vote for the uncertainty class, unless flagUncertainty is off", () => {
    const results = submissions([defect("ok")], [defect("ok")], [defect("borderline")]);
    expect(evaluate(defectTask, results).reasons).toEqual([{ code: "uncertainty-vote", task: "defect", detail: '1 of 3 labelers chose "borderline"' }]);
    expect(evaluate(defectTask, results, { flagUncertainty: false }).needsReview).toBe(false);
  });

  it("flags an entry marked uncertain", () => {
    const evaluation = evaluate(defectTask, submissions([defect("ok", { uncertain: true })], [defect("ok")], [defect("ok")]));
    expect(evaluation.reasons).toEqual([{ code: "marked-uncertain", task: "defect", detail: "1 of 3 labelers marked an answer uncertain" }]);
  });

  it("flags [unintelligible] in a transcript even when the transcripts agree", () => {
    const tasks = onlyTask(audioTasks, "text");
    // WER of the medoid "hello there" to "hello [unintelligible] there" is 1/3, to the other "hello there" 0: mean 1/6.
    const evaluation = evaluate(tasks, submissions([transcript("hello [unintelligible] there")], [transcript("hello there")], [transcript("hello there")]));
    expect(evaluation.reasons).toEqual([{ code: "unintelligible", task: "text", detail: '1 of 3 labelers wrote "[unintelligible]"' }]);
  });

  it("flags an item whose guidelines a labeler found unclear, as a reason about the whole item", () => {
    const results: SubmittedResult[] = [
      { labelerId: "l1", result: [defect("ok")], guidelinesUnclear: true },
      { labelerId: "l2", result: [defect("ok")] },
      { labelerId: "l3", result: [defect("ok")], guidelinesUnclear: false },
    ];
    expect(evaluate(defectTask, results)).toMatchObject({
      needsReview: true,
      reasons: [{ code: "guidelines-unclear", detail: "1 of 3 labelers found the guidelines unclear" }],
    });
  });
});

describe("evaluateItem: shapes", () => {
  const boxesTask = onlyTask(imageTasks, "boxes");

  it("flags boxes that do not overlap (F1 0) and gives no consensus box: each was drawn by a third of the labelers", () => {
    const evaluation = evaluate(boxesTask, submissions([box(0)], [box(50)], [box(100)]));
    expect(evaluation.reasons).toEqual([{ code: "low-agreement", task: "boxes", detail: "box F1 0.00 is below 0.7" }]);
    expect(evaluation.consensus).toEqual([{ task: "boxes", method: "shape-clusters", entries: [], confidence: null }]);
  });

  it("fuses overlapping boxes into their mean corners with the majority label", () => {
    // x = [0, 10], [2, 12], [1, 11]; IoU of the farthest two is 8/12 >= 0.5, so all pairs match (F1 1).
    // Mean corners: x = [1, 11], y = [0, 10]. Labels scratch, scratch, dent.
    const evaluation = evaluate(boxesTask, submissions([box(0)], [box(2)], [box(1, "dent")]));
    expect(evaluation).toEqual({
      needsReview: false,
      reasons: [],
      consensus: [{ task: "boxes", method: "shape-clusters", entries: [{ task: "boxes", type: "bbox", label: "scratch", x: 1, y: 0, width: 10, height: 10 }], confidence: 1 }],
    });
  });

  it("flags a consensus box whose label is tied", () => {
    const evaluation = evaluate(boxesTask, submissions([box(0, "scratch")], [box(0, "dent")]));
    expect(evaluation.reasons).toEqual([{ code: "tie", task: "boxes", detail: "labels tie on 1 of 1 consensus boxes" }]);
  });

  it("takes the medoid polygon: of squares at x = 0, 1, 2 the middle one", () => {
    const evaluation = evaluate(onlyTask(imageTasks, "outline"), submissions([square(0)], [square(2)], [square(1)]));
    expect(evaluation.consensus).toEqual([{ task: "outline", method: "shape-clusters", entries: [square(1)], confidence: 1 }]);
    expect(evaluation.needsReview).toBe(false);
  });

  it("never flags on a statistic that is undefined: one labeler has no F1 to fall short", () => {
    const tasks = onlyTask(imageTasks, "defect").concat(boxesTask);
    const results = submissions([defect("ok"), box(0)]);
    expect(itemAgreement(tasks, results).boxes).toMatchObject({ meanF1: { value: null } });
    expect(evaluate(tasks, results)).toMatchObject({ needsReview: false, reasons: [] });
  });
});

describe("evaluateItem: segments and transcripts", () => {
  const speechTask = onlyTask(audioTasks, "speech");

  it("gives the frame-majority segment with the medoid of its transcripts", () => {
    // Frames of 10 ms: [0.5, 0.6) and [1.4, 1.5) are covered by 2 of 3 labelers, [0.6, 1.4) by all three.
    const results = submissions([segment(0.5, 1.5, "hello there")], [segment(0.5, 1.5, "Hello there.")], [segment(0.6, 1.4, "hello [unintelligible]")]);
    const evaluation = evaluate(speechTask, results, {}, 2);
    expect(evaluation.consensus).toEqual([
      {
        task: "speech",
        method: "segment-clusters",
        entries: [{ task: "speech", type: "segment", label: "speech", start: 0.5, end: 1.5, transcript: "hello there" }],
        confidence: expect.closeTo((20 * (2 / 3) + 80) / 100, 12),
      },
    ]);
    // The transcripts on the matched segments: l1–l2 agree after normalisation, "[unintelligible]" for "there" is
    // one word in two either way against l3: (0 + 1/2 + 1/2) / 3 is above the transcript limit too.
    expect(evaluation.reasons).toEqual([
      { code: "low-agreement", task: "speech", detail: "segment transcript WER 0.33 is above 0.25" },
      { code: "unintelligible", task: "speech", detail: '1 of 3 labelers wrote "[unintelligible]"' },
    ]);
  });

  it("keeps noise drawn over speech by every labeler beside the speech (the noisy_car case)", () => {
    const noise = (start: number, end: number) => segment(start, end, undefined, "noise");
    const results = submissions(
      [segment(0.3, 2.2, "nearest gas station please"), noise(0, 2.5)],
      [noise(0.02, 2.46), segment(0.32, 2.18, "nearest gas station, please")],
      [segment(0.29, 2.2, "Nearest gas station please."), noise(0, 2.5)],
    );
    const evaluation = evaluate(speechTask, results, {}, 2.5);
    expect(evaluation.consensus[0]!.entries).toEqual([
      { task: "speech", type: "segment", label: "noise", start: 0, end: 2.5 },
      { task: "speech", type: "segment", label: "speech", start: 0.3, end: 2.2, transcript: "nearest gas station please" },
    ]);
    expect(evaluation.reasons).toEqual([]);
  });

  it("flags transcripts on matched segments whose WER is above maxTranscriptWer, naming the figure", () => {
    const results = submissions([segment(0, 1, "turn on the kitchen light")], [segment(0, 1, "turn off the light")]);
    // 2 errors in 5 words one way (off for on, kitchen dropped), 2 in 4 the other: a mean of 0.45.
    expect(evaluate(speechTask, results, {}, 1).reasons).toEqual([{ code: "low-agreement", task: "speech", detail: "segment transcript WER 0.45 is above 0.25" }]);
    expect(evaluate(speechTask, results, { maxTranscriptWer: 0.5 }, 1).reasons).toEqual([]);
  });

  it("flags segments that do not overlap (F1 0) and a segment in the uncertainty class", () => {
    const evaluation = evaluate(speechTask, submissions([segment(0, 1)], [segment(2, 3, undefined, "unclear")]), {}, 3);
    expect(evaluation.reasons).toEqual([
      { code: "low-agreement", task: "speech", detail: "segment F1 0.00 is below 0.7" },
      { code: "uncertainty-vote", task: "speech", detail: '1 of 2 labelers chose "unclear"' },
    ]);
    expect(evaluation.consensus[0]).toMatchObject({ entries: [], confidence: null });
  });

  it("flags transcripts whose medoid is far from the others and still gives the medoid", () => {
    // The medoid "the cat sat on the mat" has WER 0 to its twin and 5/6 to "a dog stood by the door": mean 5/12.
    const tasks = onlyTask(audioTasks, "text");
    const results = submissions([transcript("the cat sat on the mat")], [transcript("a dog stood by the door")], [transcript("the cat sat on the mat")]);
    const evaluation = evaluate(tasks, results);
    expect(evaluation.reasons).toEqual([{ code: "low-agreement", task: "text", detail: "transcript WER 0.42 is above 0.25" }]);
    expect(evaluation.consensus).toEqual([
      { task: "text", method: "transcript-medoid", entries: [{ task: "text", type: "transcript", text: "the cat sat on the mat" }], confidence: null },
    ]);
  });
});

describe("shouldEscalate", () => {
  const rules = flagRulesSchema.parse({});
  const disputed = evaluate(defectTask, submissions([defect("ok")], [defect("scratch")], [defect("dent")]));
  const uncertainOnly = evaluate(defectTask, submissions([defect("ok")], [defect("ok")], [defect("borderline")]));

  it("asks for another labeler for a dispute below maxOverlap", () => {
    expect(shouldEscalate({ ...disputed, labelers: 3, maxOverlap: 5, rules })).toBe(true);
  });

  it("does not at maxOverlap, or when escalation is off", () => {
    expect(shouldEscalate({ ...disputed, labelers: 5, maxOverlap: 5, rules })).toBe(false);
    expect(shouldEscalate({ ...disputed, labelers: 3, maxOverlap: 5, rules: flagRulesSchema.parse({ escalate: false }) })).toBe(false);
  });

  it("does not for uncertainty alone, but does when a dispute comes with it", () => {
    expect(uncertainOnly.needsReview).toBe(true);
    expect(shouldEscalate({ ...uncertainOnly, labelers: 3, maxOverlap: 5, rules })).toBe(false);
    const both = { needsReview: true, reasons: [...uncertainOnly.reasons, ...disputed.reasons] };
    expect(shouldEscalate({ ...both, labelers: 3, maxOverlap: 5, rules })).toBe(true);
  });
});

describe("flagRulesSchema", () => {
  it("gives every default from {}", () => {
    expect(flagRulesSchema.parse({})).toEqual({
      minClassAgreement: 0.67,
      minShapeF1: 0.7,
      minSegmentF1: 0.7,
      maxTranscriptWer: 0.25,
      minConsensusConfidence: 0.6,
      flagUncertainty: true,
      flagTies: true,
      escalate: true,
    });
  });

  it("refuses an unknown key and a share outside [0, 1]", () => {
    const unknown = flagRulesSchema.safeParse({ minClassAgreement: 0.8, minBoxF1: 0.5 });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues).toMatchObject([{ code: "unrecognized_keys", keys: ["minBoxF1"] }]);
    expect(flagRulesSchema.safeParse({ minShapeF1: 1.5 }).success).toBe(false);
  });
});

/** A labeler model in which every labeler answers the true class with `accuracy`, the rest spread evenly. */
function uniformModel(labels: string[], labelers: string[], accuracy: number, priors?: Record<string, number>): ClassModel {
  const confusion = Object.fromEntries(labels.map((truth) => [truth, Object.fromEntries(labels.map((given) => [given, given === truth ? accuracy : (1 - accuracy) / (labels.length - 1)]))]));
  return {
    ref: { id: "m1", version: 3, items: 40, fittedAt: "2026-12-01T00:00:00.000Z" },
    priors: priors ?? Object.fromEntries(labels.map((label) => [label, 1 / labels.length])),
    labelers: Object.fromEntries(labelers.map((labeler) => [labeler, { confusion }])),
  };
}

describe("evaluateItem: with a labeler model (Dawid–Skene)", () => {
  const rules = flagRulesSchema.parse({});
  const withModel = (results: SubmittedResult[], model: ClassModel) => evaluateItem({ tasks: defectTask, results, agreement: itemAgreement(defectTask, results), rules, classModels: { defect: model } });

  it("never overrules a unanimous answer, whatever the model says", () => {
    // The issue's case: a model whose priors make "scratch" all but certain still cannot overrule three "ok"s.
    const skewed = uniformModel(["ok", "scratch", "dent"], ["l1", "l2", "l3"], 0.34, { ok: 0.01, scratch: 0.98, dent: 0.01 });
    const evaluation = withModel(submissions([defect("ok")], [defect("ok")], [defect("ok")]), skewed);
    expect(evaluation).toEqual({ needsReview: false, reasons: [], consensus: [{ task: "defect", method: "unanimous", entries: [defect("ok")], confidence: 1 }] });
  });

  it("takes the model's posterior as the confidence when it confirms the vote, and names the model", () => {
    const model = uniformModel(["ok", "scratch", "dent"], ["l1", "l2", "l3"], 0.9);
    const evaluation = withModel(submissions([defect("ok")], [defect("ok")], [defect("scratch")]), model);
    const [consensus] = evaluation.consensus;
    expect(consensus).toMatchObject({ method: "dawid-skene", entries: [defect("ok")], model: { ref: model.ref, label: "ok", vote: "ok" } });
    // Posterior of ok ∝ 0.9 · 0.9 · 0.05, of scratch ∝ 0.05 · 0.05 · 0.9, of dent ∝ 0.05 · 0.05 · 0.05 (equal priors).
    const [ok, scratch, dent] = [0.9 * 0.9 * 0.05, 0.05 * 0.05 * 0.9, 0.05 ** 3];
    expect(consensus!.confidence).toBeCloseTo(ok / (ok + scratch + dent), 12);
    expect(evaluation.reasons).toEqual([]);
  });

  it("sends the item to review when the model's answer differs from the vote, with both answers and the posterior", () => {
    // l3 is reliable, l1 and l2 answer at random: the model believes l3's "scratch" over the majority's "ok".
    const confusionOf = (accuracy: number) => Object.fromEntries(["ok", "scratch"].map((truth) => [truth, { [truth]: accuracy, [truth === "ok" ? "scratch" : "ok"]: 1 - accuracy }]));
    const model: ClassModel = { ref: { id: "m2", version: 1, items: 25, fittedAt: "2026-12-01T00:00:00.000Z" }, priors: { ok: 0.5, scratch: 0.5 }, labelers: { l1: { confusion: confusionOf(0.55) }, l2: { confusion: confusionOf(0.55) }, l3: { confusion: confusionOf(0.99) } } };
    const evaluation = withModel(submissions([defect("ok")], [defect("ok")], [defect("scratch")]), model);
    expect(evaluation.needsReview).toBe(true);
    const [consensus] = evaluation.consensus;
    // The proposal stays the vote's; the model's opinion is kept beside it.
    expect(consensus).toMatchObject({ method: "majority-vote", entries: [defect("ok")], confidence: 2 / 3, model: { label: "scratch", vote: "ok" } });
    const scratch = 0.45 * 0.45 * 0.99;
    const ok = 0.55 * 0.55 * 0.01;
    expect(consensus!.model!.probability).toBeCloseTo(scratch / (scratch + ok), 12);
    expect(evaluation.reasons).toEqual([
      {
        code: "model-disagrees",
        task: "defect",
        detail: `the labeler model disagrees with the vote: the vote says "ok" (2 of 3), the model "scratch" (posterior ${(scratch / (scratch + ok)).toFixed(2)})`,
      },
    ]);
  });

  it("keeps the model's opinion on a tie, which stays a tie for a person to settle", () => {
    const evaluation = withModel(submissions([defect("ok")], [defect("scratch")]), uniformModel(["ok", "scratch", "dent"], ["l1", "l2"], 0.9, { ok: 0.6, scratch: 0.3, dent: 0.1 }));
    expect(evaluation.consensus[0]).toMatchObject({ entries: [], confidence: null, model: { label: "ok", vote: null } });
    expect(evaluation.reasons.map((reason) => reason.code)).toEqual(["tie", "low-agreement"]);
  });
});

describe("the uncertainty class is an abstention", () => {
  it("is never the consensus: the others' answer is, with its share of everyone who answered", () => {
    const evaluation = evaluate(defectTask, submissions([defect("ok")], [defect("borderline")], [defect("ok")]));
    expect(evaluation.consensus[0]).toEqual({ task: "defect", method: "unanimous", entries: [defect("ok")], confidence: 2 / 3 });
    // It still sends the item to a reviewer.
    expect(evaluation.reasons).toEqual([{ code: "uncertainty-vote", task: "defect", detail: '1 of 3 labelers chose "borderline"' }]);
  });

  it("gives no consensus when everyone abstained", () => {
    const evaluation = evaluate(defectTask, submissions([defect("borderline")], [defect("borderline")], [defect("borderline")]));
    expect(evaluation.consensus[0]).toEqual({ task: "defect", method: "majority-vote", entries: [], confidence: null });
    expect(evaluation.reasons.map((reason) => reason.code)).toEqual(["uncertainty-vote"]);
  });

  it("is an abstention for the model as well: classificationVote leaves it out", () => {
    const [task] = defectTask;
    expect(classificationVote([defect("borderline")], task!)).toBe("abstain");
    expect(classificationVote([defect("ok")], task!)).toEqual({ answer: "ok", values: ["ok"] });
    expect(classificationVote([tags("b", "a")], onlyTask(imageTasks, "tags")[0]!)).toEqual({ answer: "a + b", values: ["a", "b"] });
    expect(classificationVote([], task!)).toBeNull();
  });
});
