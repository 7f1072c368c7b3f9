import { describe, expect, it } from "vitest";
import { annotationResultSchema } from "./annotation";
import { describeIssue, firstProblem } from "./parse";
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
const everyIssue = (schema: ReturnType<typeof annotationResultSchema>, input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue).message);
};

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
    [[{ task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 0, height: 1 }], '0: box "dent" of task "boxes" is 0 × 1 px; a box must be at least 1 px wide and 1 px high: draw it larger, or delete it'],
    [[{ task: "boxes", type: "bbox", label: "dent", x: Number.NaN, y: 0, width: 1, height: 1 }], "0.x: Invalid input: expected number, received NaN"],
    [[{ task: "outline", type: "polygon", label: "scratch", points: [[0, 0], [1, 1]] }], "0.points: a polygon needs at least 3 points"],
    [[{ task: "outline", type: "polygon", label: "scratch", points: [[0, 0], [601, 1], [5, 5]] }], "0.points.1: point (601, 1) is outside the 600×400 image"],
    [[{ task: "defect", type: "classification", values: ["ok", "dent"] }], '0.values: task "defect" takes one class'],
    [[{ task: "defect", type: "classification", values: [] }], "0.values: choose at least one class"],
    // issue 19 #3: a list is capped before anything is checked against each of its values (a task has at most 201 labels).
    [[{ task: "defect", type: "classification", values: Array.from({ length: 5000 }, (_, index) => `c${index}`) }], "0.values: Too big: expected array to have <=201 items"],
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

  it("name every missing required task, and nothing else, when the rest is valid", () => {
    const tasks = newProjectSchema.parse({
      name: "r",
      mediaKind: "image",
      tasks: [
        { key: "defect", type: "classification", classes: ["ok", "scratch"] },
        { key: "boxes", type: "bbox", classes: ["scratch"], required: true },
        { key: "outline", type: "polygon", classes: ["scratch"] },
      ],
    }).tasks;
    expect(everyIssue(annotationResultSchema(tasks, image), [])).toEqual(['task "defect" is required: choose a class', 'task "boxes" is required: draw at least one box']);
    const answered = [
      { task: "defect", type: "classification", values: ["ok"] },
      { task: "boxes", type: "bbox", label: "scratch", x: 0, y: 0, width: 5, height: 5 },
    ];
    expect(everyIssue(annotationResultSchema(tasks, image), answered)).toEqual([]);
  });

  it("ask a required transcript for text and a required segment task for a segment", () => {
    const tasks = newProjectSchema.parse({
      name: "r",
      mediaKind: "audio",
      tasks: [
        { key: "speech", type: "segment", classes: ["speech"], required: true },
        { key: "text", type: "transcript", required: true },
      ],
    }).tasks;
    expect(everyIssue(annotationResultSchema(tasks, clip), [{ task: "text", type: "transcript", text: "  " }])).toEqual([
      'task "speech" is required: mark at least one segment',
      'task "text" is required: type the transcript',
    ]);
    expect(everyIssue(annotationResultSchema(tasks, clip), [{ task: "speech", type: "segment", label: "speech", start: 0, end: 1 }, { task: "text", type: "transcript", text: "hi" }])).toEqual([]);
  });

  it("leave drafts and imports of past labels free of required tasks", () => {
    expect(everyIssue(annotationResultSchema(imageTasks, image, "draft"), [])).toEqual([]);
    expect(everyIssue(annotationResultSchema(imageTasks, image, "import"), [])).toEqual([]);
    expect(everyIssue(annotationResultSchema(imageTasks, image), [])).toEqual(['task "defect" is required: choose a class']);
  });
});

describe("shapes without area", () => {
  const defect = { task: "defect", type: "classification", values: ["ok"] };
  const box = (width: number, height: number) => ({ task: "boxes", type: "bbox", label: "scratch", x: 10, y: 10, width, height });
  const polygon = (points: [number, number][]) => ({ task: "outline", type: "polygon", label: "scratch", points });
  const submitted = (shape: object) => everyIssue(annotationResultSchema(imageTasks, image), [defect, shape]);

  it.each([
    ["a 0.0001 px box", box(0.0001, 20), '1: box "scratch" of task "boxes" is 0.0001 × 20 px; a box must be at least 1 px wide and 1 px high: draw it larger, or delete it'],
    ["three identical points", polygon([[5, 5], [5, 5], [5, 5]]), '1: polygon "scratch" of task "outline" has 1 distinct point; a polygon needs at least 3: add points, or delete it'],
    ["collinear points", polygon([[0, 0], [10, 10], [30, 30], [20, 20]]), '1: polygon "scratch" of task "outline" has all its points on one line, so it encloses no area: move a point off the line, or delete it'],
    [
      "a self-intersecting bow-tie",
      polygon([[0, 0], [10, 10], [10, 0], [0, 10]]),
      '1: polygon "scratch" of task "outline" crosses itself at (5, 5), where edges 1–2 and 3–4 meet: move a point so that the outline neither crosses nor touches itself, or draw two polygons',
    ],
    ["a sliver of 0.5 px²", polygon([[0, 0], [10, 0], [0, 0.1]]), '1: polygon "scratch" of task "outline" encloses 0.5 px²; a polygon must enclose at least 1 px²: draw it larger, or delete it'],
  ])("refuse %s at submit, naming the entry, its task and label, what is wrong and what to do", (_, shape, expected) => {
    expect(submitted(shape)).toEqual([expected]);
  });

  it("accept a thin box 1 px wide, a 1 px² triangle, and a point repeated in place (a double click)", () => {
    expect(submitted(box(1, 300))).toEqual([]);
    expect(submitted(polygon([[0, 0], [2, 0], [0, 1]]))).toEqual([]);
    expect(submitted(polygon([[0, 0], [40, 0], [40, 0], [40, 30], [0, 0]]))).toEqual([]);
  });

  it("check shapes in imported labels too, but not in drafts, which may hold a shape being fixed", () => {
    const bowTie = polygon([[0, 0], [10, 10], [10, 0], [0, 10]]);
    expect(everyIssue(annotationResultSchema(imageTasks, image, "import"), [box(0.0001, 20)])).toHaveLength(1);
    expect(everyIssue(annotationResultSchema(imageTasks, image, "draft"), [box(0.0001, 20), bowTie, polygon([[5, 5], [5, 5], [5, 5]])])).toEqual([]);
  });
});
