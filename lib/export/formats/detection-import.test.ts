import { describe, expect, it } from "vitest";
import { newProjectSchema } from "../../validation/project";
import { cocoFormat } from "./coco";
import { parseCocoLabels, parseCvatLabels, parseYoloLabelFile, parseYoloNames } from "./detection-import";
import { imageItem, writeFormat } from "./test-items";

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
      // Two of its labels were left out: an image whose every label was left out is told from an empty one (issue 21).
      { file: "000000037777.jpg", result: [{ task: "boxes", type: "bbox", label: "person", x: 330, y: 200, width: 22, height: 30 }], leftOut: 2 },
    ]);
    expect(problems).toEqual([
      "000000037777.jpg, annotation 4: a crowd region (RLE mask) of \"person\" is not a box or polygon Concord keeps; left out",
      "000000037777.jpg, annotation 5: class \"dog\" is in no box task of the project; left out",
      "annotation 6: no image has id 5",
    ]);
  });

  it("reads Concord's own COCO export back as the labels exported", () => {
    const final = [
      { task: "boxes", type: "bbox" as const, label: "car", x: 5, y: 6, width: 70, height: 80 },
      { task: "outline", type: "polygon" as const, label: "person", points: [[1, 2], [30, 2], [30, 40]] as [number, number][] },
    ];
    const files = writeFormat(cocoFormat, { tasks, query: { format: "coco" } as never, metadataKeys: [] }, [imageItem(final)]);
    const { items, problems } = parseCocoLabels(JSON.parse(files.get("annotations/instances_all.json")!), tasks);
    expect(problems).toEqual([]);
    expect(items).toEqual([{ file: "photo.png", result: final }]);
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

describe("CVAT for images 1.1 labels imported (issue 21)", () => {
  // datumaro's tests/assets/cvat_dataset/for_images/train.xml (MIT License, openvinotoolkit/datumaro), its label
  // meta and skeleton drawing shortened: what CVAT itself exports, with shapes Concord does not draw.
  const cvat = `<annotations>
  <version>1.1</version>
  <meta><task><z_order>True</z_order><mode>annotation</mode><labels><label><name>label1</name></label><label><name>label2</name></label></labels></task></meta>
  <image height="8" id="0" name="img0.jpg" width="8">
    <box label="label1" occluded="1" xbr="4" xtl="0" ybr="4" ytl="2" z_order="1">
      <attribute name="a1">true</attribute>
      <attribute name="a2">v3</attribute>
    </box>
    <polyline label="" points="1.0,2;3,4;5,6;7,8"/>
    <skeleton label="skeleton" occluded="0" source="manual" points="" rotation="0.00" z_order="0">
      <points label="1" occluded="0" source="manual" outside="1" points="1,1" z_order="0"></points>
    </skeleton>
  </image>
  <image height="10" id="1" name="img1.jpg" width="10">
    <polygon label="" points="1,2;3,4;6,5" z_order="1"/>
    <points label="label2" points="1,2;3,4;5,6" z_order="2"/>
  </image>
</annotations>`;
  const cvatTasks = newProjectSchema.parse({
    name: "c",
    mediaKind: "image",
    tasks: [
      { key: "scene", type: "classification", classes: ["indoor", "outdoor"] },
      { key: "boxes", type: "bbox", classes: ["label1", "label2", "car"] },
      { key: "outline", type: "polygon", classes: ["car"] },
    ],
  }).tasks;

  it("reads CVAT's own export: boxes by label, and says which shapes Concord does not keep", () => {
    const { items, problems } = parseCvatLabels(cvat, cvatTasks);
    expect(items).toEqual([
      { file: "img0.jpg", result: [{ task: "boxes", type: "bbox", label: "label1", x: 0, y: 2, width: 4, height: 2 }], leftOut: 2 },
      { file: "img1.jpg", result: [], leftOut: 2 },
    ]);
    expect(problems).toEqual([
      "img0.jpg: 1 polyline shape(s) left out: Concord keeps boxes, polygons and tags",
      "img0.jpg: 1 skeleton shape(s) left out: Concord keeps boxes, polygons and tags",
      "img1.jpg: 1 points shape(s) left out: Concord keeps boxes, polygons and tags",
      'img1.jpg: class "" is in no polygon or box task of the project; a polygon left out',
    ]);
  });

  it("reads polygons, tags as classifications, the uncertain attribute, and clips to the image", () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>
  <image id="0" name="train/photo.png" width="100" height="50" subset="train">
    <polygon label="car" points="10.00,5.00;120.00,5.00;60.00,40.00"><attribute name="uncertain">true</attribute></polygon>
    <box label="car" xtl="90" ytl="10" xbr="130" ybr="20" occluded="0"/>
    <tag label="outdoor"/>
    <tag label="sky"/>
  </image>
</annotations>`;
    const { items, problems } = parseCvatLabels(xml, cvatTasks);
    expect(items).toEqual([
      {
        file: "photo.png",
        result: [
          { task: "boxes", type: "bbox", label: "car", x: 90, y: 10, width: 10, height: 10 },
          { task: "outline", type: "polygon", label: "car", points: [[10, 5], [100, 5], [60, 40]], uncertain: true },
          { task: "scene", type: "classification", values: ["outdoor"] },
        ],
        leftOut: 1,
      },
    ]);
    expect(problems).toEqual(['photo.png: the tag "sky" is a class of no classification task; left out']);
    expect(parseCvatLabels("<annotations><image", cvatTasks).problems[0]).toMatch(/^not XML: /);
  });

  it("expands no entities of a DOCTYPE (a billion laughs stays a name)", () => {
    const laughs = Array.from({ length: 8 }, (_, level) => `<!ENTITY l${level + 1} "${`&l${level};`.repeat(10)}">`).join("");
    const xml = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l0 "lol">${laughs}]><annotations><image name="&l8;" width="1" height="1"/></annotations>`;
    expect(parseCvatLabels(xml, cvatTasks).items).toEqual([{ file: "&l8;", result: [] }]);
  });
});
