import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import { rttmFormat } from "./rttm";
import { audioItem, audioTasks, onDisk, segment, writeFormat } from "./test-items";

const setup = { tasks: audioTasks, query: exportQuerySchema.parse({ format: "rttm" }), metadataKeys: [] };
type Read = Record<string, { uris: string[]; turns: Record<string, [number, number, string][]> }>;
const rounded = (turns: Record<string, [number, number, string][]>) =>
  Object.fromEntries(Object.entries(turns).map(([uri, list]) => [uri, list.map(([start, end, label]) => [Math.round(start * 1e6) / 1e6, Math.round(end * 1e6) / 1e6, label])]));

describe("rttm (issue 21: RTTM for pyannote and NeMo)", () => {
  it("writes a SPEAKER line per segment, labels as speakers, per split, with the clips listed and their audio; pyannote and NeMo read it back", async () => {
    const items = [
      audioItem([segment(1.5, 2.25, "hello"), segment(0.1, 0.3, undefined, "noise")], { id: "a", fileName: "call 1.wav", split: "train" }),
      audioItem([], { id: "b", fileName: "quiet.wav", split: "train" }),
      audioItem([segment(0, 4)], { id: "c", fileName: "call_1.mp3", split: "test" }),
    ];
    const files = writeFormat(rttmFormat, setup, items);
    expect(files.get("train.rttm")).toBe("SPEAKER call_1 1 0.1 0.2 <NA> <NA> noise <NA> <NA>\nSPEAKER call_1 1 1.5 0.75 <NA> <NA> speech <NA> <NA>\n");
    expect([...files.keys()].filter((name) => name.startsWith("audio/")).sort()).toEqual(["audio/call_1.wav", "audio/call_1_2.mp3", "audio/quiet.wav"]);
    expect(files.notes).toEqual(["RTTM ids have no spaces and are unique, so 2 clip(s) have a file (and id) renamed: call 1.wav as call_1.wav, call_1.mp3 as call_1_2.mp3."]);

    const read = await readExport<Read>("rttm", onDisk(files));
    expect(Object.keys(read).sort()).toEqual(["test", "train"]);
    expect(read.train!.uris).toEqual(["call_1", "quiet"]);
    expect(rounded(read.train!.turns)).toEqual({ call_1: [[0.1, 0.3, "noise"], [1.5, 2.25, "speech"]] });
    expect(read.test).toEqual({ uris: ["call_1_2"], turns: { call_1_2: [[0, 4, "speech"]] } });
  });

  it("writes a label with spaces as one field, and all.rttm without a split", async () => {
    const tasks = [{ key: "who", type: "segment" as const, classes: [{ name: "Dr Smith" }], required: false, transcript: false }];
    const files = writeFormat(rttmFormat, { ...setup, tasks }, [audioItem([{ task: "who", type: "segment", label: "Dr Smith", start: 0, end: 1 }], { split: null })]);
    expect(files.get("all.rttm")).toBe("SPEAKER clip 1 0 1 <NA> <NA> Dr_Smith <NA> <NA>\n");
    expect(await readExport<Read>("rttm", onDisk(files))).toEqual({ all: { uris: ["clip"], turns: { clip: [[0, 1, "Dr_Smith"]] } } });
  });
});
