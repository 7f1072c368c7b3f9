import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import {
  asrManifestLines,
  asrManifestFormat,
} from ".";
import { audioItem, audioTasks, onDisk, segment, writeFormat } from "./test-items";

describe("ASR manifest (NeMo)", () => {
  const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as unknown);

  it("per clip: offset 0, the clip's duration and the transcript task's text", () => {
    const item = audioItem([segment(0, 1, "ignored"), { task: "text", type: "transcript", text: "hello world" }], { durationSeconds: 3.25 });
    expect(asrManifestLines(item, { per: "clip" })).toEqual(['{"audio_filepath":"audio/clip.wav","offset":0,"duration":3.25,"text":"hello world","split":"train"}']);
  });

  it("per clip without a transcript task: the segment transcripts joined in time order", () => {
    const item = audioItem([segment(2, 3, "world"), segment(0.5, 1.5, "hello"), segment(1.5, 2, undefined, "noise")]);
    expect(parse(asrManifestLines(item, { per: "clip" }))).toEqual([{ audio_filepath: "audio/clip.wav", offset: 0, duration: 4, text: "hello world", split: "train" }]);
  });

  it("per segment: a line per transcribed segment, offset its start and duration its length", () => {
    const item = audioItem([segment(1.1, 1.4, "b"), segment(0.1, 0.3, "a"), segment(0, 1, undefined, "noise"), { task: "text", type: "transcript", text: "a b" }]);
    expect(parse(asrManifestLines(item, { per: "segment" }))).toEqual([
      { audio_filepath: "audio/clip.wav", offset: 0.1, duration: 0.2, text: "a", split: "train" },
      { audio_filepath: "audio/clip.wav", offset: 1.1, duration: 0.3, text: "b", split: "train" },
    ]);
    expect(parse(asrManifestLines({ ...item, split: null }, { per: "segment" }))).toContainEqual(expect.objectContaining({ text: "a", split: null }));
  });

  it("writes no line without any transcript, but one for an empty transcript (silence)", () => {
    expect(asrManifestLines(audioItem([segment(0, 1, undefined, "noise")]), { per: "clip" })).toEqual([]);
    expect(asrManifestLines(audioItem(null), { per: "clip" })).toEqual([]);
    expect(parse(asrManifestLines(audioItem([{ task: "text", type: "transcript", text: "" }]), { per: "clip" }))).toEqual([{ audio_filepath: "audio/clip.wav", offset: 0, duration: 4, text: "", split: "train" }]);
  });

  it("refuses a transcribed clip without a duration", () => {
    expect(() => asrManifestLines(audioItem([segment(0, 1, "a")], { durationSeconds: null }), { per: "clip" })).toThrow("clip.wav (item1) has a transcript but no duration");
  });

  it("issue 21: writes a manifest per split (train_manifest.json, ...) with the clips under audio/ by name, which NeMo's manifest reader loads", async () => {
    const items = [
      audioItem([{ task: "text", type: "transcript", text: "one" }], { id: "a", fileName: "one.wav" }),
      audioItem([segment(0, 1, "two")], { id: "b", fileName: "two.mp3", split: "dev", durationSeconds: 2.5 }),
      audioItem([segment(0, 1, undefined, "noise")], { id: "c", fileName: "three.wav", split: "test" }),
    ];
    const files = writeFormat(asrManifestFormat, { tasks: audioTasks, query: exportQuerySchema.parse({ format: "asr-manifest" }), metadataKeys: [] }, items);
    expect([...files.keys()].sort()).toEqual(["audio/one.wav", "audio/two.mp3", "dev_manifest.json", "train_manifest.json"]);
    expect(files.notes).toEqual(["No clip of test has a transcript: no test_manifest.json."]);
    expect(await readExport("nemo_manifest", onDisk(files), "train_manifest.json", "dev_manifest.json")).toEqual({
      "train_manifest.json": [{ audio_file: "audio/one.wav", duration: 4, offset: 0, text: "one" }],
      "dev_manifest.json": [{ audio_file: "audio/two.mp3", duration: 2.5, offset: 0, text: "two" }],
    });
    const unsplit = writeFormat(asrManifestFormat, { tasks: audioTasks, query: exportQuerySchema.parse({ format: "asr-manifest" }), metadataKeys: [] }, [{ ...items[0]!, split: null }]);
    expect([...unsplit.keys()].sort()).toEqual(["all_manifest.json", "audio/one.wav"]);
  });
});
