import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../../validation/annotation";
import {
  LEFT_OUT_NO_LABEL,
  objectClassesOf,
  shapeClasses,
  shapeClassIndexOf,
  shapeClassNames,
  trainingLeftOutReason,
} from ".";
import { imageTasks, audioTasks, box, polygon, segment } from "./test-items";

describe("shape classes (YOLO classes; COCO and VOC by name)", () => {
  it("list box then polygon classes in project order, prefixing a class name two tasks share with the task key", () => {
    expect(shapeClasses(imageTasks).map((shapeClass) => shapeClass.name)).toEqual(["boxes/scratch", "dent", "outline/scratch"]);
  });

  it("number YOLO classes from 0; an unknown label has none", () => {
    const classIndexOf = shapeClassIndexOf(imageTasks);
    expect([classIndexOf("boxes", "scratch"), classIndexOf("boxes", "dent"), classIndexOf("outline", "scratch"), classIndexOf("boxes", "crack")]).toEqual([0, 1, 2, undefined]);
  });

  it("by name: each class name once in project order, with the tasks that have it (issue 21)", () => {
    expect([...shapeClassNames(imageTasks)]).toEqual([
      ["scratch", ["boxes", "outline"]],
      ["dent", ["boxes"]],
    ]);
    expect(shapeClassNames(audioTasks).size).toBe(0);
  });

  it("leave out of the training formats an item without the label asked for, but keep one whose label has no shapes (a background image)", () => {
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
