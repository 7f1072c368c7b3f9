import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import { audioItem, audioTasks, onDisk, segment, writeFormat } from "./test-items";
import { textGridFormat } from "./textgrid";

const setup = { tasks: audioTasks, query: exportQuerySchema.parse({ format: "textgrid" }), metadataKeys: [] };
interface Read {
  xmin: number;
  xmax: number;
  tiers: { name: string; intervals: [number, number, string][] }[];
  audio: string[];
}

describe("textgrid (issue 21: Praat TextGrid)", () => {
  it("writes a tier of labels and one of transcripts per segment task, one per transcript task, covering the clip; the textgrid package reads it back", async () => {
    const items = [
      audioItem(
        [
          segment(0.5, 1.25, 'she said "hi"\nthen left'),
          segment(1, 2, "overlapping"),
          segment(3, 4.0005, "to the end"),
          segment(0.1, 0.3, undefined, "noise"),
          { task: "text", type: "transcript", text: "the whole clip" },
        ],
        { id: "a", fileName: "call.wav", split: "train" },
      ),
      audioItem([], { id: "b", fileName: "quiet.mp3", split: "train" }),
    ];
    const files = writeFormat(textGridFormat, setup, items);
    expect([...files.keys()].sort()).toEqual(["train/call.TextGrid", "train/call.wav", "train/quiet.TextGrid", "train/quiet.mp3"]);
    expect(files.get("train/call.TextGrid")).toContain('File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0 \nxmax = 4 \ntiers? <exists> \nsize = 6 \n');

    const read = await readExport<Record<string, Read>>("textgrid", onDisk(files));
    const call = read["train/call.TextGrid"]!;
    expect(call.audio).toEqual(["call.wav"]);
    expect(call.tiers).toEqual([
      { name: "speech", intervals: [[0, 0.5, ""], [0.5, 1.25, "speech"], [1.25, 3, ""], [3, 4, "speech"]] },
      { name: "speech/transcript", intervals: [[0, 0.5, ""], [0.5, 1.25, 'she said "hi"\nthen left'], [1.25, 3, ""], [3, 4, "to the end"]] },
      { name: "speech 2", intervals: [[0, 1, ""], [1, 2, "speech"], [2, 4, ""]] },
      { name: "speech 2/transcript", intervals: [[0, 1, ""], [1, 2, "overlapping"], [2, 4, ""]] },
      { name: "noise", intervals: [[0, 0.1, ""], [0.1, 0.3, "noise"], [0.3, 4, ""]] },
      { name: "text", intervals: [[0, 4, "the whole clip"]] },
    ]);
    // A clip labeled "nothing here" keeps its tiers, each one empty interval.
    expect(read["train/quiet.TextGrid"]!.tiers.map((tier) => [tier.name, tier.intervals])).toEqual([
      ["speech", [[0, 4, ""]]],
      ["speech/transcript", [[0, 4, ""]]],
      ["noise", [[0, 4, ""]]],
      ["text", [[0, 4, ""]]],
    ]);
  });

  it("leaves out a clip without a duration, counted so in the manifest, and writes all/ without a split", () => {
    const files = writeFormat(textGridFormat, setup, [audioItem([segment(0, 1)], { durationSeconds: null }), audioItem([segment(0, 1)], { id: "b", fileName: "b.wav", split: null })]);
    expect([...files.keys()].sort()).toEqual(["all/b.TextGrid", "all/b.wav"]);
    expect(files.leftOut).toEqual([["item1", "no duration, which a TextGrid needs"]]);
  });
});
