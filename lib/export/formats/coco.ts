// COCO object detection and instance segmentation.
import type { Task } from "../../validation/project";
import { polygonArea, shapeBounds } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition, type ExportOutput } from "./format";
import type { ExportItem } from "./item";
import { numberedShapes, shapeClasses, shapeClassIndexOf } from "./shapes";

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
}

export interface CocoImage {
  id: number;
  file_name: string;
  width: number | null;
  height: number | null;
  concord_id: string;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** A polygon's one ring [x1, y1, x2, y2, ...] in pixels; [] for a box (as CVAT writes it, for readers that expect the key). */
  segmentation: number[][];
  area: number;
  /** [x, y, width, height] in pixels, top-left origin. */
  bbox: [number, number, number, number];
  iscrowd: 0;
  attributes: { uncertain: boolean };
}

/** The categories of the box and polygon tasks, ids from 1, supercategory the task key (see shapeClasses for names). */
export function cocoCategories(tasks: readonly Task[]): CocoCategory[] {
  return shapeClasses(tasks).map((shapeClass, index) => ({ id: index + 1, name: shapeClass.name, supercategory: shapeClass.task }));
}

/** The category id cocoCategories gives a task's label; undefined for a label the project no longer has. */
export function cocoCategoryIdOf(tasks: readonly Task[]): (task: string, label: string) => number | undefined {
  const indexOf = shapeClassIndexOf(tasks);
  return (task, label) => {
    const index = indexOf(task, label);
    return index === undefined ? undefined : index + 1;
  };
}

/** The image record; every exported image gets one, with or without shapes (see trainingLeftOutReason). */
export function cocoImage(item: ExportItem, imageId: number): CocoImage {
  return { id: imageId, file_name: item.mediaPath, width: item.width, height: item.height, concord_id: item.id };
}

/**
 * The final shapes of one image, numbered from nextAnnotationId (the caller continues from
 * nextAnnotationId + the length returned). Boxes give their bbox, area and an empty segmentation; polygons a
 * one-ring segmentation, their bounds as bbox and their shoelace area. Shapes whose category is unknown are left out.
 */
export function cocoAnnotations(
  item: ExportItem,
  imageId: number,
  categoryIdOf: (task: string, label: string) => number | undefined,
  nextAnnotationId: number,
): CocoAnnotation[] {
  return numberedShapes(item, categoryIdOf).map(({ shape, number }, index): CocoAnnotation => {
    const box = shapeBounds(shape);
    return {
      id: nextAnnotationId + index,
      image_id: imageId,
      category_id: number,
      segmentation: shape.type === "polygon" ? [shape.points.flat()] : [],
      area: shape.type === "polygon" ? polygonArea(shape.points) : box.width * box.height,
      bbox: [box.x, box.y, box.width, box.height],
      iscrowd: 0,
      attributes: { uncertain: shape.uncertain ?? false },
    };
  });
}

const COCO_FILE = "annotations.json";

export const cocoFormat: ExportFormatDefinition = {
  name: "coco",
  title: "COCO (boxes and polygons)",
  summary: "annotations.json in COCO's detection format, with the images: for pycocotools, Detectron2, MMDetection and torchvision.",
  media: ["image"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "JSON.parse",
  options: [],
  filesPerItem: 1,
  writer: ({ tasks }) => {
    const categoryIdOf = cocoCategoryIdOf(tasks);
    let started = false;
    let images = 0;
    let annotations = 0;
    // One pass: the images as part 0 of the file, the annotations as part 1.
    const start = (out: ExportOutput) => {
      if (!started) out.append(COCO_FILE, `{"info":${JSON.stringify({ description: "Concord export", version: "1.0" })},"categories":${JSON.stringify(cocoCategories(tasks))},"images":[`);
      started = true;
    };
    return {
      page(items, out) {
        start(out);
        for (const item of items) {
          const imageId = ++images;
          // The image itself at the path file_name names, so that the export is self-contained.
          out.media(item, item.mediaPath);
          out.append(COCO_FILE, `${imageId > 1 ? "," : ""}${JSON.stringify({ ...cocoImage(item, imageId), concord_split: item.split })}`);
          for (const annotation of cocoAnnotations(item, imageId, categoryIdOf, annotations + 1)) out.append(COCO_FILE, `${annotations++ ? "," : ""}${JSON.stringify(annotation)}`, 1);
        }
      },
      end(out) {
        start(out);
        out.append(COCO_FILE, `],"annotations":[`);
        out.append(COCO_FILE, "]}\n", 1);
      },
    };
  },
};
