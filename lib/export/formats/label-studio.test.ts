import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../../validation/annotation";
import {
  labelStudioTask,
} from ".";
import { imageTasks, audioTasks, annotation, imageItem, audioItem, box, polygon, segment, decisionOf } from "./test-items";

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
        expect(only).toEqual({ lead_time: 0, result: [expect.objectContaining({ value: expect.objectContaining({ x: 0, width: 1.25 }) })] });
      }
      expect(labelStudioTask(imageItem([]), imageTasks, "/m/abc.png", "final").annotations).toEqual([{ lead_time: 0, result: [] }]);
    });

    it("writes no annotation for an item without that label, and never the labelers' own", () => {
      expect(labelStudioTask(imageItem(null, { annotations: [annotation("u1", gold)] }), imageTasks, "/m/abc.png", "gold").annotations).toEqual([]);
    });
  });
});
