// COCO object detection and instance segmentation: an instances file per split and one of the whole set, the images
// beside them, the layout Detectron2's register_coco_instances, MMDetection's CocoDataset and torchvision's
// CocoDetection read.
import type { Task } from "../../validation/project";
import { isShape, polygonArea, shapeBounds, shapeOutline } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition, type ExportOutput } from "./format";
import type { ExportItem } from "./item";
import { shapeClassNames } from "./shapes";

export interface CocoCategory {
  id: number;
  name: string;
  /** The keys of the tasks that have the class, joined with "+". */
  supercategory: string;
}

export interface CocoImage {
  id: number;
  /** The image's file name under images/ (its original name, made unique within the export). */
  file_name: string;
  width: number | null;
  height: number | null;
  concord_id: string;
  concord_split: string | null;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** One ring [x1, y1, x2, y2, ...] in pixels: a polygon's points, a box's four corners. */
  segmentation: number[][];
  area: number;
  /** [x, y, width, height] in pixels, top-left origin. */
  bbox: [number, number, number, number];
  iscrowd: 0;
  attributes: { uncertain: boolean };
}

/** The instances file of each split (dev is val, as COCO's instances_val2017.json); every image is also in COCO_ALL. */
const SPLIT_FILES: Record<string, string> = { train: "annotations/instances_train.json", dev: "annotations/instances_val.json", test: "annotations/instances_test.json" };
export const COCO_ALL = "annotations/instances_all.json";
export const COCO_IMAGES = "images";

/**
 * The categories: one per class name of the box and polygon tasks (see shapeClassNames), ids from 1 in project order.
 * `categoryIdOf` gives a task's label its id (undefined for a label the project no longer has); `shared` lists the
 * categories of more than one task, which the manifest notes.
 */
export function cocoCategories(tasks: readonly Task[]) {
  const tasksOf = shapeClassNames(tasks);
  const categories: CocoCategory[] = [...tasksOf].map(([name, keys], index) => ({ id: index + 1, name, supercategory: keys.join("+") }));
  const ids = new Map(categories.map((category) => [category.name, category.id]));
  const categoryIdOf = (task: string, label: string) => (tasksOf.get(label)?.includes(task) ? ids.get(label) : undefined);
  const shared = categories.filter((category) => tasksOf.get(category.name)!.length > 1);
  return { categories, categoryIdOf, shared };
}

/** The image record; every exported image gets one, with or without shapes. */
export function cocoImage(item: ExportItem, imageId: number): CocoImage {
  return { id: imageId, file_name: item.fileName, width: item.width, height: item.height, concord_id: item.id, concord_split: item.split };
}

/**
 * The final shapes of one image, numbered from nextAnnotationId. Each has a one-ring segmentation, a box its four
 * corners (pycocotools' annToMask raises IndexError on an empty one, and Detectron2 reads no masks of an image whose
 * first annotation has none), its bounds as bbox, and its area (a polygon's by the shoelace formula). Shapes whose
 * category is unknown are left out.
 */
export function cocoAnnotations(item: ExportItem, imageId: number, categoryIdOf: (task: string, label: string) => number | undefined, nextAnnotationId: number): CocoAnnotation[] {
  const shapes = (item.final ?? []).filter(isShape).flatMap((shape) => {
    const categoryId = categoryIdOf(shape.task, shape.label);
    return categoryId === undefined ? [] : [{ shape, categoryId }];
  });
  return shapes.map(({ shape, categoryId }, index): CocoAnnotation => {
    const box = shapeBounds(shape);
    return {
      id: nextAnnotationId + index,
      image_id: imageId,
      category_id: categoryId,
      segmentation: [shapeOutline(shape).flat()],
      area: shape.type === "polygon" ? polygonArea(shape.points) : box.width * box.height,
      bbox: [box.x, box.y, box.width, box.height],
      iscrowd: 0,
      attributes: { uncertain: shape.uncertain ?? false },
    };
  });
}

// An instances file is written in one pass: its head (part 0, written at the end), its images (1), the text between
// (2), its annotations (3) and its end (4).
const IMAGES = 1;
const ANNOTATIONS = 3;

export const cocoFormat: ExportFormatDefinition = {
  name: "coco",
  title: "COCO (boxes and polygons)",
  summary:
    "annotations/instances_train.json, instances_val.json (dev) and instances_test.json for the splits and instances_all.json for the whole set, the images under images/ " +
    "(file_name their original name); one category per class name, a box with its four corners as segmentation; for pycocotools, Detectron2, MMDetection and torchvision.",
  media: ["image"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "pycocotools' COCO (createIndex, annToRLE, loadRes), Detectron2's load_coco_json and MMDetection's CocoDataset, ported",
  options: [],
  filesPerItem: 1,
  writer({ tasks }) {
    const { categories, categoryIdOf, shared } = cocoCategories(tasks);
    // Images and annotations written to each file so far, for the commas between them.
    const counts = new Map<string, { images: number; annotations: number }>([[COCO_ALL, { images: 0, annotations: 0 }]]);
    let imageId = 0;
    let annotationId = 0;
    const add = (out: ExportOutput, file: string, image: string, annotations: readonly string[]) => {
      const count = counts.get(file) ?? { images: 0, annotations: 0 };
      counts.set(file, count);
      out.append(file, `${count.images++ ? "," : ""}${image}`, IMAGES);
      if (annotations.length) out.append(file, `${count.annotations ? "," : ""}${annotations.join(",")}`, ANNOTATIONS);
      count.annotations += annotations.length;
    };
    return {
      page(items, out) {
        for (const item of items) {
          imageId++;
          out.media(item, `${COCO_IMAGES}/${item.fileName}`);
          const image = JSON.stringify(cocoImage(item, imageId));
          const annotations = cocoAnnotations(item, imageId, categoryIdOf, annotationId + 1).map((annotation) => JSON.stringify(annotation));
          annotationId += annotations.length;
          add(out, COCO_ALL, image, annotations);
          const splitFile = SPLIT_FILES[item.split ?? ""];
          if (splitFile) add(out, splitFile, image, annotations);
        }
      },
      end(out) {
        const head = `{"info":${JSON.stringify({ description: "Concord export", version: "1.0" })},"licenses":[],"categories":${JSON.stringify(categories)},"images":[`;
        for (const file of counts.keys()) {
          out.append(file, head, 0);
          out.append(file, '],"annotations":[', 2);
          out.append(file, "]}\n", 4);
        }
        for (const category of shared) {
          out.note(`"${category.name}" is a class of the tasks ${category.supercategory.split("+").join(" and ")}: one COCO category (id ${category.id}) for all of them; rename it in one task if they are different objects.`);
        }
      },
    };
  },
};
