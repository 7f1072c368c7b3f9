// CVAT for images 1.1: annotations.xml and the images, as CVAT exports a task and imports it back (CVAT's importer
// and Datumaro's "cvat" format).
import type { ResultEntry } from "../../validation/annotation";
import { allowedLabels, type Task } from "../../validation/project";
import { isShapeTask } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition } from "./format";
import type { ExportItem } from "./item";
import { xmlAttributes, xmlElement } from "./xml";

/** The attribute every label has, and every shape and tag carries: whether the labeler was unsure. */
export const CVAT_UNCERTAIN = "uncertain";

/** The subset CVAT gives an image of each split; CVAT's own for a task without one is "default". */
const SUBSET: Record<string, string> = { train: "train", dev: "val", test: "test" };

/**
 * The CVAT label of a task's class, or undefined for one the project no longer has. A shape class is its name, one
 * label for a name of several box and polygon tasks (a CVAT label takes any shape). A classification class (a tag) is
 * its name too, the one label of a shape class of that name, unless another classification task has a class of that
 * name: then "<task>/<class>", since a tag says no more than its label.
 */
export function cvatLabelOf(tasks: readonly Task[]): (task: string, label: string) => string | undefined {
  const classifications = tasks.filter((task) => task.type === "classification");
  const classificationTasksOf = new Map<string, number>();
  for (const name of classifications.flatMap(allowedLabels)) classificationTasksOf.set(name, (classificationTasksOf.get(name) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const task of tasks) {
    if (task.type === "classification") {
      for (const name of allowedLabels(task)) names.set(`${task.key}\n${name}`, classificationTasksOf.get(name)! > 1 ? `${task.key}/${name}` : name);
    } else if (isShapeTask(task)) {
      for (const { name } of task.classes) names.set(`${task.key}\n${name}`, name);
    }
  }
  return (task, label) => names.get(`${task}\n${label}`);
}

/** The labels of `<meta>`, each name once in project order. */
export function cvatLabels(tasks: readonly Task[]): string[] {
  const labelOf = cvatLabelOf(tasks);
  const names = tasks.flatMap((task) => (task.type === "classification" || isShapeTask(task) ? allowedLabels(task).map((name) => labelOf(task.key, name)!) : []));
  return [...new Set(names)];
}

/** Coordinates as CVAT writes them: two decimals. */
const coordinate = (value: number) => value.toFixed(2);

function uncertainAttribute(entry: ResultEntry): string {
  return `      <attribute${xmlAttributes({ name: CVAT_UNCERTAIN })}>${entry.uncertain ? "true" : "false"}</attribute>`;
}

/**
 * One `<image>`: its boxes and polygons as `<box>` and `<polygon>`, each classification value as a `<tag>`, each
 * with the uncertain attribute. `occluded` is written because CVAT's importer requires it. Entries of classes the
 * project no longer has are left out.
 */
export function cvatImage(item: ExportItem, frame: number, labelOf: (task: string, label: string) => string | undefined): string {
  const lines: string[] = [];
  const open = (element: string, attributes: Record<string, string | number>, entry: ResultEntry) => {
    lines.push(`    <${element}${xmlAttributes(attributes)}>`, uncertainAttribute(entry), `    </${element}>`);
  };
  for (const entry of item.final ?? []) {
    if (entry.type === "classification") {
      for (const value of entry.values) {
        const label = labelOf(entry.task, value);
        if (label !== undefined) open("tag", { label, source: "manual" }, entry);
      }
      continue;
    }
    if (entry.type !== "bbox" && entry.type !== "polygon") continue;
    const label = labelOf(entry.task, entry.label);
    if (label === undefined) continue;
    if (entry.type === "bbox") {
      const corners = { xtl: coordinate(entry.x), ytl: coordinate(entry.y), xbr: coordinate(entry.x + entry.width), ybr: coordinate(entry.y + entry.height) };
      open("box", { label, source: "manual", occluded: 0, ...corners, z_order: 0 }, entry);
    } else {
      const points = entry.points.map(([x, y]) => `${coordinate(x)},${coordinate(y)}`).join(";");
      open("polygon", { label, source: "manual", occluded: 0, points, z_order: 0 }, entry);
    }
  }
  const attributes: Record<string, string | number> = { id: frame, name: item.fileName, subset: SUBSET[item.split ?? ""] ?? "default" };
  if (item.width && item.height) Object.assign(attributes, { width: item.width, height: item.height });
  return [`  <image${xmlAttributes(attributes)}>`, ...lines, "  </image>", ""].join("\n");
}

/** `<version>` and `<meta>`: the task, its size and its labels, each with the uncertain checkbox. */
export function cvatHeader(tasks: readonly Task[], size: number): string {
  const labels = cvatLabels(tasks).flatMap((name) => [
    "        <label>",
    `          ${xmlElement("name", name)}`,
    "          <type>any</type>",
    "          <attributes>",
    "            <attribute>",
    `              ${xmlElement("name", CVAT_UNCERTAIN)}`,
    "              <mutable>False</mutable>",
    "              <input_type>checkbox</input_type>",
    "              <default_value>false</default_value>",
    "              <values>false</values>",
    "            </attribute>",
    "          </attributes>",
    "        </label>",
  ]);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    "<annotations>",
    "  <version>1.1</version>",
    "  <meta>",
    "    <task>",
    "      <name>Concord export</name>",
    `      ${xmlElement("size", size)}`,
    "      <mode>annotation</mode>",
    "      <overlap>0</overlap>",
    "      <labels>",
    ...labels,
    "      </labels>",
    "    </task>",
    "  </meta>",
    "",
  ].join("\n");
}

export const cvatFormat: ExportFormatDefinition = {
  name: "cvat",
  title: "CVAT for images 1.1",
  summary:
    "annotations.xml with the project's classes as labels, an image element per image with its split as subset, its boxes, polygons and classifications (as tags), each with an uncertain attribute; " +
    "the images under images/. Imports into a CVAT task with these labels, and reads with Datumaro.",
  media: ["image"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "CVAT's importer (cvat/apps/dataset_manager/formats/cvat.py load) and Datumaro's CvatExtractor, ported",
  options: [],
  filesPerItem: 1,
  writer({ tasks }) {
    const labelOf = cvatLabelOf(tasks);
    let frames = 0;
    return {
      // The header (part 0) needs the number of images, so it is written at the end; the images are part 1.
      page(items, out) {
        for (const item of items) {
          out.media(item, `images/${item.fileName}`);
          out.append("annotations.xml", cvatImage(item, frames++, labelOf), 1);
        }
      },
      end(out) {
        out.append("annotations.xml", cvatHeader(tasks, frames), 0);
        out.append("annotations.xml", "</annotations>\n", 2);
      },
    };
  },
};
