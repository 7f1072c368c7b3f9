import { describe, expect, it } from "vitest";
import { annotationResultSchema } from "./annotation";
import { firstProblem } from "./parse";
import { newProjectSchema } from "./project";

const imageTasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], uncertainClass: "borderline" },
    { key: "boxes", type: "bbox", classes: ["scratch", "dent"] },
    { key: "outline", type: "polygon", classes: ["scratch"] },
  ],
}).tasks;
const audioTasks = newProjectSchema.parse({
  name: "a",
  mediaKind: "audio",
  tasks: [
    { key: "speech", type: "segment", classes: ["speech"], transcript: true },
    { key: "noise", type: "segment", classes: ["noise"] },
    { key: "text", type: "transcript" },
  ],
}).tasks;
const image = { width: 600, height: 400 };
const clip = { durationSeconds: 2.5 };

const firstIssue = (schema: ReturnType<typeof annotationResultSchema>, input: unknown) => firstProblem(schema, input) ?? "valid";

describe("annotation results", () => {
  it("accept the normative entries of each type", () => {
    expect(
      firstIssue(annotationResultSchema(imageTasks, image), [
        { task: "defect", type: "classification", values: ["borderline"] },
        { task: "boxes", type: "bbox", label: "scratch", x: 10.5, y: 20, width: 30, height: 40 },
        { task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 600, height: 400, uncertain: true },
        { task: "outline", type: "polygon", label: "scratch", points: [[1, 1], [50, 1], [25, 30]] },
      ]),
    ).toBe("valid");
    expect(
      firstIssue(annotationResultSchema(audioTasks, clip), [
        { task: "speech", type: "segment", label: "speech", start: 1.25, end: 2.5, transcript: "um nearest gas station" },
        { task: "text", type: "transcript", text: "um nearest [unintelligible] station" },
      ]),
    ).toBe("valid");
  });

  it.each([
    [[{ task: "nope", type: "bbox", label: "scratch", x: 0, y: 0, width: 1, height: 1 }], '0.task: unknown task "nope"'],
    [[{ task: "boxes", type: "polygon", label: "scratch", points: [[0, 0], [1, 0], [1, 1]] }], '0.type: task "boxes" is a bbox task, not polygon'],
    [[{ task: "boxes", type: "bbox", label: "crack", x: 0, y: 0, width: 1, height: 1 }], '0.label: "crack" is not a class of task "boxes" (scratch, dent)'],
    [[{ task: "boxes", type: "bbox", label: "dent", x: 590, y: 0, width: 20, height: 1 }], "0.x: the box must lie within the image width (0–600 px)"],
    [[{ task: "boxes", type: "bbox", label: "dent", x: 0, y: -1, width: 20, height: 1 }], "0.y: the box must lie within the image height (0–400 px)"],
    [[{ task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 0, height: 1 }], "0.width: Too small: expected number to be >0"],
    [[{ task: "boxes", type: "bbox", label: "dent", x: Number.NaN, y: 0, width: 1, height: 1 }], "0.x: Invalid input: expected number, received NaN"],
    [[{ task: "outline", type: "polygon", label: "scratch", points: [[0, 0], [1, 1]] }], "0.points: a polygon needs at least 3 points"],
    [[{ task: "outline", type: "polygon", label: "scratch", points: [[0, 0], [601, 1], [5, 5]] }], "0.points.1: point (601, 1) is outside the 600×400 image"],
    [[{ task: "defect", type: "classification", values: ["ok", "dent"] }], '0.values: task "defect" takes one class'],
    [[{ task: "defect", type: "classification", values: [] }], "0.values: choose at least one class"],
    [[{ task: "defect", type: "classification", values: ["ok"] }, { task: "defect", type: "classification", values: ["dent"] }], '1.task: task "defect" already has an entry'],
    [[{ task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 1, height: 1, colour: "red" }], "0.colour: unknown field"],
  ])("refuse a bad image entry with its path: %j", (input, expected) => {
    expect(firstIssue(annotationResultSchema(imageTasks, image), input)).toBe(expected);
  });

  it.each([
    [[{ task: "speech", type: "segment", label: "speech", start: 2, end: 1 }], "0.end: end must be after start"],
    [[{ task: "speech", type: "segment", label: "speech", start: 2, end: 2.6 }], "0.end: end must be within the clip (2.5 s)"],
    [[{ task: "speech", type: "segment", label: "speech", start: -0.1, end: 1 }], "0.start: Too small: expected number to be >=0"],
    [[{ task: "noise", type: "segment", label: "noise", start: 0, end: 1, transcript: "hm" }], '0.transcript: task "noise" has no transcripts'],
  ])("refuse a bad audio entry with its path: %j", (input, expected) => {
    expect(firstIssue(annotationResultSchema(audioTasks, clip), input)).toBe(expected);
  });
});
