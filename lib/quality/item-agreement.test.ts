import { describe, expect, it } from "vitest";
import { newProjectSchema } from "../validation/project";
import { agreementScore, givesAnswer, itemAgreement } from "./item-agreement";
import type { ResultEntry } from "../validation/annotation";

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
    expect(result.speech).toEqual({ type: "segment", labelers: 2, meanF1: { value: 1 }, frameAlpha: { value: 1 } });
    expect(result.text).toMatchObject({ type: "transcript", meanWer: { value: 0 }, flagged: false });
  });

  it("agreement score: 1 − WER for transcripts (0 against silence), matched F1 for segments", () => {
    const transcriptOf = (text: string) => [{ task: "text", type: "transcript" as const, text }];
    const score = (first: string, second: string) => agreementScore(itemAgreement(audioTasks, [{ labelerId: "a", result: transcriptOf(first) }, { labelerId: "b", result: transcriptOf(second) }]).text!);
    // The medoid is the shorter one ("turn on light"): against the other, one deletion of 4 words.
    expect(score("turn on the light", "turn on light")).toBeCloseTo(3 / 4, 12);
    // Against silence the medoid is "" (WER 1 one way, 2 the other): 1 − 1.
    expect(score("", "two words")).toBe(0);
    expect(agreementScore({ type: "segment", labelers: 2, meanF1: { value: 0.4 }, frameAlpha: { value: 0.9 } })).toBe(0.4);
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
