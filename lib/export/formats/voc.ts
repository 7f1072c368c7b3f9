// Pascal VOC: an XML annotation per image, in the VOCdevkit layout torchvision's VOCDetection, MMDetection's
// VOCDataset and Detectron2's load_voc_instances read as they are.
import { imageSize, isShape, shapeBounds } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition, type ExportOutput } from "./format";
import type { ExportItem } from "./item";
import { shapeClassNames } from "./shapes";
import { xmlElement } from "./xml";

/**
 * Where everything goes: torchvision's VOCDetection(root, year="2007", image_set=...) looks under
 * root/VOCdevkit/VOC2007 (2007 being the year whose image sets include test), and MMDetection's VOC configs use
 * data_root "VOCdevkit/" with "VOC2007/" under it.
 */
export const VOC_ROOT = "VOCdevkit/VOC2007";

/** The image set (ImageSets/Main/<name>.txt) an item's split goes to; items without a split are the training set. */
const IMAGE_SET: Record<string, "train" | "val" | "test"> = { train: "train", dev: "val", test: "test" };

/**
 * The stem of a file name (its name without the extension), as the image sets list it. The loaders build
 * `JPEGImages/<stem>.jpg` and `Annotations/<stem>.xml` from it, and Detectron2 reads the lists with numpy's loadtxt,
 * which splits a line at whitespace and drops what follows "#": those become "_".
 */
export function vocStem(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return (dot > 0 ? fileName.slice(0, dot) : fileName).replace(/[\s#]/g, "_");
}

/**
 * A shape's bounds (shapeBounds) as VOC's 1-based pixel indices, inclusive: the box from x0 to x1 covers pixels round(x0) + 1 to
 * round(x1), which Detectron2 reads back as x0 (it subtracts 1 from xmin and ymin). Integers, since torchvision's
 * VOC target wrapper reads them with int(), which refuses "10.5". Kept within the image.
 */
export function vocBox(bounds: { x: number; y: number; width: number; height: number }, width: number, height: number): { xmin: number; ymin: number; xmax: number; ymax: number } {
  const side = (start: number, end: number, size: number) => {
    const first = Math.min(size, Math.max(1, Math.round(start) + 1));
    return [first, Math.min(size, Math.max(first, Math.round(end)))] as const;
  };
  const [xmin, xmax] = side(bounds.x, bounds.x + bounds.width, width);
  const [ymin, ymax] = side(bounds.y, bounds.y + bounds.height, height);
  return { xmin, ymin, xmax, ymax };
}

/**
 * One image's annotation. `filename` is the name in JPEGImages; `source/image` the image's original name and
 * `concord_id` its id. Each box or polygon (as its bounds) of a class the project has is an object; an uncertain one is
 * `difficult`, as VOC marks objects hard to be sure of: VOC's evaluation neither rewards nor penalizes a detection of
 * it, MMDetection gives it ignore_flag (left out of the loss), and Detectron2 trains on it. Depth is 3: the loaders
 * read every image as RGB.
 */
export function vocAnnotation(item: ExportItem, stem: string, classNames: ReadonlySet<string>): string {
  const { width, height } = imageSize(item);
  const shapes = (item.final ?? []).filter(isShape).filter((shape) => classNames.has(shape.label));
  const objects = shapes.map((shape) => {
    const box = vocBox(shapeBounds(shape), width, height);
    return [
      "  <object>",
      `    ${xmlElement("name", shape.label)}`,
      "    <pose>Unspecified</pose>",
      "    <truncated>0</truncated>",
      `    <difficult>${shape.uncertain ? 1 : 0}</difficult>`,
      `    <bndbox>${xmlElement("xmin", box.xmin)}${xmlElement("ymin", box.ymin)}${xmlElement("xmax", box.xmax)}${xmlElement("ymax", box.ymax)}</bndbox>`,
      "  </object>",
    ];
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    "<annotation>",
    "  <folder>VOC2007</folder>",
    `  ${xmlElement("filename", `${stem}.jpg`)}`,
    `  <source><database>Concord</database>${xmlElement("image", item.originalName)}</source>`,
    `  ${xmlElement("concord_id", item.id)}`,
    `  <size>${xmlElement("width", width)}${xmlElement("height", height)}<depth>3</depth></size>`,
    "  <segmented>0</segmented>",
    ...objects.flat(),
    "</annotation>",
    "",
  ].join("\n");
}

export const vocFormat: ExportFormatDefinition = {
  name: "voc",
  title: "Pascal VOC",
  summary:
    "VOCdevkit/VOC2007: an XML file per image in Annotations/, the images in JPEGImages/ as NAME.jpg (NAME the original name without its extension, spaces and # as _; a PNG keeps its bytes, as the loaders read images by their content), " +
    "image sets per split in ImageSets/Main (train, val for dev, test, trainval) and classes.txt; for torchvision's VOCDetection, MMDetection and Detectron2. " +
    "A polygon is written as its bounding box, an uncertain shape as difficult; classifications are not written.",
  media: ["image"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "torchvision's VOCDetection (parse_voc_xml and its target wrapper), MMDetection's XMLDataset and Detectron2's load_voc_instances, ported",
  options: [],
  filesPerItem: 2,
  writer({ tasks }) {
    const names = [...shapeClassNames(tasks).keys()];
    const classNames = new Set(names);
    // Stems as the loaders compare them on a case-insensitive disk; made unique with a number.
    const usedStems = new Set<string>();
    const uniqueStem = (fileName: string) => {
      const base = vocStem(fileName);
      let stem = base;
      for (let number = 2; usedStems.has(stem.toLowerCase()); number++) stem = `${base}_${number}`;
      usedStems.add(stem.toLowerCase());
      return stem;
    };
    const listed = new Map<string, number>(); // images per image set
    const list = (out: ExportOutput, imageSet: string, stem: string, part?: number) => {
      listed.set(imageSet, (listed.get(imageSet) ?? 0) + 1);
      out.append(`${VOC_ROOT}/ImageSets/Main/${imageSet}.txt`, `${stem}\n`, part);
    };
    return {
      page(items, out) {
        for (const item of items) {
          const stem = uniqueStem(item.fileName);
          out.media(item, `${VOC_ROOT}/JPEGImages/${stem}.jpg`);
          out.file(`${VOC_ROOT}/Annotations/${stem}.xml`, vocAnnotation(item, stem, classNames));
          const imageSet = IMAGE_SET[item.split ?? "train"] ?? "train";
          list(out, imageSet, stem);
          // trainval: the training images, then the validation ones (as MMDetection's VOC configs train on it).
          if (imageSet !== "test") list(out, "trainval", stem, imageSet === "train" ? 0 : 1);
        }
      },
      // The class list the loaders are given (MMDetection's metainfo classes, Detectron2's class_names), one a line.
      end(out) {
        out.file(`${VOC_ROOT}/classes.txt`, names.map((name) => `${name}\n`).join(""));
        // Detectron2 reads an image set with numpy's loadtxt, which gives a set of one line as a single value it cannot loop over.
        for (const [imageSet, count] of listed) if (count === 1) out.note(`ImageSets/Main/${imageSet}.txt lists one image, which Detectron2's VOC loader cannot read (numpy reads one line as no list); torchvision and MMDetection can.`);
      },
    };
  },
};
