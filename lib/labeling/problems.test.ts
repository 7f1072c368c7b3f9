import { describe, expect, it } from "vitest";
import type { ResultEntry } from "@/lib/validation/annotation";
import { newProjectSchema } from "@/lib/validation/project";
import { answerProblems, firstEntryWithProblem, NO_PROBLEMS, problemSummary } from "./problems";

const tasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch"] },
    { key: "boxes", type: "bbox", classes: ["scratch"], required: true },
    { key: "outline", type: "polygon", classes: ["scratch"] },
  ],
}).tasks;
const image = { width: 100, height: 100 };
const box: ResultEntry = { task: "boxes", type: "bbox", label: "scratch", x: 1, y: 1, width: 10, height: 10 };
const bowTie: ResultEntry = { task: "outline", type: "polygon", label: "scratch", points: [[0, 0], [10, 10], [10, 0], [0, 10]] };

describe("answer problems", () => {
  it("put a shape's problem beside its entry and a required task's in its panel, in the server's words", () => {
    const problems = answerProblems(tasks, image, [box, bowTie]);
    const crossing = 'polygon "scratch" of task "outline" crosses itself at (5, 5), where edges 1–2 and 3–4 meet: move a point so that the outline neither crosses nor touches itself, or draw two polygons';
    expect(problems.entries).toEqual(new Map([[1, crossing]]));
    expect(problems.tasks).toEqual(new Map([["defect", 'task "defect" is required: choose a class']]));
    expect(problems.messages).toEqual([crossing, 'task "defect" is required: choose a class']);
    expect(firstEntryWithProblem(problems)).toBe(1);
    expect(problemSummary(problems)).toBe(`Not sent: fix these 2 first. ${crossing}; task "defect" is required: choose a class.`);
  });

  it("find nothing in a complete answer, and no entry to select when only tasks are missing", () => {
    expect(answerProblems(tasks, image, [{ task: "defect", type: "classification", values: ["ok"] }, box])).toBe(NO_PROBLEMS);
    const missing = answerProblems(tasks, image, []);
    expect([...missing.tasks.keys()]).toEqual(["defect", "boxes"]);
    expect(firstEntryWithProblem(missing)).toBeNull();
    expect(problemSummary(NO_PROBLEMS)).toBeNull();
  });
});
