import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import { newProjectSchema } from "../../validation/project";
import { onDisk, writeFormat, imageItem, imageTasks, box, polygon } from "./test-items";
import { VOC_ROOT, vocFormat, vocBox } from "./voc";

interface VocObject {
  name: string;
  bbox: [number, number, number, number];
  difficult: number;
  mmdetection: number[];
}
interface VocImage {
  id: string;
  filename: string;
  originalName: string;
  concordId: string;
  width: number;
  height: number;
  depth: string;
  objects: VocObject[];
  torchvision: { boxes: number[][]; labels: number[] } | null;
}

const query = exportQuerySchema.parse({ format: "voc" });
const read = (items: Parameters<typeof writeFormat>[2], tasks = imageTasks) =>
  readExport<Record<string, VocImage[]>>("voc", onDisk(writeFormat(vocFormat, { tasks, query, metadataKeys: [] }, items)));

describe("Pascal VOC export (issue 21)", () => {
  it("loads in torchvision's VOCDetection, MMDetection and Detectron2 with every split's boxes, a polygon as its bounds, an uncertain shape difficult", async () => {
    const items = [
      imageItem([box(10, 20, 30, 40), { ...box(0, 0, 400, 200, "dent"), uncertain: true }], { id: "a", fileName: "a.png", originalName: "a.png" }),
      imageItem([polygon([[10, 10], [50, 10], [50, 40]])], { id: "b", fileName: "b.jpg", originalName: "b.jpg", split: "dev" }),
      imageItem([box(1, 1, 5, 5)], { id: "c", fileName: "c.jpeg", originalName: "c.jpeg", split: "test" }),
      imageItem([box(2, 2, 5, 5)], { id: "d", fileName: "d.png", originalName: "d.png", split: "dev" }),
      imageItem([], { id: "e", fileName: "e.png", originalName: "e.png", split: "test" }),
      imageItem([box(3, 3, 5, 5)], { id: "f", fileName: "f.png", originalName: "f.png" }),
    ];
    const sets = await read(items);
    expect(Object.fromEntries(Object.entries(sets).map(([set, images]) => [set, images.map((image) => image.id)]))).toEqual({
      train: ["a", "f"],
      val: ["b", "d"],
      test: ["c", "e"],
      trainval: ["a", "f", "b", "d"],
    });
    const [a] = sets.train!;
    expect(a).toEqual({
      id: "a",
      filename: "a.jpg",
      originalName: "a.png",
      concordId: "a",
      width: 400,
      height: 200,
      depth: "3",
      objects: [
        { name: "scratch", bbox: [10, 20, 40, 60], difficult: 0, mmdetection: [10, 20, 39, 59] },
        { name: "dent", bbox: [0, 0, 400, 200], difficult: 1, mmdetection: [0, 0, 399, 199] },
      ],
      torchvision: { boxes: [[11, 21, 40, 60], [1, 1, 400, 200]], labels: [1, 2] },
    });
    // The polygon task's "scratch" is the box task's class, not another.
    expect(sets.val![0]!.objects).toEqual([{ name: "scratch", bbox: [10, 10, 50, 40], difficult: 0, mmdetection: [10, 10, 49, 39] }]);
    expect(sets.test![1]).toMatchObject({ id: "e", objects: [], torchvision: null });
  });

  it("writes every image as JPEGImages/<stem>.jpg and lists stems Detectron2's loadtxt reads whole: whitespace and # become _, made unique", async () => {
    const items = [
      imageItem([box(1, 1, 5, 5)], { id: "a", fileName: "IMG 01.png", originalName: "IMG 01.png" }),
      imageItem([box(1, 1, 5, 5)], { id: "b", fileName: "IMG_01.jpg", originalName: "IMG_01.jpg" }),
      imageItem([box(1, 1, 5, 5)], { id: "c", fileName: "img#01.JPG", originalName: "img#01.JPG" }),
    ];
    const files = writeFormat(vocFormat, { tasks: imageTasks, query, metadataKeys: [] }, items);
    expect([...files.keys()].filter((name) => name.includes("JPEGImages"))).toEqual(
      ["IMG_01.jpg", "IMG_01_2.jpg", "img_01_3.jpg"].map((name) => `${VOC_ROOT}/JPEGImages/${name}`),
    );
    const sets = await readExport<Record<string, VocImage[]>>("voc", onDisk(files));
    expect(sets.train!.map((image) => [image.id, image.originalName])).toEqual([
      ["IMG_01", "IMG 01.png"],
      ["IMG_01_2", "IMG_01.jpg"],
      ["img_01_3", "img#01.JPG"],
    ]);
  });

  it("writes integer pixel indices that read back within half a pixel, kept within the image", () => {
    expect(vocBox({ x: 10.4, y: 20.6, width: 30.2, height: 10.1 }, 400, 200)).toEqual({ xmin: 11, ymin: 22, xmax: 41, ymax: 31 });
    expect(vocBox({ x: 399.2, y: 199.5, width: 0.8, height: 0.5 }, 400, 200)).toEqual({ xmin: 400, ymin: 200, xmax: 400, ymax: 200 });
  });

  it("notes an image set of one image, which Detectron2's loader cannot read", () => {
    const files = writeFormat(vocFormat, { tasks: imageTasks, query, metadataKeys: [] }, [imageItem([box(1, 1, 10, 10)], { split: "dev" })]);
    expect(files.notes).toEqual([
      "ImageSets/Main/val.txt lists one image, which Detectron2's VOC loader cannot read (numpy reads one line as no list); torchvision and MMDetection can.",
      "ImageSets/Main/trainval.txt lists one image, which Detectron2's VOC loader cannot read (numpy reads one line as no list); torchvision and MMDetection can.",
    ]);
  });

  it("escapes class and file names, and drops what XML cannot hold, so the file parses", async () => {
    const tasks = newProjectSchema.parse({ name: "p", mediaKind: "image", tasks: [{ key: "boxes", type: "bbox", classes: ['A & <B> "c"'] }] }).tasks;
    const items = ["x", "y"].map((id) => imageItem([box(1, 1, 5, 5, 'A & <B> "c"')], { id, fileName: `${id}.png`, originalName: `${id}\u0001 & <x>.png` }));
    const sets = await read(items, tasks);
    expect(sets.train!.map((image) => [image.originalName, image.objects[0]?.name])).toEqual([
      ["x & <x>.png", 'A & <B> "c"'],
      ["y & <x>.png", 'A & <B> "c"'],
    ]);
  });
});
