import { describe, expect, it } from "vitest";
import {
  shapeClassIndexOf,
  yoloDataYaml,
  yoloLines,
  yoloSplitFolders,
} from ".";
import { imageTasks, imageItem, box, polygon } from "./test-items";

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
    expect(yoloDataYaml(["scratch", "yes", "a: b"], yoloSplitFolders(["dev", "train", "test"]))).toBe(
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
    expect(yoloDataYaml([], yoloSplitFolders(["train"]))).toContain("nc: 0\nnames: {}\n");
  });

  it("names for train and val only split folders the export wrote: dev is val, else the held-out test part, else the training images", () => {
    expect(yoloSplitFolders(["train", "dev", "test"])).toEqual({ train: "train", val: "dev", test: "test" });
    expect(yoloSplitFolders(["train", "test"])).toEqual({ train: "train", val: "test", test: "test" });
    expect(yoloSplitFolders(["train", "dev"])).toEqual({ train: "train", val: "dev" });
    expect(yoloSplitFolders(["train"])).toEqual({ train: "train", val: "train" });
    expect(yoloSplitFolders(["all"])).toEqual({ train: "all", val: "all" });
    expect(yoloSplitFolders(["test", "dev"])).toEqual({ train: "dev", val: "dev", test: "test" });
    expect(yoloSplitFolders([])).toEqual({ train: "all", val: "all" });
  });
});
