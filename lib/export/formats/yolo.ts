// Ultralytics YOLO: a label file per image and data.yaml.
import { extensionOf, fileStem, imageSize, shapeBounds, shapeOutline } from "./entries";
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

/** The split folders data.yaml names for Ultralytics' train, val and (optional) test keys; null for a part with no images. */
export interface YoloSplitFolders {
  train: string | null;
  val: string | null;
  test?: string;
}

/**
 * Which of the split folders an export wrote (train, dev, test, or "all" without a split) data.yaml names: train is
 * the train part (or all of an export without a split), val the dev part alone, never the training images (their
 * scores would say nothing) nor the test part (choosing the best epoch on it would spoil it), test the test part.
 * A part without images is named null (Ultralytics requires the train and val keys, and refuses a folder without
 * images), with a sentence for the manifest saying so.
 */
export function yoloSplitFolders(written: readonly string[]): { folders: YoloSplitFolders; notes: string[] } {
  const train = written.includes("train") ? "train" : written.includes("all") ? "all" : null;
  const val = written.includes("dev") ? "dev" : null;
  const notes = [
    ...(train === null ? ["No training images: data.yaml's train is empty; export with a train part to train on."] : []),
    ...(val === null
      ? ["No dev part: data.yaml's val is empty (Ultralytics then validates on test, if there is one); export with a dev part (split=80,10,10) to validate on held-out images."]
      : []),
  ];
  return { folders: written.includes("test") ? { train, val, test: "test" } : { train, val }, notes };
}

/**
 * Ultralytics' data.yaml: `train`, `val` and `test` as `images/<folder>` (see yoloSplitFolders) or null, nc, and names
 * as class index → name. No `path` key, so that Ultralytics takes the folder of this file as the dataset root. Names
 * and paths are written as quoted strings (JSON is valid YAML), so that "yes" or "1: a" stay strings.
 */
export function yoloDataYaml(classNames: readonly string[], folders: YoloSplitFolders): string {
  // JSON leaves DEL, the C1 controls, U+2028/9 and the BOM as they are, and a YAML reader refuses the file for them:
  // escaped, as YAML's double quotes take \uXXXX too.
  const quoted = (text: string) => JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [
    "# Ultralytics YOLO dataset exported by Concord; paths are relative to this file.",
    ...Object.entries(folders).map(([key, folder]) => `${key}: ${folder === null ? "null" : quoted(`images/${folder}`)}`),
    `nc: ${classNames.length}`,
    classNames.length ? "names:" : "names: {}",
    ...classNames.map((name, index) => `  ${index}: ${quoted(name)}`),
    "",
  ].join("\n");
}

/** The image suffixes Ultralytics reads (IMG_FORMATS in ultralytics/data/utils.py); it skips any other file unseen. */
const ULTRALYTICS_IMAGE_SUFFIXES = new Set([".bmp", ".dng", ".jpeg", ".jpg", ".mpo", ".png", ".tif", ".tiff", ".webp", ".pfm", ".heic"]);
const readsAsImage = (name: string) => ULTRALYTICS_IMAGE_SUFFIXES.has(extensionOf(name).toLowerCase());


export const yoloFormat: ExportFormatDefinition = {
  name: "yolo",
  title: "YOLO (labels and images)",
  summary: "Ultralytics' layout: images under their names and a label file per image (its stem.txt) in a folder per split, and data.yaml with train, val (the dev part only) and test; a part without images is null, with a note in the manifest.",
  media: ["image"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "a port of Ultralytics' check_det_dataset, img2label_paths and verify_image_label",
  options: ["polygons"],
  filesPerItem: 2,
  writer: ({ tasks, query }) => {
    const classIndexOf = shapeClassIndexOf(tasks);
    const filled = new Set<string>(); // the split folders items went to
    return {
      page(items, out) {
        for (const item of items) {
          // The export's file names end in their format's extension (file-names.ts): any other, GIF, Ultralytics skips unseen.
          if (!readsAsImage(item.fileName)) {
            out.leaveOut(item, "a format Ultralytics does not read (GIF)");
            continue;
          }
          const folder = item.split ?? "all";
          filled.add(folder);
          // Ultralytics finds an image's labels by its name (img2label_paths): images/x/photo.png → labels/x/photo.txt;
          // the export's file names have unique stems (file-names.ts).
          out.file(`labels/${folder}/${fileStem(item.fileName)}.txt`, yoloLines(item, classIndexOf, { polygons: query.polygons }));
          out.media(item, `images/${folder}/${item.fileName}`);
        }
      },
      end(out) {
        const { folders, notes } = yoloSplitFolders([...filled]);
        for (const note of notes) out.note(note);
        out.file("data.yaml", yoloDataYaml(shapeClasses(tasks).map((shapeClass) => shapeClass.name), folders));
      },
    };
  },
};
