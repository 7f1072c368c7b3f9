import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../validation/annotation";
import { newProjectSchema } from "../validation/project";
import { labelersWhoDisagree } from "./relabel";
import { flagRulesSchema } from "./rules";

const tasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch"], uncertainClass: "borderline" },
    { key: "boxes", type: "bbox", classes: ["scratch"] },
  ],
}).tasks;
const rules = flagRulesSchema.parse({});
const defect = (value: string): ResultEntry => ({ task: "defect", type: "classification", values: [value] });
const box = (x: number): ResultEntry => ({ task: "boxes", type: "bbox", label: "scratch", x, y: 0, width: 10, height: 10 });

describe("labelersWhoDisagree: whom relabeling asks by default", () => {
  const consensus = [defect("ok"), box(0)];

  it("names those whose class differs from the consensus, an uncertainty vote included", () => {
    const results = [
      { labelerId: "ann", result: [defect("ok"), box(0)] },
      { labelerId: "ben", result: [defect("scratch"), box(0)] },
      { labelerId: "cat", result: [defect("borderline"), box(0)] },
    ];
    expect(labelersWhoDisagree(tasks, results, consensus, rules)).toEqual(["ben", "cat"]);
  });

  it("measures shapes as the review rules do: a box matched at IoU ≥ 0.5 agrees, one that misses (F1 0 < 0.7) does not", () => {
    // IoU of [0,10] and [2,12] on one axis, same height: 8·10 / (12·10) = 0.67 ≥ 0.5, so matched with F1 1.
    const results = [
      { labelerId: "ann", result: [defect("ok"), box(2)] },
      { labelerId: "ben", result: [defect("ok"), box(30)] },
      { labelerId: "cat", result: [defect("ok")] },
    ];
    expect(labelersWhoDisagree(tasks, results, consensus, rules)).toEqual(["ben", "cat"]);
  });

  it("names everyone when there is no consensus to differ from (a tie)", () => {
    const results = [
      { labelerId: "ann", result: [defect("ok")] },
      { labelerId: "ben", result: [defect("scratch")] },
    ];
    expect(labelersWhoDisagree(tasks, results, [], rules)).toEqual(["ann", "ben"]);
    expect(labelersWhoDisagree(tasks, results, null, rules)).toEqual(["ann", "ben"]);
  });
});
