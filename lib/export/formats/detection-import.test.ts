import { describe, expect, it } from "vitest";
import { newProjectSchema } from "../../validation/project";
import { parseCocoLabels, parseYoloLabelFile, parseYoloNames } from "./detection-import";

const tasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "boxes", type: "bbox", classes: ["person", "car"] },
    { key: "outline", type: "polygon", classes: ["person"] },
  ],
}).tasks;

describe("COCO labels imported (issue 21)", () => {
  // As COCO's instances files hold them (cocodataset.org/#format-data): several images, a polygon, a crowd RLE.
  const coco = {
    info: { year: 2017 },
    images: [
      { id: 397133, file_name: "000000397133.jpg", width: 640, height: 427 },
      { id: 37777, file_name: "val2017/000000037777.jpg", width: 352, height: 230 },
    ],
    annotations: [
      { id: 1, image_id: 397133, category_id: 3, bbox: [10, 20, 30, 40], area: 1200, iscrowd: 0, segmentation: [] },
      { id: 2, image_id: 397133, category_id: 1, bbox: [100, 100, 50, 50], area: 1250, iscrowd: 0, segmentation: [[100, 100, 150, 100, 150, 150]] },
      { id: 3, image_id: 37777, category_id: 1, bbox: [330, 200, 40, 40], area: 100, iscrowd: 0 },
      { id: 4, image_id: 37777, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 1, segmentation: { counts: [0, 10], size: [230, 352] } },
      { id: 5, image_id: 37777, category_id: 18, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
      { id: 6, image_id: 5, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
    ],
    categories: [
      { id: 1, name: "person", supercategory: "person" },
      { id: 3, name: "car", supercategory: "vehicle" },
      { id: 18, name: "dog", supercategory: "animal" },
    ],
  };

  it("gives each image its boxes and polygons by class name, clipped to the image, and says what it left out", () => {
    const { items, problems } = parseCocoLabels(coco, tasks);
    expect(items).toEqual([
      {
        file: "000000397133.jpg",
        result: [
          { task: "boxes", type: "bbox", label: "car", x: 10, y: 20, width: 30, height: 40 },
          { task: "outline", type: "polygon", label: "person", points: [[100, 100], [150, 100], [150, 150]] },
        ],
      },
      // 330 + 40 reaches past the 352 pixels: clipped to 22 wide, 30 high.
      { file: "000000037777.jpg", result: [{ task: "boxes", type: "bbox", label: "person", x: 330, y: 200, width: 22, height: 30 }] },
    ]);
    expect(problems).toEqual([
      "000000037777.jpg, annotation 4: a crowd region (RLE mask) of \"person\" is not a box or polygon Concord keeps; left out",
      "000000037777.jpg, annotation 5: class \"dog\" is in no box task of the project; left out",
      "annotation 6: no image has id 5",
    ]);
  });

  it("refuses what is not a COCO file, saying where", () => {
    expect(parseCocoLabels({ images: [] }, tasks).problems).toEqual(["not a COCO annotations file: annotations: Invalid input: expected array, received undefined"]);
  });
});

describe("YOLO labels imported (issue 21)", () => {
  it("reads class names from data.yaml as Ultralytics writes it (index: name, comments), as a list, or from classes.txt", () => {
    const ultralytics = "path: coco8 # dataset root dir\ntrain: images/train\nval: images/val\ntest: # optional\n\n# Classes\nnames:\n  0: person\n  1: bicycle\n  2: car # a comment\n  3: \"traffic light\"\n\ndownload: https://example.com/coco8.zip\n";
    expect(parseYoloNames("coco8.yaml", ultralytics)).toEqual(["person", "bicycle", "car", "traffic light"]);
    expect(parseYoloNames("data.yaml", "nc: 2\nnames: ['person', 'car']\n")).toEqual(["person", "car"]);
    expect(parseYoloNames("data.yaml", "names:\n  - person\n  - car\n")).toEqual(["person", "car"]);
    expect(parseYoloNames("classes.txt", "person\r\ncar\r\n")).toEqual(["person", "car"]);
    expect(() => parseYoloNames("data.yaml", "train: images\n")).toThrow("data.yaml has no names");
  });

  it("turns a label file's fractions into pixels of the image, polygons where the class has a polygon task, and says what it left out", () => {
    const text = ["2 0.5 0.5 0.25 0.5", "0 0.1 0.1 0.5 0.1 0.5 0.5", "1 0.5 0.5 0.1 0.1", "2 0.99 0.5 0.1 0.1", "x y", ""].join("\n");
    const { result, problems } = parseYoloLabelFile("000000397133.txt", text, ["person", "bicycle", "car"], tasks, { width: 400, height: 200 });
    expect(result).toEqual([
      { task: "boxes", type: "bbox", label: "car", x: 150, y: 50, width: 100, height: 100 },
      { task: "outline", type: "polygon", label: "person", points: [[40, 20], [200, 20], [200, 100]] },
      // Reaching past the right edge (0.99 + 0.05): clipped to the image.
      { task: "boxes", type: "bbox", label: "car", x: 376, y: 90, width: 24, height: 20 },
    ]);
    expect(problems).toEqual([
      '000000397133.txt, line 3: class "bicycle" is in no box task of the project; left out',
      '000000397133.txt, line 5: "x y" is not a YOLO box (class cx cy w h) or polygon (class x1 y1 x2 y2 ...)',
    ]);
  });
});
