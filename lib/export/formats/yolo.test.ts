import { describe, expect, it } from "vitest";
import {
  shapeClassIndexOf,
  yoloDataYaml,
  yoloLines,
  yoloSplitFolders,
} from ".";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import { imageTasks, imageItem, box, onDisk, polygon, writeFormat } from "./test-items";
import { yoloFormat } from "./yolo";

describe("YOLO", () => {
  const classIndexOf = shapeClassIndexOf(imageTasks);

  it("writes a box as class cx cy w h, normalised by the image size with 6 decimals", () => {
    expect(yoloLines(imageItem([box(100, 50, 200, 100)]), classIndexOf, { polygons: "boxes" })).toBe("0 0.500000 0.500000 0.500000 0.500000\n");
    expect(yoloLines(imageItem([box(0, 0, 100, 30, "dent")]), classIndexOf, { polygons: "boxes" })).toBe("1 0.125000 0.075000 0.250000 0.150000\n");
  });

  it("writes a polygon as its bounding box, or as its normalised points", () => {
    const item = imageItem([polygon([[100, 0], [300, 50], [200, 200]])]);
    expect(yoloLines(item, classIndexOf, { polygons: "boxes" })).toBe("2 0.500000 0.500000 0.500000 1.000000\n");
    expect(yoloLines(item, classIndexOf, { polygons: "segments" })).toBe("2 0.250000 0.000000 0.750000 0.250000 0.500000 1.000000\n");
  });

  it("writes boxes as their four corners among segments, one line per shape", () => {
    const item = imageItem([box(100, 50, 200, 100), polygon([[0, 0], [40, 0], [0, 20]])]);
    expect(yoloLines(item, classIndexOf, { polygons: "segments" })).toBe(
      "0 0.250000 0.250000 0.750000 0.250000 0.750000 0.750000 0.250000 0.750000\n2 0.000000 0.000000 0.100000 0.000000 0.000000 0.100000\n",
    );
  });

  it("clamps a shape a hair past the edge to [0, 1]", () => {
    expect(yoloLines(imageItem([polygon([[-1e-7, 0], [400.0000001, 0], [0, 200]])]), classIndexOf, { polygons: "segments" })).toBe(
      "2 0.000000 0.000000 1.000000 0.000000 0.000000 1.000000\n",
    );
  });

  it("writes an empty label file for an image without shapes, and refuses shapes without an image size", () => {
    expect(yoloLines(imageItem([{ task: "defect", type: "classification", values: ["ok"] }]), classIndexOf, { polygons: "boxes" })).toBe("");
    expect(yoloLines(imageItem(null, { width: null, height: null }), classIndexOf, { polygons: "boxes" })).toBe("");
    expect(() => yoloLines(imageItem([box(0, 0, 1, 1)], { width: null }), classIndexOf, { polygons: "boxes" })).toThrow("photo.png (item1) has shapes but no image size");
  });

  it("writes data.yaml with Ultralytics' train, val and test keys, nc and names by index, quoted", () => {
    expect(yoloDataYaml(["scratch", "yes", "a: b"], yoloSplitFolders(["dev", "train", "test"]).folders)).toBe(
      [
        "# Ultralytics YOLO dataset exported by Concord; paths are relative to this file.",
        'train: "images/train"',
        'val: "images/dev"',
        'test: "images/test"',
        "nc: 3",
        "names:",
        '  0: "scratch"',
        '  1: "yes"',
        '  2: "a: b"',
        "",
      ].join("\n"),
    );
    expect(yoloDataYaml([], yoloSplitFolders(["train"]).folders)).toContain("val: null\nnc: 0\nnames: {}\n");
    // PyYAML's reader refuses a file holding a C1 control, a line or paragraph separator or a BOM, which JSON leaves as they are.
    const escaped = yoloDataYaml(["a\u0085b\u2028c"], yoloSplitFolders(["train"]).folders).match(/^ {2}0: (.*)$/m)![1]!;
    expect(escaped).toBe('"a\\u0085b\\u2028c"');
    expect(JSON.parse(escaped)).toBe("a\u0085b\u2028c");
  });

  it("issue 21: names the dev part alone as val, never the training or test images, and a part without images as null with a note", () => {
    expect(yoloSplitFolders(["train", "dev", "test"])).toEqual({ folders: { train: "train", val: "dev", test: "test" }, notes: [] });
    const noDev = "No dev part: data.yaml's val is empty (Ultralytics then validates on test, if there is one); export with a dev part (split=80,10,10) to validate on held-out images.";
    const noTrain = "No training images: data.yaml's train is empty; export with a train part to train on.";
    expect(yoloSplitFolders(["train", "test"])).toEqual({ folders: { train: "train", val: null, test: "test" }, notes: [noDev] });
    expect(yoloSplitFolders(["all"])).toEqual({ folders: { train: "all", val: null }, notes: [noDev] });
    expect(yoloSplitFolders(["test", "dev"])).toEqual({ folders: { train: null, val: "dev", test: "test" }, notes: [noTrain] });
    expect(yoloSplitFolders([])).toEqual({ folders: { train: null, val: null }, notes: [noTrain, noDev] });
  });

  it("issue 21: writes images under their names and labels under their stems, which Ultralytics' dataset checks read back per split", async () => {
    const items = [
      imageItem([box(100, 50, 200, 100)], { id: "a", fileName: "photo.v2.png" }),
      imageItem([], { id: "b", fileName: "empty.jpg" }),
      imageItem([polygon([[100, 0], [300, 50], [200, 200]])], { id: "c", fileName: "c.png", split: "dev" }),
      imageItem([box(0, 0, 100, 30, "dent")], { id: "d", fileName: "d.webp", split: "test" }),
    ];
    const setup = { tasks: imageTasks, query: exportQuerySchema.parse({ format: "yolo", polygons: "segments" }), metadataKeys: [] };
    const files = writeFormat(yoloFormat, setup, items);
    expect([...files.keys()].filter((name) => !name.endsWith(".yaml")).sort()).toEqual([
      "images/dev/c.png", "images/test/d.webp", "images/train/empty.jpg", "images/train/photo.v2.png",
      "labels/dev/c.txt", "labels/test/d.txt", "labels/train/empty.txt", "labels/train/photo.v2.txt",
    ]);
    const read = await readExport<{ data: Record<string, unknown>; splits: Record<string, Record<string, { labels: number[][]; segments: number[][][] }>> }>("yolo", onDisk(files));
    expect(read.data).toEqual({ train: "images/train", val: "images/dev", test: "images/test", nc: 3, names: { 0: "boxes/scratch", 1: "dent", 2: "outline/scratch" } });
    expect(read.splits.train).toEqual({
      "images/train/empty.jpg": { labels: [], segments: [] },
      "images/train/photo.v2.png": { labels: [[0, 0.5, 0.5, 0.5, 0.5]], segments: [[[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]]] },
    });
    expect(read.splits.val!["images/dev/c.png"]!.labels).toEqual([[2, 0.5, 0.5, 0.5, 1]]);
    expect(Object.keys(read.splits.test!)).toEqual(["images/test/d.webp"]);

    // Without a dev part, val is null (Ultralytics validates on test), not the training images.
    const noDev = writeFormat(yoloFormat, setup, items.filter((item) => item.split !== "dev"));
    expect((await readExport<{ data: Record<string, unknown> }>("yolo", onDisk(noDev))).data).toMatchObject({ train: "images/train", val: null, test: "images/test" });
    expect(noDev.notes).toEqual([expect.stringMatching(/^No dev part/)]);
  });

  it("issue 21: leaves out a GIF (which Ultralytics cannot read), counted so in the manifest", async () => {
    const setup = { tasks: imageTasks, query: exportQuerySchema.parse({ format: "yolo" }), metadataKeys: [] };
    const items = [
      imageItem([box(100, 50, 200, 100)], { id: "a", fileName: "scan.png", mediaPath: "media/a.png" }),
      imageItem([box(100, 50, 200, 100)], { id: "b", fileName: "scan2.JPG", mediaPath: "media/b.jpg" }),
      imageItem([box(100, 50, 200, 100)], { id: "c", fileName: "wave.gif", mediaPath: "media/c.gif" }),
    ];
    const files = writeFormat(yoloFormat, setup, items);
    expect(files.leftOut).toEqual([["c", "a format Ultralytics does not read (GIF)"]]);
    const read = await readExport<{ splits: { train: Record<string, { labels: number[][] }> } }>("yolo", onDisk(files));
    expect(read.splits.train).toEqual({
      "images/train/scan.png": { labels: [[0, 0.5, 0.5, 0.5, 0.5]], segments: [] },
      "images/train/scan2.JPG": { labels: [[0, 0.5, 0.5, 0.5, 0.5]], segments: [] },
    });
  });
});
