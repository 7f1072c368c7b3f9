import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import type { ResultEntry } from "../../validation/annotation";
import { exportQuerySchema } from "../../validation/export";
import { labelStudioFormat, labelStudioTask, parseLabelStudioExport, resolveAnnotation, type LabelStudioTask } from ".";
import { imageTasks, audioTasks, annotation, imageItem, audioItem, box, polygon, segment, decisionOf, onDisk, writeFormat } from "./test-items";

describe("Label Studio", () => {
  const imageResult: ResultEntry[] = [
    { task: "defect", type: "classification", values: ["scratch", "borderline"] },
    { ...box(100, 50, 200, 100), uncertain: true },
    box(1.234, 5.678, 9.1011, 12.1314, "dent"),
    polygon([[0, 0], [123.456, 0], [400, 200]]),
  ];
  const audioResult: ResultEntry[] = [
    segment(0.25, 1.5, "hello there"),
    { ...segment(1.75, 2.125, undefined, "noise"), uncertain: true },
    { task: "text", type: "transcript", text: "hello there\n[unintelligible]" },
  ];

  it("writes boxes and polygons in percent of the image, with the original size, choices as they are", () => {
    const task = labelStudioTask(imageItem(imageResult), imageTasks, "https://host/media/abc.png", "all");
    expect(task.data).toEqual({ image: "https://host/media/abc.png", concord_id: "item1", concord_split: "train" });
    expect(task.annotations.map((written) => written.ground_truth)).toEqual([false, false]); // said, never left to a default
    expect(task.annotations).toHaveLength(2);
    const [first] = task.annotations;
    expect(first?.completed_by).toEqual({ id: "u1", email: "u1@example.com", first_name: "Name u1" });
    // A labeler deleted since has no email: no completed_by rather than one Label Studio's import refuses.
    const deleted = { ...annotation("gone", imageResult), labeler: { id: "gone", name: "", email: "" } };
    expect(labelStudioTask(imageItem(imageResult, { annotations: [deleted] }), imageTasks, "/m/abc.png", "all").annotations[0]).not.toHaveProperty("completed_by");
    expect([first?.created_at, first?.lead_time]).toEqual(["2025-01-02T03:04:05.000Z", 12.5]);
    expect(first?.result[0]).toEqual({ id: "r0", from_name: "defect", to_name: "image", type: "choices", value: { choices: ["scratch", "borderline"] } });
    expect(first?.result[1]).toEqual({
      id: "r1",
      from_name: "boxes",
      to_name: "image",
      meta: { text: ["uncertain"] },
      type: "rectanglelabels",
      original_width: 400,
      original_height: 200,
      image_rotation: 0,
      value: { x: 25, y: 25, width: 50, height: 50, rotation: 0, rectanglelabels: ["scratch"] },
    });
    expect(first?.result[3]?.value).toEqual({ points: [[0, 0], [expect.closeTo(30.864, 9), 0], [100, 100]], polygonlabels: ["scratch"], closed: true });
  });

  it("writes audio segments in seconds, a segment's transcript as per-region text sharing its id, and the clip transcript", () => {
    const task = labelStudioTask(audioItem(audioResult, { split: null }), audioTasks, "/files/def.wav", "all");
    expect(task.data).toEqual({ audio: "/files/def.wav", concord_id: "item1", concord_split: null });
    expect(task.annotations[0]?.result).toEqual([
      { id: "r0", from_name: "speech", to_name: "audio", type: "labels", value: { start: 0.25, end: 1.5, channel: 0, labels: ["speech"] } },
      { id: "r0", from_name: "speech_transcript", to_name: "audio", type: "textarea", value: { start: 0.25, end: 1.5, channel: 0, text: ["hello there"] } },
      { id: "r1", from_name: "noise", to_name: "audio", meta: { text: ["uncertain"] }, type: "labels", value: { start: 1.75, end: 2.125, channel: 0, labels: ["noise"] } },
      { id: "r2", from_name: "text", to_name: "audio", type: "textarea", value: { text: ["hello there\n[unintelligible]"] } },
    ]);
  });

  it("leaves out entries of tasks the project no longer has", () => {
    const task = labelStudioTask(imageItem([box(0, 0, 1, 1), { task: "gone", type: "classification", values: ["x"] }]), imageTasks, "u", "all");
    expect(task.annotations[0]?.result.map((result) => result.from_name)).toEqual(["boxes"]);
  });

  describe("with labels= final, consensus or gold: the item's label as its one annotation", () => {
    const gold = [box(10, 10, 20, 20)];
    const decision = { ...decisionOf("edit", gold), reason: "tighter", category: null };
    const resolved = imageItem(gold, { review: { ...imageItem(gold).review, state: "resolved", decisions: [decision] } });

    it("gives a gold label to the reviewer who decided it, at their decision, as ground truth, and it reads back as theirs", () => {
      for (const labels of ["final", "gold"] as const) {
        const task = labelStudioTask(resolved, imageTasks, "/m/abc.png", labels);
        expect(task.annotations).toEqual([
          { completed_by: { id: "r1", email: "rita@example.com", first_name: "Rita Reviewer" }, created_at: "2025-01-03T00:00:00.000Z", lead_time: 0, ground_truth: true, result: [expect.objectContaining({ type: "rectanglelabels" })] },
        ]);
      }
    });

    it("gives a consensus (final of an accepted item, or labels=consensus) to no person (no completed_by, which Label Studio refuses without an email), and an empty one as an annotation without results", () => {
      const consensus = [box(0, 0, 5, 5)];
      for (const [item, labels] of [
        [imageItem(consensus), "final"],
        [{ ...resolved, final: consensus }, "consensus"],
      ] as const) {
        const [only, ...rest] = labelStudioTask(item, imageTasks, "/m/abc.png", labels).annotations;
        expect(rest).toEqual([]);
        expect(only).toEqual({ lead_time: 0, ground_truth: false, result: [expect.objectContaining({ value: expect.objectContaining({ x: 0, width: 1.25 }) })] });
      }
      expect(labelStudioTask(imageItem([]), imageTasks, "/m/abc.png", "final").annotations).toEqual([{ lead_time: 0, ground_truth: false, result: [] }]);
    });

    it("writes no annotation for an item without that label, and never the labelers' own", () => {
      expect(labelStudioTask(imageItem(null, { annotations: [annotation("u1", gold)] }), imageTasks, "/m/abc.png", "gold").annotations).toEqual([]);
    });
  });

  describe("the export as Label Studio and label-studio-converter load it (issue 21)", () => {
    const gold = [{ task: "defect", type: "classification", values: ["dent"] }, box(10, 10, 20, 20, "dent")] satisfies ResultEntry[];
    const resolved = imageItem(imageResult, {
      id: "item2",
      fileName: "photo (2).png",
      metadata: { camera: "north", exposure: 0.5, image: "clashes with the media key" },
      review: { ...imageItem(imageResult).review, state: "resolved", decisions: [{ ...decisionOf("edit", gold), reason: "tighter", category: null }] },
    });
    const items = [imageItem(imageResult), resolved, imageItem(null, { id: "item3", fileName: "empty.png" })];
    const exported = (labels: "all" | "final", written = items) => writeFormat(labelStudioFormat, { tasks: imageTasks, query: exportQuerySchema.parse({ format: "label-studio", labels }), metadataKeys: [] }, written);

    it("numbers every task across pages, brings the media under their original names, and carries metadata in the task data", () => {
      const files = exported("all");
      expect([...files.keys()].sort()).toEqual(["label_config.xml", "media/empty.png", "media/photo (2).png", "media/photo.png", "tasks.json"]);
      const tasks = JSON.parse(files.get("tasks.json")!) as LabelStudioTask[];
      expect(tasks.map((task) => task.id)).toEqual([1, 2, 3]);
      expect(tasks[1]!.data).toEqual({ image: "/data/local-files/?d=media/photo%20(2).png", concord_id: "item2", concord_split: "train", camera: "north", exposure: 0.5 });
      expect(tasks[1]!.meta).toEqual({ image: "clashes with the media key" });
    });

    it("sets ground_truth on the gold label alone, which labels=all writes beside the labelers' annotations", () => {
      const [, task] = JSON.parse(exported("all").get("tasks.json")!) as LabelStudioTask[];
      expect(task!.annotations.map((written) => [written.completed_by?.email, written.ground_truth])).toEqual([
        ["u1@example.com", false],
        ["u2@example.com", false],
        ["rita@example.com", true],
      ]);
      const [, finalTask] = JSON.parse(exported("final").get("tasks.json")!) as LabelStudioTask[];
      expect(finalTask!.annotations.map((written) => written.ground_truth)).toEqual([true]);
    });

    it("loads in label-studio-converter as written: every task's id, every result's control in label_config.xml, the classes and uncertainty class as its labels", async () => {
      type Read = { categories: { id: number; name: string }[]; dataKeys: string[]; unmatchedControls: string[]; items: { id: number; annotator: string | null; output: Record<string, { type: string }[]> }[] };
      const read = await readExport<Read>("label_studio_converter", onDisk(exported("all")));
      expect(read.dataKeys).toEqual(["image"]);
      expect(read.unmatchedControls).toEqual([]);
      expect(read.categories.map((category) => category.name)).toEqual(["borderline", "dent", "ok", "scratch"]);
      // Newest first per task, as the converter sorts them; a task without annotations is read with none.
      expect(read.items.map((item) => [item.id, item.annotator, Object.keys(item.output).sort()])).toEqual([
        [1, "u1@example.com", ["boxes", "defect", "outline"]],
        [1, "u2@example.com", ["boxes", "defect", "outline"]],
        [2, "rita@example.com", ["boxes", "defect"]],
        [2, "u1@example.com", ["boxes", "defect", "outline"]],
        [2, "u2@example.com", ["boxes", "defect", "outline"]],
        [3, null, []],
      ]);
      const audio = writeFormat(labelStudioFormat, { tasks: audioTasks, query: exportQuerySchema.parse({ format: "label-studio", labels: "all" }), metadataKeys: [] }, [audioItem(audioResult)]);
      const heard = await readExport<Read>("label_studio_converter", onDisk(audio));
      expect([heard.dataKeys, heard.unmatchedControls]).toEqual([["audio"], []]);
      expect(Object.keys(heard.items[0]!.output).sort()).toEqual(["noise", "speech", "speech_transcript", "text"]);
    });

    it("reads back through Concord's import: same labels, the gold label as ground truth, metadata and the original name", () => {
      const { items: read, problems } = parseLabelStudioExport(JSON.parse(exported("all").get("tasks.json")!), imageTasks);
      expect(problems).toEqual([]);
      const [, second] = read;
      expect(second!.file).toBe("photo (2).png");
      expect(second!.metadata).toEqual({ image: "clashes with the media key", camera: "north", exposure: 0.5 });
      const goldRead = second!.annotations.find((written) => written.groundTruth)!;
      expect(resolveAnnotation(goldRead, imageTasks, { width: 400, height: 200 }, false)).toEqual({ result: gold, leftOut: [] });
    });
  });
});
