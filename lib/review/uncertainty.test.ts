import { describe, expect, it } from "vitest";
import { newProjectSchema } from "@/lib/validation/project";
import { isUncertain, uncertainClassesOf } from "./uncertainty";

// An audio project: speech segments with an uncertainty class, and a transcript, which has none.
const { tasks } = newProjectSchema.parse({
  name: "calls",
  mediaKind: "audio",
  tasks: [
    { key: "speech", type: "segment", classes: ["speech", "music"], uncertainClass: "unclear" },
    { key: "text", type: "transcript" },
  ],
});
const unsure = uncertainClassesOf(tasks);
const segment = (label: string, uncertain?: boolean) => ({ task: "speech", type: "segment" as const, label, start: 0, end: 1, ...(uncertain === undefined ? {} : { uncertain }) });

describe("uncertainty in a labeler's result", () => {
  it("collects the tasks' uncertainty classes", () => {
    expect([...unsure]).toEqual(["unclear"]);
  });

  it("is unsure when an uncertainty class is chosen, or any entry is marked uncertain", () => {
    expect(isUncertain([segment("speech"), segment("unclear")], unsure)).toBe(true);
    expect(isUncertain([segment("music", true)], unsure)).toBe(true);
    expect(isUncertain([{ task: "text", type: "transcript", text: "hello", uncertain: true }], unsure)).toBe(true);
    expect(isUncertain([{ task: "defect", type: "classification", values: ["unclear"] }], unsure)).toBe(true);
  });

  it("is sure otherwise: a transcript's text is not a class", () => {
    expect(isUncertain([segment("speech", false)], unsure)).toBe(false);
    expect(isUncertain([{ task: "text", type: "transcript", text: "unclear" }], unsure)).toBe(false);
    expect(isUncertain([], unsure)).toBe(false);
  });
});
