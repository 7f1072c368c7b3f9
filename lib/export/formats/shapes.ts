// Shape classes, shared by COCO, YOLO and the manifest's object counts.
import type { ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import { isShape, isShapeTask, type ShapeEntry } from "./entries";
import type { ExportItem } from "./item";

export interface ShapeClass {
  task: string;
  label: string;
  /** The class name, prefixed with its task key ("boxes/scratch") when another task of the list has a class of the same name. */
  name: string;
}

type ObjectTask = Extract<Task, { type: "bbox" | "polygon" | "segment" }>;
const isObjectTask = (task: Task): task is ObjectTask => isShapeTask(task) || task.type === "segment";
// A task key has no newline, so the key is unambiguous.
const classKey = (task: string, label: string) => `${task}\n${label}`;

/** The classes of the given tasks, task by task in project order, named as ShapeClass says. */
function namedClasses(tasks: readonly ObjectTask[]): ShapeClass[] {
  const pairs = tasks.flatMap((task) => task.classes.map((labelClass) => ({ task: task.key, label: labelClass.name })));
  const tasksPerLabel = new Map<string, number>();
  for (const { label } of pairs) tasksPerLabel.set(label, (tasksPerLabel.get(label) ?? 0) + 1);
  return pairs.map((pair) => ({ ...pair, name: tasksPerLabel.get(pair.label)! > 1 ? `${pair.task}/${pair.label}` : pair.label }));
}

/** The classes of the box and polygon tasks, task by task in project order: COCO category i + 1, YOLO class i. */
export function shapeClasses(tasks: readonly Task[]): ShapeClass[] {
  return namedClasses(tasks.filter(isShapeTask));
}

/**
 * The class names of the box and polygon tasks, each once in project order, with the keys of the tasks that have it:
 * for the formats with one class per name (COCO, Pascal VOC), where a box task's and a polygon task's "scratch" are
 * one class, as a model of boxes and masks needs.
 */
export function shapeClassNames(tasks: readonly Task[]): Map<string, string[]> {
  const tasksOf = new Map<string, string[]>();
  for (const task of tasks.filter(isShapeTask)) for (const { name } of task.classes) tasksOf.set(name, [...(tasksOf.get(name) ?? []), task.key]);
  return tasksOf;
}

/** The YOLO class index (from 0) of a task's label; undefined for a label the project no longer has. */
export function shapeClassIndexOf(tasks: readonly Task[]): (task: string, label: string) => number | undefined {
  const indices = new Map(shapeClasses(tasks).map((shapeClass, index) => [classKey(shapeClass.task, shapeClass.label), index]));
  return (task, label) => indices.get(classKey(task, label));
}

/**
 * For the manifest's object counts: the class name of each box, polygon and segment of a label (named as
 * shapeClasses names them, so as YOLO does), or null for a project without such tasks, which then pays
 * nothing per item. Objects of classes the project no longer has are not counted: COCO and YOLO leave them out.
 */
export function objectClassesOf(tasks: readonly Task[]): ((label: readonly ResultEntry[]) => string[]) | null {
  const classes = namedClasses(tasks.filter(isObjectTask));
  if (!classes.length) return null;
  const nameOf = new Map(classes.map((objectClass) => [classKey(objectClass.task, objectClass.label), objectClass.name]));
  return (label) =>
    label.flatMap((entry) => {
      const name = entry.type === "bbox" || entry.type === "polygon" || entry.type === "segment" ? nameOf.get(classKey(entry.task, entry.label)) : undefined;
      return name === undefined ? [] : [name];
    });
}

/** Why the training formats leave items out; the manifest counts them under these names. */
export const LEFT_OUT_NO_LABEL = "no label";

/**
 * Why COCO and YOLO leave an item with this label out, or null to write it. An item without the label asked for (`labels=gold` on
 * an item nobody reviewed, an unresolved one included on request) is left out: written without shapes, it would
 * tell a trainer "nothing here". An item whose label has no shapes is written: that is a true background image.
 */
export function trainingLeftOutReason(label: ExportItem["final"]): typeof LEFT_OUT_NO_LABEL | null {
  return label === null ? LEFT_OUT_NO_LABEL : null;
}

/** The final shapes with their class number; shapes of classes the project no longer has are left out. */
export function numberedShapes(item: ExportItem, numberOf: (task: string, label: string) => number | undefined): { shape: ShapeEntry; number: number }[] {
  return (item.final ?? []).filter(isShape).flatMap((shape) => {
    const number = numberOf(shape.task, shape.label);
    return number === undefined ? [] : [{ shape, number }];
  });
}
