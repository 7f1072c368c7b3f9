import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../../validation/annotation";
import {
  cocoCategories,
  cocoCategoryIdOf,
  LEFT_OUT_NO_LABEL,
  objectClassesOf,
  shapeClasses,
  shapeClassIndexOf,
  trainingLeftOutReason,
} from ".";
import { imageTasks, audioTasks, box, polygon, segment } from "./test-items";

describe("shape classes (COCO categories and YOLO classes)", () => {
  it("list box then polygon classes in project order, prefixing a class name two tasks share with the task key", () => {
    expect(shapeClasses(imageTasks).map((shapeClass) => shapeClass.name)).toEqual(["boxes/scratch", "dent", "outline/scratch"]);
    expect(cocoCategories(imageTasks)).toEqual([
      { id: 1, name: "boxes/scratch", supercategory: "boxes" },
      { id: 2, name: "dent", supercategory: "boxes" },
      { id: 3, name: "outline/scratch", supercategory: "outline" },
    ]);
    expect(cocoCategories(audioTasks)).toEqual([]);
  });

  it("number COCO categories from 1 and YOLO classes from 0; an unknown label has none", () => {
    const categoryIdOf = cocoCategoryIdOf(imageTasks);
    const classIndexOf = shapeClassIndexOf(imageTasks);
    expect([categoryIdOf("boxes", "dent"), categoryIdOf("outline", "scratch"), categoryIdOf("boxes", "crack"), categoryIdOf("defect", "ok")]).toEqual([2, 3, undefined, undefined]);
    expect([classIndexOf("boxes", "scratch"), classIndexOf("boxes", "dent"), classIndexOf("outline", "scratch")]).toEqual([0, 1, 2]);
  });

  it("leave out of COCO and YOLO an item without the label asked for, but keep one whose label has no shapes (a background image)", () => {
    expect(trainingLeftOutReason(null)).toBe(LEFT_OUT_NO_LABEL);
    expect(trainingLeftOutReason([])).toBeNull();
    expect(trainingLeftOutReason([{ task: "defect", type: "classification", values: ["ok"] }])).toBeNull();
    expect(trainingLeftOutReason([box(0, 0, 1, 1)])).toBeNull();
  });
});

describe("object classes (the manifest's object counts)", () => {
  it("name each box, polygon and segment of a label by its class as COCO and YOLO do, skipping classes the project no longer has", () => {
    const objectClasses = objectClassesOf(imageTasks)!;
    const label = [box(0, 0, 1, 1), box(0, 0, 1, 1, "dent"), box(0, 0, 1, 1, "crack"), polygon([[0, 0], [1, 0], [0, 1]]), { task: "defect", type: "classification", values: ["ok"] } as ResultEntry];
    expect(objectClasses(label)).toEqual(["boxes/scratch", "dent", "outline/scratch"]);
    expect(objectClassesOf(audioTasks)!([segment(0, 1), segment(1, 2), segment(0, 3, undefined, "noise")])).toEqual(["speech", "speech", "noise"]);
  });

  it("are nothing to count for a project without object tasks", () => {
    expect(objectClassesOf(imageTasks.filter((task) => task.type === "classification"))).toBeNull();
  });
});
