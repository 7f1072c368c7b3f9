import { describe, expect, it } from "vitest";
import { firstProblem } from "./parse";
import { labelConfigSchema, newProjectSchema } from "./project";

// The normative example from the project-configuration specification.
const phoneScratches = {
  name: "Phone scratches",
  mediaKind: "image",
  overlap: 3,
  maxOverlap: 5,
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], uncertainClass: "borderline", multiple: false },
    { key: "boxes", type: "bbox", classes: ["scratch", "dent"] },
    { key: "outline", type: "polygon", classes: ["scratch"] },
  ],
  guidelines: "# How to label ...",
};

const firstIssue = (input: unknown) => firstProblem(newProjectSchema, input) ?? "valid";

describe("project configuration", () => {
  it("accepts the normative example, storing classes in object form", () => {
    const config = newProjectSchema.parse(phoneScratches);
    expect(config.tasks[0]).toEqual({
      key: "defect",
      type: "classification",
      classes: [{ name: "ok" }, { name: "scratch" }, { name: "dent" }],
      uncertainClass: "borderline",
      multiple: false,
      required: true,
    });
    expect(config.maxOverlap).toBe(5);
  });

  it("makes classification tasks required unless said otherwise, and other tasks optional unless said otherwise", () => {
    const tasks = (list: object[]) => newProjectSchema.parse({ ...phoneScratches, tasks: list }).tasks.map((task) => [task.key, task.required]);
    expect(tasks(phoneScratches.tasks)).toEqual([
      ["defect", true],
      ["boxes", false],
      ["outline", false],
    ]);
    expect(tasks([{ ...phoneScratches.tasks[0], required: false }, { ...phoneScratches.tasks[1], required: true }])).toEqual([
      ["defect", false],
      ["boxes", true],
    ]);
    expect(firstIssue({ ...phoneScratches, tasks: [{ ...phoneScratches.tasks[1], required: "yes" }] })).toBe("tasks.0.required: Invalid input: expected boolean, received string");
  });

  it("gives a stored configuration written before `required` existed the defaults when read", () => {
    const stored = { tasks: [{ key: "defect", type: "classification", classes: [{ name: "ok" }], multiple: false }, { key: "text", type: "transcript" }] };
    expect(labelConfigSchema.parse(stored).tasks.map((task) => task.required)).toEqual([true, false]);
  });

  it("defaults overlap to 3 and maxOverlap to overlap + 2", () => {
    const { overlap, maxOverlap, ...rest } = phoneScratches;
    expect(newProjectSchema.parse(rest)).toMatchObject({ overlap: 3, maxOverlap: 5, description: "" });
    expect(newProjectSchema.parse({ ...rest, overlap: 2 })).toMatchObject({ overlap: 2, maxOverlap: 4 });
  });

  it("accepts audio tasks with colours, hotkeys and segment transcripts", () => {
    const audio = {
      name: "Voice",
      mediaKind: "audio",
      tasks: [
        { key: "intent", type: "classification", classes: [{ name: "call", color: "#1f77b4", hotkey: "1" }, "other"], uncertainClass: "unsure" },
        { key: "speech", type: "segment", classes: ["speech", "noise"], transcript: true },
        { key: "text", type: "transcript" },
      ],
    };
    expect(firstIssue(audio)).toBe("valid");
  });

  it.each([
    ["no tasks", { ...phoneScratches, tasks: [] }, "tasks: a project needs at least one task"],
    ["an unknown media kind", { ...phoneScratches, mediaKind: "video" }, "mediaKind: Invalid option: expected one of \"image\"|\"audio\""],
    ["a segment task on images", { ...phoneScratches, tasks: [{ key: "s", type: "segment", classes: ["a"] }] }, "tasks.0.type: segment tasks are not available for image projects (use classification, bbox, polygon)"],
    ["a box task on audio", { ...phoneScratches, mediaKind: "audio" }, "tasks.1.type: bbox tasks are not available for audio projects (use classification, segment, transcript)"],
    ["a duplicate task key", { ...phoneScratches, tasks: [phoneScratches.tasks[1], phoneScratches.tasks[1]] }, 'tasks.1.key: "boxes" is used by another task'],
    ["a duplicate class", { ...phoneScratches, tasks: [{ key: "b", type: "bbox", classes: ["a", "a"] }] }, 'tasks.0.classes.1: class "a" appears twice'],
    ["an uncertainty class that is a class", { ...phoneScratches, tasks: [{ key: "c", type: "classification", classes: ["ok", "unsure"], uncertainClass: "unsure" }] }, 'tasks.0.uncertainClass: "unsure" is already a class; the uncertainty class must be distinct'],
    ["a shared hotkey", { ...phoneScratches, tasks: [{ key: "c", type: "bbox", classes: [{ name: "a", hotkey: "x" }, { name: "b", hotkey: "x" }] }] }, 'tasks.0.classes.1.hotkey: hotkey "x" is used by another class'],
    ["a workspace key as hotkey", { ...phoneScratches, tasks: [{ key: "c", type: "bbox", classes: [{ name: "a", hotkey: "b" }] }] }, 'tasks.0.classes.0.hotkey: "b" is a workspace key (u, v, b, p, m, l are taken); choose another'],
    ["another class's digit", { ...phoneScratches, tasks: [{ key: "c", type: "bbox", classes: ["a", { name: "b", hotkey: "1" }] }] }, "tasks.0.classes.1.hotkey: digit keys pick classes by position; this class's digit is 2, so use a letter"],
    ["a bad colour", { ...phoneScratches, tasks: [{ key: "c", type: "bbox", classes: [{ name: "a", color: "red" }] }] }, "tasks.0.classes.0.color: must be a colour like #1f77b4"],
    ["maxOverlap below overlap", { ...phoneScratches, overlap: 4, maxOverlap: 3 }, "maxOverlap: must be at least overlap (4)"],
    ["a class list without classes", { ...phoneScratches, tasks: [{ key: "b", type: "bbox", classes: [] }] }, "tasks.0.classes: needs at least one class"],
    ["an unknown field", { ...phoneScratches, colour: "blue" }, "colour: unknown field"],
    ["a task key with spaces", { ...phoneScratches, tasks: [{ key: "my task", type: "bbox", classes: ["a"] }] }, "tasks.0.key: must start with a letter and use letters, digits, - or _ (at most 40)"],
  ])("refuses %s, naming the path of the first error", (_what, input, expected) => {
    expect(firstIssue(input)).toBe(expected);
  });
});
