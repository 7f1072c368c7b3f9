import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import { COCO_ALL, cocoFormat, cocoAnnotations, cocoCategories, cocoImage } from "./coco";
import { imageTasks, imageItem, box, polygon, onDisk, writeFormat } from "./test-items";

interface CocoRead {
  categories: string[];
  droppedInstances: number;
  mmdetectionDropped: number;
  images: {
    id: number;
    fileName: string;
    imageExists: boolean;
    height: number;
    width: number;
    concordId: string;
    masks: boolean;
    annotations: { category: string; bbox: number[]; segmentation: number[][] | null; area: number; uncertain: boolean }[];
  }[];
}

const query = exportQuerySchema.parse({ format: "coco" });
const readCoco = (folder: string, file: string) => readExport<CocoRead>("coco", folder, file, "images");

describe("COCO (issue 21)", () => {
  const { categories, categoryIdOf } = cocoCategories(imageTasks);

  it("has one category per class name: the box task's and the polygon task's scratch are one", () => {
    expect(categories).toEqual([
      { id: 1, name: "scratch", supercategory: "boxes+outline" },
      { id: 2, name: "dent", supercategory: "boxes" },
    ]);
    expect([categoryIdOf("boxes", "scratch"), categoryIdOf("outline", "scratch"), categoryIdOf("outline", "dent"), categoryIdOf("boxes", "crack")]).toEqual([1, 1, undefined, undefined]);
  });

  it("writes an image record for every image, shapes or not, file_name its file name under images/", () => {
    expect(cocoImage(imageItem(null, { fileName: "photo (2).png" }), 7)).toEqual({ id: 7, file_name: "photo (2).png", width: 400, height: 200, concord_id: "item1", concord_split: "train" });
  });

  it("writes a box as bbox [x, y, w, h] with area w·h and its four corners as segmentation, numbered from the next annotation id", () => {
    const item = imageItem([{ ...box(10, 20, 30, 40), uncertain: true }, box(0.5, 1, 2, 3, "dent")]);
    expect(cocoAnnotations(item, 7, categoryIdOf, 100)).toEqual([
      { id: 100, image_id: 7, category_id: 1, segmentation: [[10, 20, 40, 20, 40, 60, 10, 60]], area: 1200, bbox: [10, 20, 30, 40], iscrowd: 0, attributes: { uncertain: true } },
      { id: 101, image_id: 7, category_id: 2, segmentation: [[0.5, 1, 2.5, 1, 2.5, 4, 0.5, 4]], area: 6, bbox: [0.5, 1, 2, 3], iscrowd: 0, attributes: { uncertain: false } },
    ]);
  });

  it("writes a polygon as a one-ring segmentation, its bounds as bbox and its shoelace area", () => {
    const triangle = polygon([[10, 10], [50, 10], [50, 40]]);
    // An L shape drawn clockwise: a 4×4 square without its 2×2 top-right corner, 12 px².
    const lShape = polygon([[0, 0], [2, 0], [2, 2], [4, 2], [4, 4], [0, 4]]);
    const [first, second] = cocoAnnotations(imageItem([triangle, lShape]), 1, categoryIdOf, 1);
    expect(first).toEqual({ id: 1, image_id: 1, category_id: 1, segmentation: [[10, 10, 50, 10, 50, 40]], area: 600, bbox: [10, 10, 40, 30], iscrowd: 0, attributes: { uncertain: false } });
    expect([second?.area, second?.bbox]).toEqual([12, [0, 0, 4, 4]]);
  });

  it("leaves out classifications and shapes of classes the project no longer has, and writes none without a final label", () => {
    const item = imageItem([{ task: "defect", type: "classification", values: ["ok"] }, box(0, 0, 1, 1, "crack"), box(0, 0, 1, 1, "dent")]);
    expect(cocoAnnotations(item, 1, categoryIdOf, 1).map((annotation) => annotation.category_id)).toEqual([2]);
    expect(cocoAnnotations(imageItem(null), 1, categoryIdOf, 1)).toEqual([]);
  });

  it("writes an instances file per split and one of the whole set, which pycocotools and Detectron2 load with every box's and polygon's mask", async () => {
    const items = [
      imageItem([box(10, 20, 30, 40), polygon([[10, 10], [50, 10], [50, 40]])], { id: "a", fileName: "a.png" }),
      imageItem([{ ...box(1, 2, 3, 4, "dent"), uncertain: true }], { id: "b", fileName: "b.png", split: "dev" }),
      imageItem([], { id: "c", fileName: "c.png", split: "test" }),
      imageItem([box(5, 5, 5, 5)], { id: "d", fileName: "d.png", split: "dev" }),
    ];
    const files = writeFormat(cocoFormat, { tasks: imageTasks, query, metadataKeys: [] }, items);
    expect([...files.keys()].filter((name) => name.endsWith(".json")).sort()).toEqual(
      ["annotations/instances_all.json", "annotations/instances_test.json", "annotations/instances_train.json", "annotations/instances_val.json"],
    );
    expect(files.notes).toEqual(['"scratch" is a class of the tasks boxes and outline: one COCO category (id 1) for all of them; rename it in one task if they are different objects.']);
    const folder = onDisk(files);
    const all = await readCoco(folder, COCO_ALL);
    expect(all.categories).toEqual(["scratch", "dent"]);
    expect([all.droppedInstances, all.mmdetectionDropped]).toEqual([0, 0]);
    expect(all.images.map(({ id, fileName, imageExists, concordId, masks }) => ({ id, fileName, imageExists, concordId, masks }))).toEqual([
      { id: 1, fileName: "a.png", imageExists: true, concordId: "a", masks: true },
      { id: 2, fileName: "b.png", imageExists: true, concordId: "b", masks: true },
      { id: 3, fileName: "c.png", imageExists: true, concordId: "c", masks: false },
      { id: 4, fileName: "d.png", imageExists: true, concordId: "d", masks: true },
    ]);
    expect(all.images[0]!.annotations.map(({ category, segmentation }) => [category, segmentation])).toEqual([
      ["scratch", [[10, 20, 40, 20, 40, 60, 10, 60]]],
      ["scratch", [[10, 10, 50, 10, 50, 40]]],
    ]);
    expect(all.images[1]!.annotations[0]).toMatchObject({ category: "dent", bbox: [1, 2, 3, 4], uncertain: true });
    // The split files hold their images, under the same ids.
    const val = await readCoco(folder, "annotations/instances_val.json");
    expect(val.images.map((image) => [image.id, image.concordId, image.annotations.length])).toEqual([[2, "b", 1], [4, "d", 1]]);
    expect((await readCoco(folder, "annotations/instances_train.json")).images.map((image) => image.concordId)).toEqual(["a"]);
    expect((await readCoco(folder, "annotations/instances_test.json")).images.map((image) => image.annotations)).toEqual([[]]);
  });

  it("writes the whole set alone for an export without a split, and for an export of nothing", async () => {
    const items = [imageItem([box(1, 1, 5, 5)], { id: "a", split: null }), imageItem([], { id: "b", fileName: "b.png", split: null })];
    const files = writeFormat(cocoFormat, { tasks: imageTasks, query, metadataKeys: [] }, items);
    expect([...files.keys()].filter((name) => name.endsWith(".json"))).toEqual([COCO_ALL]);
    expect((await readCoco(onDisk(files), COCO_ALL)).images.map((image) => image.annotations.length)).toEqual([1, 0]);
    const empty = writeFormat(cocoFormat, { tasks: imageTasks, query, metadataKeys: [] }, []);
    expect(JSON.parse(empty.get(COCO_ALL)!)).toMatchObject({ images: [], annotations: [] });
  });
});
