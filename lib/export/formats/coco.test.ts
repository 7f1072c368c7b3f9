import { describe, expect, it } from "vitest";
import {
  cocoAnnotations,
  cocoCategoryIdOf,
  cocoImage,
} from ".";
import { imageTasks, imageItem, box, polygon } from "./test-items";

describe("COCO", () => {
  const categoryIdOf = cocoCategoryIdOf(imageTasks);

  it("writes an image record for every image, shapes or not", () => {
    expect(cocoImage(imageItem(null), 7)).toEqual({ id: 7, file_name: "media/abc.png", width: 400, height: 200, concord_id: "item1" });
  });

  it("writes a box as bbox [x, y, w, h] with area w·h and an empty segmentation, numbered from the next annotation id", () => {
    const item = imageItem([{ ...box(10, 20, 30, 40), uncertain: true }, box(0.5, 1, 2, 3, "dent")]);
    expect(cocoAnnotations(item, 7, categoryIdOf, 100)).toEqual([
      { id: 100, image_id: 7, category_id: 1, segmentation: [], area: 1200, bbox: [10, 20, 30, 40], iscrowd: 0, attributes: { uncertain: true } },
      { id: 101, image_id: 7, category_id: 2, segmentation: [], area: 6, bbox: [0.5, 1, 2, 3], iscrowd: 0, attributes: { uncertain: false } },
    ]);
  });

  it("writes a polygon as a one-ring segmentation, its bounds as bbox and its shoelace area", () => {
    const triangle = polygon([[10, 10], [50, 10], [50, 40]]);
    // An L shape drawn clockwise: a 4×4 square without its 2×2 top-right corner, 12 px².
    const lShape = polygon([[0, 0], [2, 0], [2, 2], [4, 2], [4, 4], [0, 4]]);
    const [first, second] = cocoAnnotations(imageItem([triangle, lShape]), 1, categoryIdOf, 1);
    expect(first).toEqual({ id: 1, image_id: 1, category_id: 3, segmentation: [[10, 10, 50, 10, 50, 40]], area: 600, bbox: [10, 10, 40, 30], iscrowd: 0, attributes: { uncertain: false } });
    expect([second?.area, second?.bbox]).toEqual([12, [0, 0, 4, 4]]);
  });

  it("leaves out classifications and shapes of classes the project no longer has, and writes none without a final label", () => {
    const item = imageItem([{ task: "defect", type: "classification", values: ["ok"] }, box(0, 0, 1, 1, "crack"), box(0, 0, 1, 1, "dent")]);
    expect(cocoAnnotations(item, 1, categoryIdOf, 1).map((annotation) => annotation.category_id)).toEqual([2]);
    expect(cocoAnnotations(imageItem(null), 1, categoryIdOf, 1)).toEqual([]);
  });
});
