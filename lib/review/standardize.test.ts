import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../validation/annotation";
import { standardizationSchema, standardizeResult, standardizeTranscript } from "./standardize";

const rules = standardizationSchema.parse({
  classMerges: [
    { task: "defect", from: ["deep scratch", "shallow scratch"], to: "scratch" },
    { task: "boxes", from: ["mug"], to: "cup" },
  ],
  transcriptRules: [{ from: "umm", to: "um" }, { from: "gonna", to: "going to" }, { from: "OK", to: "okay", caseSensitive: true }],
});

describe("standardization", () => {
  it("merges class variants, keeping one value where two merged into the same", () => {
    const result: ResultEntry[] = [
      { task: "defect", type: "classification", values: ["deep scratch", "shallow scratch", "dent"] },
      { task: "boxes", type: "bbox", label: "mug", x: 1, y: 2, width: 3, height: 4, uncertain: true },
      { task: "other", type: "bbox", label: "mug", x: 1, y: 2, width: 3, height: 4 },
    ];
    expect(standardizeResult(result, rules)).toEqual([
      { task: "defect", type: "classification", values: ["scratch", "dent"] },
      { task: "boxes", type: "bbox", label: "cup", x: 1, y: 2, width: 3, height: 4, uncertain: true },
      { task: "other", type: "bbox", label: "mug", x: 1, y: 2, width: 3, height: 4 },
    ]);
  });

  it("rewrites whole words in transcripts, case-insensitively unless told, and leaves the input untouched", () => {
    expect(standardizeTranscript("Umm I'm gonna go, umm… OK ok", rules.transcriptRules)).toBe("um I'm going to go, um… okay ok");
    expect(standardizeTranscript("Ummmm summit gonnabe", rules.transcriptRules)).toBe("Ummmm summit gonnabe");
    const segment: ResultEntry = { task: "speech", type: "segment", label: "agent", start: 0, end: 1, transcript: "umm yes" };
    expect(standardizeResult([segment], rules)).toEqual([{ ...segment, transcript: "um yes" }]);
    expect(segment.transcript).toBe("umm yes");
  });

  it("changes nothing without rules", () => {
    const result: ResultEntry[] = [{ task: "text", type: "transcript", text: "Umm" }];
    expect(standardizeResult(result, standardizationSchema.parse({}))).toEqual(result);
  });
});
