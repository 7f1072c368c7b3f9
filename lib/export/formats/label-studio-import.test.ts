import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../../validation/annotation";
import { newProjectSchema } from "../../validation/project";
import { labelStudioTask, parseLabelStudioExport, predictionResult, resolveAnnotation, type ParsedAnnotation } from ".";
import { annotation, audioItem, audioTasks, box, decisionOf, imageItem, imageTasks, polygon, segment } from "./test-items";

/** A real Label Studio export from label-studio-converter's test data (fixtures/README.md). */
const upstream = (name: string): unknown => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8"));
const tasksOf = (tasks: unknown[]) => newProjectSchema.parse({ name: "p", mediaKind: "image", tasks }).tasks;
/** Resolved against an image of this size, whole (not partial). */
const resolved = (annotation: ParsedAnnotation | undefined, tasks: Parameters<typeof resolveAnnotation>[1], media = {}, partial = false) => resolveAnnotation(annotation!, tasks, media, partial);

// Numbers within 0.005 px or s of the original.
const approximately = (value: unknown): unknown =>
  typeof value === "number" ? expect.closeTo(value, 2) : Array.isArray(value) ? value.map(approximately) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, approximately(inner)])) : value;

describe("Label Studio import (issue 21)", () => {
  it("reads label-studio-converter's YOLO test export: numeric annotators as Label Studio ids, boxes in pixels of original_width/height, annotation ids and times as provenance", () => {
    const tasks = tasksOf([{ key: "label", type: "bbox", classes: ["parasites", "white"] }]);
    const { items, problems } = parseLabelStudioExport(upstream("label-studio-converter-yolo-data.json"), tasks);
    expect(problems).toEqual([]);
    expect(items.map((item) => [item.file, item.annotations.map((annotation) => annotation.annotator)])).toEqual([
      ["image1", [{ email: null, id: "2" }, { email: null, id: "1" }]],
      ["image2", [{ email: null, id: "1" }]],
    ]);
    const first = items[0]!.annotations[0]!;
    expect([first.groundTruth, first.cancelled, first.createdAt, first.leadTimeSeconds]).toEqual([false, false, "2022-12-27T13:36:25.747398Z", 1235.418]);
    expect(first.provenance).toEqual({
      taskId: 1,
      annotationId: 1,
      completedBy: "2",
      createdAt: "2022-12-27T13:36:25.747398Z",
      updatedAt: "2022-12-27T21:04:40.495704Z",
      leadTime: 1235.418,
      regions: [{ id: "C7oHaRDVVC" }, { id: "9GLz8g9skg" }],
    });
    const result = resolved(first, tasks);
    expect(result).toEqual({
      result: approximately([
        { task: "label", type: "bbox", label: "parasites", x: 1040.437, y: 1978.871, width: 117.304, height: 132.605 },
        { task: "label", type: "bbox", label: "white", x: 1618.149, y: 1760.490, width: 106.640, height: 129.823 },
      ]),
      leftOut: [],
    });
  });

  it("takes a single task object as the root, as label-studio-converter does (a polygon of its test data)", () => {
    const tasks = tasksOf([{ key: "label", type: "polygon", classes: ["Airplane", "Car"] }]);
    const [task] = upstream("label-studio-converter-polygons.json") as unknown[];
    const { items, problems } = parseLabelStudioExport(task, tasks);
    expect(problems).toEqual([]);
    expect(items).toHaveLength(1);
    const result = resolved(items[0]!.annotations[0], tasks, { width: 640, height: 426 });
    expect("result" in result && result.result[0]).toMatchObject({ task: "label", type: "polygon", label: "Airplane", points: expect.arrayContaining([[384, expect.closeTo(83.318, 2)]]) });
  });

  it("clips label-studio-converter's box reaching 100.43 % × 101.57 % to the image, reads predictions with their model and scores, and keeps extra data fields as metadata", () => {
    const tasks = tasksOf([{ key: "label", type: "bbox", classes: ["Car"] }]);
    const { items, problems } = parseLabelStudioExport(upstream("label-studio-converter-csv-test.json"), tasks);
    expect(problems).toEqual([]);
    const [prediction] = items[0]!.predictions;
    expect([prediction!.where, prediction!.model, prediction!.score, prediction!.refusals]).toEqual(["task 1 (0030019819f25b28.jpg), prediction 1", "model 0", 0.7212843313260696, []]);
    // No original_width/height on a prediction's result: in pixels of the item's size (768 × 576), with the region's score.
    expect(predictionResult(prediction!, { width: 768, height: 576 })).toEqual({
      result: approximately([{ task: "label", type: "bbox", label: "Car", x: 27.878, y: 58.694, width: 710.477, height: 413.338, score: 0.23053804129850775 }]),
    });
    expect(predictionResult(prediction!, {})).toEqual({ refused: ["label: the result has no original_width/original_height and the item's size is unknown"] });
    expect(items[1]!.metadata).toEqual({
      text: "The Supreme Court won’t hear a challenge from gun maker Remington to a lawsuit brought by families of victims kille… https://t.co/k8ocrhV7Qj",
      audio: "https://data.heartex.net/librispeech/dev-clean/3536/8226/3536-8226-0024.flac.wav",
    });
    expect(items[1]!.annotations[0]!.annotator).toEqual({ email: "hakan@heartex.com", id: "1" });
    const result = resolved(items[1]!.annotations[0], tasks, { width: 768, height: 510 });
    expect(result).toEqual({
      result: approximately([
        { task: "label", type: "bbox", label: "Car", x: 713.702, y: 292.689, width: 54.298, height: 217.311 }, // to the right and bottom edges
        { task: "label", type: "bbox", label: "Car", x: 0.696, y: 165.593, width: 75.143, height: 75.143 },
      ]),
      leftOut: [],
    });
  });

  it("uses the item's size for results without original_width/height, and refuses shapes when neither is known", () => {
    const exported = [{ data: { image: "a.png" }, annotations: [{ result: [{ from_name: "boxes", type: "rectanglelabels", value: { x: 10, y: 10, width: 50, height: 50, rectanglelabels: ["dent"] } }] }] }];
    const [parsed] = parseLabelStudioExport(exported, imageTasks).items[0]!.annotations;
    expect(parsed!.annotator).toBeNull(); // no completed_by: the server gives it to the importing user
    expect(resolved(parsed, imageTasks, { width: 400, height: 200 })).toEqual({ result: [box(40, 20, 200, 100, "dent")], leftOut: [] });
    expect(resolved(parsed, imageTasks, {})).toEqual({ refused: ["boxes: the result has no original_width/original_height and the item's size is unknown"] });
  });

  it("refuses an annotation with any refused result whole, naming each, unless the import takes partial annotations", () => {
    const rectangle = (value: object) => ({ from_name: "boxes", type: "rectanglelabels", original_width: 400, original_height: 200, value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ["dent"], ...value } });
    const exported = [
      {
        data: { image: "a.png" },
        annotations: [
          {
            completed_by: { id: 3, email: "c@example.com" },
            result: [
              rectangle({ rotation: 30 }),
              rectangle({ rectanglelabels: ["crack"] }),
              rectangle({}),
              { type: "keypointlabels", from_name: "kp", value: {} },
              { id: "r", from_name: "text", type: "textarea", value: { text: ["hi"] } },
              { type: "relation", from_id: "a", to_id: "b" },
            ],
          },
        ],
      },
      { data: { text: "no media" } },
      "not a task",
    ];
    const { items, problems } = parseLabelStudioExport(exported, imageTasks);
    expect(problems).toEqual(["task 2: data has no image or audio URL (image, audio, url, or the object its results name)", "task 3: Invalid input: expected object, received string"]);
    const reasons = [
      "result 1: value.rotation: rotated boxes are not supported",
      'result 4: unsupported result type "keypointlabels"',
      'result 6: unsupported result type "relation"',
      'no transcript task or segment matches the text of "text"',
      'boxes: "crack" is not a class of task "boxes" (scratch, dent)',
    ];
    expect(resolved(items[0]!.annotations[0], imageTasks, { width: 400, height: 200 })).toEqual({ refused: reasons });
    expect(resolved(items[0]!.annotations[0], imageTasks, { width: 400, height: 200 }, true)).toEqual({ result: [box(0, 0, 40, 20, "dent")], leftOut: reasons });
  });

  it("refuses, even for a partial import, an annotation whose every result was refused: it would say \"nothing here\"", () => {
    const exported = [{ data: { image: "a.png" }, annotations: [{ completed_by: 1, result: [{ from_name: "boxes", type: "rectanglelabels", original_width: 400, original_height: 200, value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ["crack"] } }] }] }];
    const { items } = parseLabelStudioExport(exported, imageTasks);
    expect(resolved(items[0]!.annotations[0], imageTasks, { width: 400, height: 200 }, true)).toEqual({ refused: ['boxes: "crack" is not a class of task "boxes" (scratch, dent)'] });
  });

  it("keeps a past answer that leaves a required task unanswered, but refuses boxes and polygons without area", () => {
    const sized = { original_width: 400, original_height: 200 };
    const exported = [
      {
        data: { image: "a.png" },
        annotations: [
          { completed_by: 1, result: [] },
          { completed_by: 2, result: [{ from_name: "boxes", type: "rectanglelabels", ...sized, value: { x: 0, y: 0, width: 0.0001, height: 10, rectanglelabels: ["dent"] } }] },
          { completed_by: 3, result: [{ from_name: "outline", type: "polygonlabels", ...sized, value: { points: [[0, 0], [10, 10], [10, 0], [0, 10]], polygonlabels: ["scratch"] } }] },
        ],
      },
    ];
    const [empty, thin, crossed] = parseLabelStudioExport(exported, imageTasks).items[0]!.annotations;
    expect(imageTasks.find((task) => task.key === "defect")?.required).toBe(true);
    expect(resolved(empty, imageTasks)).toEqual({ result: [], leftOut: [] });
    expect(resolved(thin, imageTasks)).toEqual({ refused: ['boxes: box "dent" of task "boxes" is 0.0004 × 20 px; a box must be at least 1 px wide and 1 px high: draw it larger, or delete it'] });
    expect(resolved(crossed, imageTasks)).toEqual({
      refused: ['outline: polygon "scratch" of task "outline" crosses itself at (20, 10), where edges 1–2 and 3–4 meet: move a point so that the outline neither crosses nor touches itself, or draw two polygons'],
    });
  });

  it("marks ground truth and cancelled annotations, and keeps task meta and scalar data fields as metadata (nested ones reported)", () => {
    const exported = [
      {
        id: 9,
        data: { image: "/m/abc.png", concord_id: "item1", concord_split: "dev", camera: "north", exposure: 0.5, anything: { nested: true } },
        meta: { site: "lab 2" },
        annotations: [
          { completed_by: 4, ground_truth: true, result: [] },
          { completed_by: 5, was_cancelled: true, result: [] },
        ],
      },
    ];
    const { items, problems } = parseLabelStudioExport(exported, imageTasks);
    expect(problems).toEqual(['task 1 (abc.png): "anything" is not kept as metadata: only texts, numbers and yes/no values are']);
    expect(items[0]!.metadata).toEqual({ site: "lab 2", camera: "north", exposure: 0.5 });
    expect(items[0]!.annotations.map((annotation) => [annotation.groundTruth, annotation.cancelled])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it("finds audio under data.url or the key its results name, keeps each region's channel, and splits a region of several labels into one segment per label", () => {
    const tasks = newProjectSchema.parse({ name: "a", mediaKind: "audio", tasks: [{ key: "speaker", type: "segment", classes: ["alice", "bob"], transcript: true }] }).tasks;
    const region = (id: string, labels: string[]) => ({ id, from_name: "labels", to_name: "recording", type: "labels", value: { start: 1, end: 2.5, channel: 1, labels } });
    const exported = [
      { data: { url: "https://host/clips/a.wav" }, annotations: [{ result: [region("r1", ["alice"])] }] },
      {
        data: { recording: "/data/upload/1/5e2a1b3c-b.flac", speaker_count: 2 },
        annotations: [{ result: [region("r2", ["alice", "bob"]), { id: "r2", from_name: "words", to_name: "recording", type: "textarea", value: { start: 1, end: 2.5, channel: 1, text: ["hi there"] } }] }],
      },
    ];
    const { items, problems } = parseLabelStudioExport(exported, tasks);
    expect(problems).toEqual([]);
    expect(items.map((item) => [item.file, item.metadata])).toEqual([
      ["a.wav", {}],
      ["5e2a1b3c-b.flac", { speaker_count: 2 }],
    ]);
    const both = items[1]!.annotations[0]!;
    expect(both.provenance.regions).toEqual([{ id: "r2", channel: 1 }]);
    expect(resolved(both, tasks, { durationSeconds: 3 })).toEqual({
      result: [
        { task: "speaker", type: "segment", label: "alice", start: 1, end: 2.5, transcript: "hi there" },
        { task: "speaker", type: "segment", label: "bob", start: 1, end: 2.5, transcript: "hi there" },
      ],
      leftOut: [],
    });
  });

  it("reports a control it cannot tell apart from others of its type", () => {
    const exported = [{ data: { audio: "c.wav" }, annotations: [{ result: [{ from_name: "region", type: "labels", value: { start: 0, end: 1, labels: ["noise"] } }] }] }];
    const { items } = parseLabelStudioExport(exported, audioTasks);
    expect(resolved(items[0]!.annotations[0], audioTasks)).toEqual({ refused: ['no segment task matches the control "region"'] });
  });

  it("refuses anything but an array of tasks or one task", () => {
    expect(parseLabelStudioExport({ tasks: [] }, imageTasks)).toEqual({ items: [], problems: ["a Label Studio JSON export is an array of tasks (or one task)"] });
  });

  const imageResult: ResultEntry[] = [
    { task: "defect", type: "classification", values: ["scratch", "borderline"] },
    { ...box(100, 50, 200, 100), uncertain: true },
    box(1.234, 5.678, 9.1011, 12.1314, "dent"),
    polygon([[0, 0], [123.456, 0], [400, 200]]),
  ];
  const audioResult: ResultEntry[] = [segment(0.25, 1.5, "hello there"), { ...segment(1.75, 2.125, undefined, "noise"), uncertain: true }, { task: "text", type: "transcript", text: "hello there\n[unintelligible]" }];

  it.each([
    ["image", imageItem(imageResult), imageTasks, imageResult],
    ["audio", audioItem(audioResult), audioTasks, audioResult],
  ] as const)("round-trips %s results through Concord's Label Studio export within 0.01 px", (_, item, tasks, result) => {
    const exported = JSON.parse(JSON.stringify([labelStudioTask(item, tasks, "https://host/media/a%20b.png?sig=1", "all")])) as unknown;
    const { items, problems } = parseLabelStudioExport(exported, tasks);
    expect(problems).toEqual([]);
    expect(items.map((read) => read.file)).toEqual(["a b.png"]);
    expect(items[0]!.annotations.map((read) => [read.annotator, read.createdAt, read.leadTimeSeconds, resolved(read, tasks, {})])).toEqual(
      ["u1", "u2"].map((labeler) => [{ email: `${labeler}@example.com`, id: labeler }, "2025-01-02T03:04:05.000Z", 12.5, { result: approximately(result), leftOut: [] }]),
    );
  });

  it("reads a gold label Concord exported back as ground truth", () => {
    const gold = [box(10, 10, 20, 20)];
    const decision = { ...decisionOf("edit", gold), reason: "tighter", category: null };
    const item = imageItem(gold, { annotations: [annotation("u1", gold)], review: { ...imageItem(gold).review, state: "resolved", decisions: [decision] } });
    const { items } = parseLabelStudioExport(JSON.parse(JSON.stringify([labelStudioTask(item, imageTasks, "/m/abc.png", "gold")])), imageTasks);
    const [read] = items[0]!.annotations;
    expect([read!.groundTruth, resolved(read, imageTasks)]).toEqual([true, { result: gold, leftOut: [] }]);
  });
});
