import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../../validation/annotation";
import {
  labelStudioTask,
  parseLabelStudioExport,
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

  // Numbers within 0.005 px or s of the original.
  const approximately = (value: unknown): unknown =>
    typeof value === "number" ? expect.closeTo(value, 2) : Array.isArray(value) ? value.map(approximately) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, approximately(inner)])) : value;

  it.each([
    ["image", imageItem(imageResult), imageTasks, imageResult],
    ["audio", audioItem(audioResult), audioTasks, audioResult],
  ] as const)("round-trips %s results through Label Studio within 0.01 px", (_, item, tasks, result) => {
    const exported = JSON.parse(JSON.stringify([labelStudioTask(item, tasks, "https://host/media/a%20b.png?sig=1", "all")])) as unknown;
    const { items, problems } = parseLabelStudioExport(exported, tasks);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        file: "a b.png",
        annotations: [
          // When and for how long each labeler worked comes back too.
          { completedBy: "u1@example.com", createdAt: "2025-01-02T03:04:05.000Z", leadTimeSeconds: 12.5, result: approximately(result) },
          { completedBy: "u2@example.com", createdAt: "2025-01-02T03:04:05.000Z", leadTimeSeconds: 12.5, result: approximately(result) },
        ],
      },
    ]);
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
        const { items, problems } = parseLabelStudioExport(JSON.parse(JSON.stringify([task])), imageTasks);
        expect(problems).toEqual([]);
        expect(items[0]?.annotations).toEqual([{ completedBy: "rita@example.com", createdAt: "2025-01-03T00:00:00.000Z", leadTimeSeconds: 0, result: gold }]);
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

  it("reads a task's concord_split and other data fields Label Studio or Concord add without complaint", () => {
    const exported = [{ data: { image: "/m/abc.png", concord_id: "item1", concord_split: "dev", anything: { nested: true } }, annotations: [] }];
    expect(parseLabelStudioExport(exported, imageTasks)).toEqual({ items: [{ file: "abc.png", annotations: [] }], problems: [] });
  });

  it("reads Label Studio's own exports: any control name for the only task of its type, numeric annotators, local-files URLs", () => {
    const exported = [
      {
        id: 1,
        data: { image: "/data/local-files/?d=images/photo%201.png" },
        annotations: [
          {
            completed_by: 10,
            result: [
              { id: "x1", from_name: "label", to_name: "img", type: "rectanglelabels", origin: "manual", original_width: 400, original_height: 200, value: { x: 10, y: 10, width: 20, height: 20, rotation: 0, rectanglelabels: ["dent"] } },
              { from_name: "choice", to_name: "img", type: "choices", value: { choices: ["ok"] } },
            ],
          },
          { completed_by: 11, was_cancelled: true, result: [] },
        ],
        predictions: [{ result: [] }],
      },
    ];
    expect(parseLabelStudioExport(exported, imageTasks)).toEqual({
      items: [
        {
          file: "photo 1.png",
          annotations: [
            {
              completedBy: "10",
              createdAt: null,
              leadTimeSeconds: null,
              result: [
                { task: "boxes", type: "bbox", label: "dent", x: 40, y: 20, width: 80, height: 40 },
                { task: "defect", type: "classification", values: ["ok"] },
              ],
            },
          ],
        },
      ],
      problems: [],
    });
  });

  it("leaves out and reports what it cannot convert or the project refuses, keeping the rest", () => {
    const rectangle = (value: object) => ({ from_name: "boxes", type: "rectanglelabels", original_width: 400, original_height: 200, value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ["dent"], ...value } });
    const exported = [
      {
        data: { image: "a.png" },
        annotations: [
          {
            completed_by: { id: 3, email: "c@example.com" },
            result: [
              rectangle({ rotation: 30 }),
              rectangle({ rectanglelabels: ["crack"] }),
              rectangle({ rectanglelabels: ["dent", "scratch"] }),
              rectangle({ x: 95 }),
              rectangle({}),
              { type: "keypointlabels", from_name: "kp", value: {} },
              { id: "r", from_name: "text", type: "textarea", value: { text: ["hi"] } },
              { type: "relation", from_id: "a", to_id: "b" },
            ],
          },
        ],
      },
      { data: { text: "no media" } },
      "not a task",
    ];
    const { items, problems } = parseLabelStudioExport(exported, imageTasks);
    expect(items).toEqual([{ file: "a.png", annotations: [{ completedBy: "c@example.com", createdAt: null, leadTimeSeconds: null, result: [{ task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 40, height: 20 }] }] }]);
    expect(problems).toEqual([
      "task 1 (a.png), annotation 1: result 1: value.rotation: rotated boxes are not supported",
      "task 1 (a.png), annotation 1: result 3: value.rectanglelabels: Concord takes exactly one label per region",
      'task 1 (a.png), annotation 1: result 6: unsupported result type "keypointlabels"',
      'task 1 (a.png), annotation 1: result 8: unsupported result type "relation"',
      'task 1 (a.png), annotation 1: no transcript task or segment matches the text of "text"',
      'task 1 (a.png), annotation 1: boxes: "crack" is not a class of task "boxes" (scratch, dent)',
      "task 1 (a.png), annotation 1: boxes: the box must lie within the image width (0–400 px)",
      "task 2: data has no image or audio URL",
      "task 3: Invalid input: expected object, received string",
    ]);
  });

  it("keeps a past answer that leaves a required task unanswered, but leaves out and reports boxes and polygons without area", () => {
    const sized = { original_width: 400, original_height: 200 };
    const exported = [
      {
        data: { image: "a.png" },
        annotations: [
          { completed_by: 1, result: [] },
          {
            completed_by: 2,
            result: [
              { from_name: "boxes", type: "rectanglelabels", ...sized, value: { x: 0, y: 0, width: 0.0001, height: 10, rectanglelabels: ["dent"] } },
              { from_name: "outline", type: "polygonlabels", ...sized, value: { points: [[0, 0], [10, 10], [10, 0], [0, 10]], polygonlabels: ["scratch"] } },
              { from_name: "boxes", type: "rectanglelabels", ...sized, value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ["dent"] } },
            ],
          },
        ],
      },
    ];
    const { items, problems } = parseLabelStudioExport(exported, imageTasks);
    expect(imageTasks.find((task) => task.key === "defect")?.required).toBe(true);
    expect(items[0]?.annotations.map((annotation) => annotation.result)).toEqual([[], [{ task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 40, height: 20 }]]);
    expect(problems).toEqual([
      'task 1 (a.png), annotation 2: boxes: box "dent" of task "boxes" is 0.0004 × 20 px; a box must be at least 1 px wide and 1 px high: draw it larger, or delete it',
      'task 1 (a.png), annotation 2: outline: polygon "scratch" of task "outline" crosses itself at (20, 10), where edges 1–2 and 3–4 meet: move a point so that the outline neither crosses nor touches itself, or draw two polygons',
    ]);
  });

  it("reports a control it cannot tell apart from others of its type", () => {
    const exported = [{ data: { audio: "c.wav" }, annotations: [{ result: [{ from_name: "region", type: "labels", value: { start: 0, end: 1, labels: ["noise"] } }] }] }];
    expect(parseLabelStudioExport(exported, audioTasks)).toEqual({
      items: [{ file: "c.wav", annotations: [{ completedBy: "", createdAt: null, leadTimeSeconds: null, result: [] }] }],
      problems: ['task 1 (c.wav), annotation 1: no segment task matches the control "region"'],
    });
  });

  it("refuses anything but an array of tasks", () => {
    expect(parseLabelStudioExport({ tasks: [] }, imageTasks)).toEqual({ items: [], problems: ["a Label Studio JSON export is an array of tasks"] });
  });
});
