import { describe, expect, it } from "vitest";
import { answerText, outcomeText } from "./answer-text";

describe("an answer in words", () => {
  it("names classes with the model's score, and counts shapes per label with theirs", () => {
    expect(answerText([{ task: "defect", type: "classification", values: ["ok"], score: 0.62 }])).toBe("ok (0.62)");
    expect(answerText([{ task: "defect", type: "classification", values: ["scratch", "dent"] }])).toBe("scratch + dent");
    const box = (label: string, score?: number) => ({ task: "objects", type: "bbox" as const, label, x: 0, y: 0, width: 1, height: 1, ...(score === undefined ? {} : { score }) });
    expect(answerText([box("scratch", 0.9), box("dent"), box("scratch", 0.4)])).toBe("scratch ×2 (0.90, 0.40), dent");
    expect(answerText([{ task: "text", type: "transcript", text: " turn on the lights " }])).toBe("“turn on the lights”");
    expect(answerText([])).toBe("nothing");
  });

  it("says an outcome, with the item's own figure for the tasks scored by more than right or wrong", () => {
    expect(outcomeText({ type: "classification" }, { measure: 0, error: true })).toBe("error");
    expect(outcomeText({ type: "bbox" }, { measure: 0.5, error: true })).toBe("error · matched F1 at IoU 0.5: 0.50");
    expect(outcomeText({ type: "transcript" }, { measure: 1, error: false })).toBe("correct · 1 − WER: 1.00");
  });
});
