import { describe, expect, it } from "vitest";
import { newProjectSchema, type Task } from "../validation/project";
import { agreementScore, itemAgreement } from "./item-agreement";
import { compareLabelers, labelConfusion, labelerPairMatrix, medoidAgreement, MISSED, perLabelF1, segmentTranscriptAgreement } from "./labeler-pairs";

const tasksOf = (mediaKind: "image" | "audio", tasks: unknown[]): Task[] => newProjectSchema.parse({ name: "p", mediaKind, tasks }).tasks;
const [boxes] = tasksOf("image", [{ key: "boxes", type: "bbox", classes: ["scratch", "dent"] }]) as [Task];
const [speech, text] = tasksOf("audio", [
  { key: "speech", type: "segment", classes: ["speech", "music"] },
  { key: "text", type: "transcript" },
]) as [Task, Task];

const box = (label: string, x: number) => ({ task: "boxes", type: "bbox" as const, label, x, y: 0, width: 10, height: 10 });
const segment = (label: string, start: number, end: number) => ({ task: "speech", type: "segment" as const, label, start, end });
const transcript = (value: string) => ({ task: "text", type: "transcript" as const, text: value });

// One image: a and b box the same two places (a calls the second a dent), c boxes only the first.
const item = [
  { labelerId: "a", result: [box("scratch", 0), box("dent", 50)] },
  { labelerId: "b", result: [box("scratch", 0), box("scratch", 50)] },
  { labelerId: "c", result: [box("scratch", 0)] },
];

describe("labeler pairs", () => {
  it("compares every pair of an item's shapes once, first id first, with itemAgreement's F1 (a–b 1, a–c and b–c 2·1/3)", () => {
    const comparisons = compareLabelers(boxes, item);
    expect(comparisons).toEqual([
      { first: "a", second: "b", agreement: 1, labels: { matched: [["scratch", "scratch"], ["dent", "scratch"]], firstOnly: [], secondOnly: [] } },
      { first: "a", second: "c", agreement: 2 / 3, labels: { matched: [["scratch", "scratch"]], firstOnly: ["dent"], secondOnly: [] } },
      { first: "b", second: "c", agreement: 2 / 3, labels: { matched: [["scratch", "scratch"]], firstOnly: ["scratch"], secondOnly: [] } },
    ]);
    const mean = comparisons.reduce((sum, comparison) => sum + comparison.agreement, 0) / comparisons.length;
    expect(itemAgreement([boxes], item).boxes).toMatchObject({ meanF1: { value: expect.closeTo(mean, 12) } });
  });

  it("matched F1 per label pools every pair: scratch 2·3 agreeing / 8 objects, dent 0 of 2", () => {
    expect(perLabelF1(compareLabelers(boxes, item))).toEqual([
      { label: "dent", f1: 0, objects: 2 },
      { label: "scratch", f1: 3 / 4, objects: 8 },
    ]);
  });

  it("label confusion: rows one labeler's label, columns the other's or missed, counted from both sides (symmetric)", () => {
    expect(labelConfusion(compareLabelers(boxes, item))).toEqual({
      labels: ["dent", "scratch", MISSED],
      counts: [
        [0, 1, 1],
        [1, 6, 1],
        [1, 1, 0],
      ],
    });
  });

  it("pair matrix: the mean over the items both labeled (a–b: 1 and 0 over two items), null on the diagonal", () => {
    const second = [
      { labelerId: "a", result: [box("scratch", 0)] },
      { labelerId: "b", result: [] },
    ];
    expect(labelerPairMatrix([...compareLabelers(boxes, item), ...compareLabelers(boxes, second)])).toEqual({
      labelers: ["a", "b", "c"],
      agreement: [
        [null, 1 / 2, 2 / 3],
        [1 / 2, null, 2 / 3],
        [2 / 3, 2 / 3, null],
      ],
      items: [
        [0, 2, 1],
        [2, 0, 1],
        [1, 1, 0],
      ],
    });
  });

  it("segments: matched within their label by temporal IoU (0.1 s shift still matches); one labeled differently pairs up after, for the confusion", () => {
    const comparisons = compareLabelers(speech, [
      { labelerId: "b", result: [segment("speech", 0.1, 1.1), segment("speech", 2, 3)] },
      { labelerId: "a", result: [segment("speech", 0, 1), segment("music", 2, 3)] },
    ]);
    // One pair shares its label, of four segments: F1 2·1/4.
    expect(comparisons).toEqual([{ first: "a", second: "b", agreement: 1 / 2, labels: { matched: [["speech", "speech"], ["music", "speech"]], firstOnly: [], secondOnly: [] } }]);
    expect(perLabelF1(comparisons)).toEqual([
      { label: "music", f1: 0, objects: 1 },
      { label: "speech", f1: 2 / 3, objects: 3 },
    ]);
  });

  it("segments overlapping in time: each meets the other labeler's of its label, so noise over speech is neither missed nor confused", () => {
    const [sound] = tasksOf("audio", [{ key: "speech", type: "segment", classes: ["speech", "noise"], transcript: true }]) as [Task];
    const comparisons = compareLabelers(sound, [
      { labelerId: "a", result: [{ ...segment("speech", 0, 2.5), transcript: "nearest gas station please" }, segment("noise", 0, 2.5)] },
      { labelerId: "b", result: [segment("noise", 0, 2.5), { ...segment("speech", 0.1, 2.4), transcript: "nearest gas station" }] },
    ]);
    expect(comparisons).toEqual([
      {
        first: "a",
        second: "b",
        agreement: 1,
        labels: { matched: [["speech", "speech"], ["noise", "noise"]], firstOnly: [], secondOnly: [] },
        // One deletion of four words one way, one insertion of three the other.
        segmentTranscriptWers: [(1 / 4 + 1 / 3) / 2],
      },
    ]);
    expect(labelConfusion(comparisons).counts).toEqual([
      [2, 0, 0],
      [0, 2, 0],
      [0, 0, 0],
    ]);
  });

  it("an item's segment transcript figure from its pairs: 1 − itemAgreement's transcriptWer, per pair 1 − that pair's", () => {
    const [sound] = tasksOf("audio", [{ key: "speech", type: "segment", classes: ["speech"], transcript: true }]) as [Task];
    const said = (start: number, end: number, words: string) => ({ ...segment("speech", start, end), transcript: words });
    const results = [
      { labelerId: "a", result: [said(0, 1, "turn on the light"), said(2, 3, "thank you")] },
      { labelerId: "b", result: [said(0, 1, "turn on light"), said(2, 3, "thank you")] },
      { labelerId: "c", result: [said(0, 1, "turn off the light")] },
    ];
    const comparisons = compareLabelers(sound, results);
    const item = itemAgreement([sound], results)[sound.key]!;
    expect(segmentTranscriptAgreement(comparisons)).toBeCloseTo(1 - (item.type === "segment" ? item.transcriptWer!.value! : Number.NaN), 12);
    // a–c: one substitution in four words, either way.
    expect(segmentTranscriptAgreement(comparisons.filter(({ first, second }) => first === "a" && second === "c"))).toBeCloseTo(3 / 4, 12);
    expect(segmentTranscriptAgreement(compareLabelers(speech, [{ labelerId: "a", result: [segment("speech", 0, 1)] }, { labelerId: "b", result: [segment("speech", 0, 1)] }]))).toBeNull();
  });

  it("transcripts: 1 − the mean WER of both directions (1/4 and 1/3), floored at 0; no labels; a labeler without a transcript is left out", () => {
    const comparisons = compareLabelers(text, [
      { labelerId: "a", result: [transcript("turn on the light")] },
      { labelerId: "b", result: [transcript("turn on light")] },
      { labelerId: "c", result: [] },
      { labelerId: "d", result: [transcript("")] },
    ]);
    expect(comparisons.map(({ first, second }) => `${first}–${second}`)).toEqual(["a–b", "a–d", "b–d"]);
    expect(comparisons[0]!.agreement).toBeCloseTo(1 - (1 / 4 + 1 / 3) / 2, 12);
    // Against silence: WER 1 one way, the word count (4) the other.
    expect(comparisons[1]).toEqual({ first: "a", second: "d", agreement: 0, wers: { first: 4, second: 1 } });
    expect(perLabelF1(comparisons)).toEqual([]);
    expect(labelConfusion(comparisons)).toEqual({ labels: [MISSED], counts: [[0]] });
  });

  it("an item's transcript figure from its pairs: 1 − the medoid's mean WER to the others, as itemAgreement gives it", () => {
    const results = [
      { labelerId: "a", result: [transcript("turn on the kitchen light")] },
      { labelerId: "b", result: [transcript("turn on the kitchen lights")] },
      { labelerId: "c", result: [transcript("turn off the light")] },
    ];
    // b as the hypothesis: 1/5 against a, 3/4 against c (off, +kitchen, lights); a: 1/5 and 2/4; c: 2/5 and 3/5. a is the medoid.
    expect(medoidAgreement(compareLabelers(text, results))).toBeCloseTo(1 - (1 / 5 + 2 / 4) / 2, 12);
    expect(medoidAgreement(compareLabelers(text, results))).toBeCloseTo(agreementScore(itemAgreement([text], results)[text.key]!)!, 12);
    expect(medoidAgreement(compareLabelers(text, results.slice(0, 1)))).toBeNull();
  });
});
