import { describe, expect, it } from "vitest";
import { newProjectSchema } from "../validation/project";
import { agreementScore, givesAnswer, itemAgreement, type TaskAgreement } from "./item-agreement";
import type { ResultEntry } from "../validation/annotation";
import { DEFAULT_NORMALISATION, wordErrorRate } from "./text-and-segments";

const imageTasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch"], uncertainClass: "borderline" },
    { key: "boxes", type: "bbox", classes: ["scratch"] },
  ],
}).tasks;
const audioTasks = newProjectSchema.parse({
  name: "a",
  mediaKind: "audio",
  tasks: [
    { key: "speech", type: "segment", classes: ["speech"] },
    { key: "text", type: "transcript" },
  ],
}).tasks;

const defect = (value: string) => ({ task: "defect", type: "classification" as const, values: [value] });
const box = (x: number) => ({ task: "boxes", type: "bbox" as const, label: "scratch", x, y: 0, width: 10, height: 10 });

describe("item agreement", () => {
  it("classification: pairwise agreement and votes (ok, ok, scratch: 1 agreeing pair of 3)", () => {
    const result = itemAgreement(imageTasks, [
      { labelerId: "a", result: [defect("ok"), box(0)] },
      { labelerId: "b", result: [defect("ok"), box(0)] },
      { labelerId: "c", result: [defect("scratch"), box(5)] },
    ]);
    expect(result.defect).toEqual({ type: "classification", labelers: 3, percentAgreement: { value: 1 / 3 }, votes: { ok: 2, scratch: 1 } });
    // Boxes: a–b identical (F1 1, IoU 1); c is shifted by half a width: IoU 50/150 = 1/3 < 0.5, so no match with a or b.
    expect(result.boxes).toMatchObject({ type: "bbox", labelers: 3, meanF1: { value: 1 / 3 } });
    expect(result.boxes?.type === "bbox" && result.boxes.meanIoU.value).toBeCloseTo(1, 12);
  });

  it("a labeler who drew nothing disagrees with one who drew a box; one labeler has nothing to agree with", () => {
    const pair = itemAgreement(imageTasks, [
      { labelerId: "a", result: [box(0)] },
      { labelerId: "b", result: [] },
    ]);
    expect(pair.boxes).toMatchObject({ meanF1: { value: 0 } });
    expect(pair.defect).toMatchObject({ percentAgreement: { value: null, reason: expect.any(String) }, votes: {} });
    const alone = itemAgreement(imageTasks, [{ labelerId: "a", result: [defect("ok")] }]);
    expect(alone.defect).toMatchObject({ percentAgreement: { value: null } });
  });

  it("segments: identical spans agree fully; transcripts agree after normalisation (um vs umm)", () => {
    const segment = (start: number, end: number) => ({ task: "speech", type: "segment" as const, label: "speech", start, end });
    const result = itemAgreement(
      audioTasks,
      [
        { labelerId: "a", result: [segment(0.5, 1.5), { task: "text", type: "transcript", text: "um, nearest gas station" }] },
        { labelerId: "b", result: [segment(0.5, 1.5), { task: "text", type: "transcript", text: "Umm, nearest gas station" }] },
      ],
      2.3,
    );
    expect(result.speech).toEqual({ type: "segment", labelers: 2, meanF1: { value: 1 }, frameAlpha: { value: 1 }, perLabel: [{ label: "speech", f1: { value: 1 }, frameAlpha: { value: 1 } }] });
    expect(result.text).toMatchObject({ type: "transcript", meanWer: { value: 0 }, flagged: false });
  });

  it("agreement score: 1 − WER for transcripts (0 against silence), matched F1 for segments", () => {
    const transcriptOf = (text: string) => [{ task: "text", type: "transcript" as const, text }];
    const score = (first: string, second: string) => agreementScore(itemAgreement(audioTasks, [{ labelerId: "a", result: transcriptOf(first) }, { labelerId: "b", result: transcriptOf(second) }]).text!);
    // The medoid is the shorter one ("turn on light"): against the other, one deletion of 4 words.
    expect(score("turn on the light", "turn on light")).toBeCloseTo(3 / 4, 12);
    // Against silence the medoid is "" (WER 1 one way, 2 the other): 1 − 1.
    expect(score("", "two words")).toBe(0);
    const segments: TaskAgreement = { type: "segment", labelers: 2, meanF1: { value: 0.4 }, frameAlpha: { value: 0.9 }, perLabel: [] };
    expect(agreementScore(segments)).toBe(0.4);
    // Segment transcripts count too: the lower of F1 and 1 − their WER.
    expect(agreementScore({ ...segments, transcriptWer: { value: 0.75 } })).toBeCloseTo(0.25, 12);
    expect(agreementScore({ ...segments, transcriptWer: { value: null, reason: "no matched segments both with a transcript" } })).toBe(0.4);
  });

  it("gives an answer: a classification's exact (multiple choice sorted), or any object of that label on the task", () => {
    const result = [
      { task: "kind", type: "classification", values: ["dog", "cat"] },
      { task: "objects", type: "bbox", label: "cup", x: 0, y: 0, width: 1, height: 1 },
      { task: "objects", type: "bbox", label: "spoon", x: 2, y: 2, width: 1, height: 1 },
      { task: "speech", type: "segment", label: "noise", start: 0, end: 1 },
    ] as ResultEntry[];
    expect(givesAnswer(result, "kind", "cat + dog")).toBe(true);
    expect(givesAnswer(result, "kind", "cat")).toBe(false);
    expect(["cup", "spoon", "fork"].map((label) => givesAnswer(result, "objects", label))).toEqual([true, true, false]);
    expect(givesAnswer(result, "speech", "noise")).toBe(true);
    expect(givesAnswer(result, "objects", "noise")).toBe(false);
  });
});

describe("item agreement of overlapping segments", () => {
  const tasks = newProjectSchema.parse({
    name: "car",
    mediaKind: "audio",
    tasks: [{ key: "sound", type: "segment", classes: ["speech", "noise"], transcript: true }],
  }).tasks;
  const segment = (label: string, start: number, end: number, transcript?: string) => ({ task: "sound", type: "segment" as const, label, start, end, ...(transcript === undefined ? {} : { transcript }) });

  it("gives every label its own F1 and frame alpha (the noisy_car case)", () => {
    const result = itemAgreement(
      tasks,
      [
        { labelerId: "a", result: [segment("speech", 0, 5), segment("noise", 0, 2.5)] },
        { labelerId: "b", result: [segment("noise", 0.02, 2.46), segment("speech", 0.03, 4.98)] },
        { labelerId: "c", result: [segment("speech", 0.01, 5), segment("noise", 0, 2.53)] },
      ],
      5,
    ).sound!;
    if (result.type !== "segment") throw new Error(result.type);
    // Every segment matches the other labelers' of its label.
    expect(result.meanF1).toEqual({ value: 1 });
    expect(result.perLabel.map(({ label, f1 }) => [label, f1])).toEqual([
      ["noise", { value: 1 }],
      ["speech", { value: 1 }],
    ]);
    // Frames disagree only at the jittered ends. With 10 ms frames, labelers covering each frame (of 3), and the
    // binary alpha 1 − (n − 1)·o_01·2 / (2·n_0·n_1), o_01 adding k(3 − k)/2 per frame with k of 3 covering it:
    //   noise: frames 0–1 2, 2–245 3, 246–249 2, 250–252 1, the 247 after 0: o_01 9, n_1 747, n_0 753.
    //   speech: frame 0 1, 1–2 2, 3–497 3, 498–499 2: o_01 5, n_1 1494, n_0 6. Almost every value is "speech",
    //   so the few disagreeing frames weigh heavily: alpha is low although the segments match.
    //   overall: o_01 14, n_1 2241, n_0 759, n 3000.
    expect(result.perLabel.map(({ frameAlpha }) => frameAlpha.value)).toEqual([expect.closeTo(1 - (1499 * 9) / (753 * 747), 12), expect.closeTo(1 - (1499 * 5) / (6 * 1494), 12)]);
    expect(result.frameAlpha.value).toBeCloseTo(1 - (2999 * 14) / (759 * 2241), 12);
    expect(result.transcriptWer).toEqual({ value: null, reason: "no matched segments both with a transcript" });
  });

  it("matches segments only within their label: the same span labeled differently is no agreement", () => {
    // Drawn over the same span, a's noise and speech must each meet b's of the same label, not the other's.
    const result = itemAgreement(tasks, [
      { labelerId: "a", result: [segment("speech", 0, 2.5), segment("noise", 0, 2.5)] },
      { labelerId: "b", result: [segment("noise", 0, 2.5), segment("speech", 0, 2.5)] },
      { labelerId: "c", result: [segment("speech", 0, 2.5)] },
    ]).sound!;
    // a–b: 2 matches of 4 segments; a–c and b–c: 1 of 3.
    expect(result).toMatchObject({ meanF1: { value: expect.closeTo((1 + 2 / 3 + 2 / 3) / 3, 12) } });
    expect(result.type === "segment" && result.perLabel.map(({ label, f1 }) => [label, f1.value])).toEqual([
      ["noise", 2 / 4],
      ["speech", 1],
    ]);
    const relabeled = itemAgreement(tasks, [
      { labelerId: "a", result: [segment("speech", 0, 2.5)] },
      { labelerId: "b", result: [segment("noise", 0, 2.5)] },
    ]).sound!;
    expect(relabeled).toMatchObject({ meanF1: { value: 0 } });
  });

  it("segment transcripts: the mean WER over matched pairs where both have one, each pair's both ways", () => {
    const result = itemAgreement(tasks, [
      { labelerId: "a", result: [segment("speech", 0, 1, "turn on the light"), segment("speech", 2, 3, "thank you"), segment("noise", 0, 3)] },
      { labelerId: "b", result: [segment("speech", 0.05, 1, "turn on light"), segment("speech", 2, 3), segment("noise", 0, 3)] },
      { labelerId: "c", result: [segment("speech", 0, 1.1, "Turn on the light."), segment("speech", 2.1, 3, "thank you")] },
    ]).sound!;
    if (result.type !== "segment") throw new Error(result.type);
    const both = (x: string, y: string) => (wordErrorRate(x, y, DEFAULT_NORMALISATION) + wordErrorRate(y, x, DEFAULT_NORMALISATION)) / 2;
    // a–b: only the first pair has two transcripts; a–c: both pairs; b–c: the first. The noise segments have none.
    const pairs = [both("turn on the light", "turn on light"), both("turn on the light", "Turn on the light."), both("thank you", "thank you"), both("turn on light", "Turn on the light.")];
    expect(pairs).toEqual([(1 / 4 + 1 / 3) / 2, 0, 0, (1 / 3 + 1 / 4) / 2]);
    expect(result.transcriptWer!.value).toBeCloseTo(pairs.reduce((sum, wer) => sum + wer, 0) / pairs.length, 12);
    expect(agreementScore(result)).toBeCloseTo(1 - result.transcriptWer!.value!, 12);
  });
});
