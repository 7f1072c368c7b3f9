// Ultralytics YOLO: a label file per image and data.yaml.
import { extensionOf, imageSize, shapeBounds, shapeOutline } from "./entries";
import type { ExportItem } from "./item";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition } from "./format";
import { numberedShapes, shapeClasses, shapeClassIndexOf } from "./shapes";

/** A coordinate as a fraction of the image side with 6 decimals; clamped, as shapes may reach a hair past the edge. */
const yoloFraction = (value: number, side: number) => Math.min(1, Math.max(0, value / side)).toFixed(6);

/**
 * The label file of one image: a line per final shape, coordinates as fractions of the image size.
 * With polygons "boxes": `class cx cy w h` (a polygon gives its bounds). With "segments":
 * `class x1 y1 x2 y2 ...`, boxes written as their four corners, because Ultralytics reads a label file
 * with any polygon in it as all polygons. An image without shapes gets "" (a background image).
 */
export function yoloLines(item: ExportItem, classIndexOf: (task: string, label: string) => number | undefined, options: { polygons: "boxes" | "segments" }): string {
  const shapes = numberedShapes(item, classIndexOf);
  if (!shapes.length) return "";
  const { width, height } = imageSize(item);
  const lines = shapes.map(({ shape, number }) => {
    if (options.polygons === "segments") {
      return [number, ...shapeOutline(shape).flatMap(([x, y]) => [yoloFraction(x, width), yoloFraction(y, height)])].join(" ");
    }
    const box = shapeBounds(shape);
    const centre = [yoloFraction(box.x + box.width / 2, width), yoloFraction(box.y + box.height / 2, height)];
    return [number, ...centre, yoloFraction(box.width, width), yoloFraction(box.height, height)].join(" ");
  });
  return `${lines.join("\n")}\n`;
}

/** The split folders data.yaml names for Ultralytics' train, val and (optional) test keys. */
export interface YoloSplitFolders {
  train: string;
  val: string;
  test?: string;
}

/**
 * Which of the split folders an export wrote (train, dev, test, or "all" without a split) data.yaml names for
 * Ultralytics, which requires `train` and `val`: dev is val. Without a dev part, val is the test part, the
 * held-out images there are (so validation scores mean something, at the cost of choosing the best epoch on
 * them); without either, the training images, which is what an export without a split asks for. A folder no item
 * went to (an export of nothing) is named "all", and the writer must create it.
 */
export function yoloSplitFolders(written: readonly string[]): YoloSplitFolders {
  const first = (folders: string[]) => folders.find((folder) => written.includes(folder));
  // A train part of ratio 0 ("0,50,50") leaves train to the first part there is.
  const train = first(["train", "all", "dev", "test"]) ?? "all";
  const val = first(["dev", "test"]) ?? train;
  return written.includes("test") ? { train, val, test: "test" } : { train, val };
}

/**
 * Ultralytics' data.yaml: `train`, `val` and `test` as `images/<folder>` (see yoloSplitFolders), nc, and names as
 * class index → name. No `path` key, so that Ultralytics takes the folder of this file as the dataset root. Names
 * and paths are written as quoted strings (JSON is valid YAML), so that "yes" or "1: a" stay strings.
 */
export function yoloDataYaml(classNames: readonly string[], folders: YoloSplitFolders): string {
  const quoted = (text: string) => JSON.stringify(text);
  return [
    "# Ultralytics YOLO dataset exported by Concord; paths are relative to this file.",
    ...Object.entries(folders).map(([key, folder]) => `${key}: ${quoted(`images/${folder}`)}`),
    `nc: ${classNames.length}`,
    classNames.length ? "names:" : "names: {}",
    ...classNames.map((name, index) => `  ${index}: ${quoted(name)}`),
    "",
  ].join("\n");
}

export const yoloFormat: ExportFormatDefinition = {
  name: "yolo",
  title: "YOLO (labels and images)",
  summary: "Ultralytics' layout: images and a label file per image in a folder per split, and data.yaml with train, val (the dev part) and test.",
  media: ["image"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "Ultralytics' data.yaml keys",
  options: ["polygons"],
  filesPerItem: 2,
  writer: ({ tasks, query }) => {
    const classIndexOf = shapeClassIndexOf(tasks);
    const filled = new Set<string>(); // the split folders items went to
    return {
      page(items, out) {
        for (const item of items) {
          const folder = item.split ?? "all";
          filled.add(folder);
          out.file(`labels/${folder}/${item.sha256}.txt`, yoloLines(item, classIndexOf, { polygons: query.polygons }));
          out.media(item, `images/${folder}/${item.sha256}${extensionOf(item.mediaPath)}`);
        }
      },
      end(out) {
        const folders = yoloSplitFolders([...filled]);
        // Ultralytics refuses a data.yaml naming a folder that does not exist: an export of nothing gets empty ones.
        for (const folder of new Set(Object.values(folders))) if (!filled.has(folder)) for (const kind of ["images", "labels"]) out.file(`${kind}/${folder}/`, "");
        out.file("data.yaml", yoloDataYaml(shapeClasses(tasks).map((shapeClass) => shapeClass.name), folders));
      },
    };
  },
};
