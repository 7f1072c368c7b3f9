import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import { hfFormat } from "./hf";
import { audioItem, audioTasks, box, imageItem, imageTasks, onDisk, polygon, segment, writeFormat } from "./test-items";

const query = exportQuerySchema.parse({ format: "hf" });
type Read = Record<string, Record<string, unknown>[]>;

describe("hf (issue 21: Hugging Face imagefolder / audiofolder)", () => {
  it("writes a folder per split with metadata.jsonl (file_name, classes, objects, metadata) that datasets' imagefolder loads with its splits", async () => {
    const items = [
      // Whole-pixel boxes in one split and fractional ones in another: written as 10 and 10.5, pyarrow would type them
      // int64 and double, and datasets would refuse the splits.
      imageItem([box(10, 20, 30, 40), { task: "defect", type: "classification", values: ["scratch", "dent"] }], { id: "a", fileName: "a.png", metadata: { site: "north", count: 3 } }),
      imageItem([], { id: "b", fileName: "b.png", metadata: { site: "south", count: 4 } }),
      imageItem([box(10.5, 20, 30, 40, "dent"), polygon([[0, 0], [4, 0], [4, 3]]), { task: "defect", type: "classification", values: ["dent"] }], { id: "c", fileName: "c.png", split: "dev", metadata: { site: "east", count: 1 } }),
      imageItem([box(1, 1, 2, 2), { task: "defect", type: "classification", values: ["ok"] }], { id: "d", fileName: "d.png", split: "test", metadata: { site: null, count: 2 } }),
    ];
    const files = writeFormat(hfFormat, { tasks: imageTasks, query, metadataKeys: ["count", "site"] }, items);
    expect([...files.keys()].sort()).toEqual(["test/d.png", "test/metadata.jsonl", "train/a.png", "train/b.png", "train/metadata.jsonl", "validation/c.png", "validation/metadata.jsonl"]);
    expect(files.get("train/metadata.jsonl")!.split("\n")[0]).toBe(
      '{"file_name":"a.png","concord_id":"a","original_name":"photo.png","defect":["scratch","dent"],"objects":{"bbox":[[10.0,20.0,30.0,40.0]],"category":["scratch"],"task":["boxes"],"segmentation":[[[10.0,20.0,40.0,20.0,40.0,60.0,10.0,60.0]]]},"metadata":{"count":"3","site":"north"}}',
    );
    expect(files.notes).toEqual([]);

    const read = await readExport<Read>("hf", "imagefolder", onDisk(files));
    expect(Object.keys(read)).toEqual(["train", "validation", "test"]);
    expect(read.train!.map((example) => [example.image, example.concord_id, example.defect])).toEqual([
      ["train/a.png", "a", ["scratch", "dent"]],
      ["train/b.png", "b", []],
    ]);
    expect(read.validation![0]).toEqual({
      image: "validation/c.png",
      concord_id: "c",
      original_name: "photo.png",
      defect: ["dent"],
      objects: { bbox: [[10.5, 20, 30, 40], [0, 0, 4, 3]], category: ["dent", "scratch"], task: ["boxes", "outline"], segmentation: [[[10.5, 20, 40.5, 20, 40.5, 60, 10.5, 60]], [[0, 0, 4, 0, 4, 3]]] },
      metadata: { count: "1", site: "east" },
    });
    expect(read.test!.map((example) => example.metadata)).toEqual([{ count: "2", site: "" }]);
  });

  it("writes an export without a split to train/, so that a file named like a split (test_1.png) stays in it", async () => {
    const items = [imageItem([box(1, 1, 2, 2)], { id: "a", fileName: "test_1.png", split: null }), imageItem([], { id: "b", fileName: "b.png", split: null })];
    const read = await readExport<Read>("hf", "imagefolder", onDisk(writeFormat(hfFormat, { tasks: imageTasks, query, metadataKeys: [] }, items)));
    expect(Object.keys(read)).toEqual(["train"]);
    expect(read.train!.map((example) => [example.image, (example.objects as { category: string[] }).category])).toEqual([["train/test_1.png", ["scratch"]], ["train/b.png", []]]);
  });

  it("puts first in each split a line that gives a column its first value, and says which split has none for a column", async () => {
    const items = [
      imageItem([], { id: "a", fileName: "a.png" }),
      imageItem([box(1, 1, 2, 2)], { id: "b", fileName: "b.png" }),
      imageItem([], { id: "c", fileName: "c.png", split: "test" }),
    ];
    const files = writeFormat(hfFormat, { tasks: imageTasks, query, metadataKeys: [] }, items);
    expect(files.get("train/metadata.jsonl")!.split("\n").map((line) => line && (JSON.parse(line) as { concord_id: string }).concord_id)).toEqual(["b", "a", ""]);
    expect(files.notes).toEqual([
      "test/metadata.jsonl has no value of objects on any line, which datasets then types null, unlike the other splits, and refuses: give load_dataset features= so that the splits agree.",
    ]);
    await expect(readExport("hf", "imagefolder", onDisk(files))).rejects.toThrow(/have different features/);
  });

  it("writes audio with its segments (of every task) and the transcription, which datasets' audiofolder loads", async () => {
    const items = [
      audioItem([segment(1, 2.5, "world"), segment(0, 1, "hello"), segment(3, 4, undefined, "noise")], { id: "a", fileName: "a.wav" }),
      audioItem([{ task: "text", type: "transcript", text: "typed" }, segment(0, 1, "hello")], { id: "b", fileName: "b.wav", split: "dev" }),
    ];
    const read = await readExport<Read>("hf", "audiofolder", onDisk(writeFormat(hfFormat, { tasks: audioTasks, query, metadataKeys: [] }, items)));
    expect(read.train).toEqual([
      {
        audio: "train/a.wav",
        concord_id: "a",
        original_name: "clip.wav",
        segments: { start: [0, 1, 3], end: [1, 2.5, 4], label: ["speech", "speech", "noise"], task: ["speech", "speech", "noise"], transcript: ["hello", "world", ""] },
        text: "",
        transcription: "hello world",
      },
    ]);
    expect(read.validation!.map((example) => [example.text, example.transcription])).toEqual([["typed", "typed"]]);
  });
});
