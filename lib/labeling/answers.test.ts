import { describe, expect, it } from "vitest";
import { taskSchema, type Task } from "@/lib/validation/project";
import { keyForClass, labelColor, labelForKey, rememberedClass, selectionAfterRemoval, type ShapeTask, toggleUncertain, withClassification, withoutAnswer, withTranscript } from "./answers";

const task = (input: unknown): Task => taskSchema.parse(input);
const defect = task({ key: "defect", type: "classification", classes: ["ok", { name: "scratch", hotkey: "s", color: "#ff0000" }, "dent"], uncertainClass: "borderline" });
const tags = task({ key: "tags", type: "classification", classes: ["noise", "music"], multiple: true });

describe("keys to labels", () => {
  it("picks by hotkey, by position for classes without one, and u for the uncertainty class", () => {
    expect(["1", "S", "3", "u", "2", "9"].map((key) => labelForKey(defect, key))).toEqual(["ok", "scratch", "dent", "borderline", undefined, undefined]);
    expect([0, 1, 2].map((index) => keyForClass(defect, index))).toEqual(["1", "s", "3"]);
  });

  it("has no uncertainty key where the task has no uncertainty class", () => {
    expect(labelForKey(tags, "u")).toBeUndefined();
  });
});

describe("the class of new shapes", () => {
  const boxes = task({ key: "boxes", type: "bbox", classes: ["car", "person"] }) as ShapeTask;

  it("is the class drawn last while the task still has it, else the first class", () => {
    expect(rememberedClass(boxes, "person")).toBe("person");
    expect(rememberedClass(boxes, undefined)).toBe("car");
    expect(rememberedClass(boxes, "bicycle")).toBe("car");
  });
});

describe("answers", () => {
  it("chooses one class, replaces it with another, and keeps it when chosen again (single choice is a radio group)", () => {
    const chosen = withClassification([], defect, "ok");
    expect(chosen).toEqual([{ task: "defect", type: "classification", values: ["ok"] }]);
    expect(withClassification(chosen, defect, "dent")).toEqual([{ task: "defect", type: "classification", values: ["dent"] }]);
    expect(withClassification(chosen, defect, labelForKey(defect, "1")!)).toEqual(chosen);
    expect(withClassification(withClassification(chosen, defect, "ok"), defect, "ok")).toEqual(chosen);
    expect(withoutAnswer(chosen, "defect")).toEqual([]);
  });

  it("toggles classes of a multiple-choice task, by key as by click", () => {
    const both = withClassification(withClassification([], tags, "noise"), tags, "music");
    expect(both).toEqual([{ task: "tags", type: "classification", values: ["noise", "music"] }]);
    const music = withClassification(both, tags, labelForKey(tags, "1")!);
    expect(music).toEqual([{ task: "tags", type: "classification", values: ["music"] }]);
    expect(withClassification(music, tags, "music")).toEqual([]);
  });

  it("keeps the uncertain mark when the answer changes, and drops the field when unmarked", () => {
    const marked = toggleUncertain(withTranscript([], "text", "hello"), 0);
    expect(withTranscript(marked, "text", "hello there")).toEqual([{ task: "text", type: "transcript", text: "hello there", uncertain: true }]);
    expect(toggleUncertain(marked, 0)).toEqual([{ task: "text", type: "transcript", text: "hello" }]);
    expect(withTranscript(marked, "text", "")).toEqual([]);
  });

  it("changes an item-level answer in place, so shapes after it keep their positions", () => {
    const box = { task: "boxes", type: "bbox" as const, label: "cup", x: 1, y: 1, width: 2, height: 2 };
    const answered = withClassification(withTranscript([], "text", "hi"), defect, "ok");
    const withBox = [...answered, box];
    expect(withClassification(withBox, defect, "dent").indexOf(box)).toBe(2);
    expect(withTranscript(withBox, "text", "hi there").indexOf(box)).toBe(2);
    expect(withoutAnswer(withBox, "defect")).toEqual([answered[0], box]);
  });

  it("keeps the selection on the same entry when an earlier one is removed", () => {
    expect([selectionAfterRemoval(3, 1), selectionAfterRemoval(3, 3), selectionAfterRemoval(1, 3), selectionAfterRemoval(null, 0)]).toEqual([2, null, 1, null]);
  });

  it("colours labels by their class colour, else by position", () => {
    expect([labelColor(defect, "scratch"), labelColor(defect, "ok"), labelColor(defect, "borderline")]).toEqual(["#ff0000", "#e6194b", "#64748b"]);
  });
});
