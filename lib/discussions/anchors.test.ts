import { describe, expect, it } from "vitest";
import { anchorProblem, describeAnchor } from "./anchors";

const imageTasks = [
  { key: "scene", type: "classification" as const },
  { key: "objects", type: "bbox" as const },
];
const audioTasks = [{ key: "speech", type: "segment" as const }];

describe("anchorProblem", () => {
  it("accepts a shape of a bbox task, a segment of a segment task and a time in audio", () => {
    expect(anchorProblem({ task: "objects", kind: "shape", index: 2 }, imageTasks, "image")).toBeNull();
    expect(anchorProblem({ task: "speech", kind: "segment", index: 0 }, audioTasks, "audio")).toBeNull();
    expect(anchorProblem({ task: "speech", kind: "time", startMs: 1200 }, audioTasks, "audio")).toBeNull();
  });

  it("names the task that is missing or holds no such thing", () => {
    expect(anchorProblem({ task: "cars", kind: "shape", index: 0 }, imageTasks, "image")).toBe('anchor.task: this project has no task "cars"');
    expect(anchorProblem({ task: "scene", kind: "shape", index: 0 }, imageTasks, "image")).toBe('anchor.kind: task "scene" has no shapes (it is a classification task)');
    expect(anchorProblem({ task: "objects", kind: "segment", index: 0 }, imageTasks, "image")).toBe('anchor.kind: task "objects" has no segments (it is a bbox task)');
    expect(anchorProblem({ task: "objects", kind: "time", startMs: 0 }, imageTasks, "image")).toBe("anchor.kind: a time anchor needs audio; this project labels images");
  });
});

describe("describeAnchor", () => {
  it("counts shapes and segments from 1 and writes times as m:ss.d", () => {
    expect(describeAnchor({ task: "objects", kind: "shape", index: 2 })).toBe("objects: shape 3");
    expect(describeAnchor({ task: "speech", kind: "segment", index: 0, startMs: 4000, endMs: 6500 })).toBe("speech: segment 1 at 0:04.0–0:06.5");
    expect(describeAnchor({ task: "speech", kind: "time", startMs: 65_200 })).toBe("speech: at 1:05.2");
  });
});
