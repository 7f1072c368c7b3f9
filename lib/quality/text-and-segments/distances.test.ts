import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceAlpha } from "../distance-alpha";
import { segmentDistance, transcriptDistance } from "./distances";
import { DEFAULT_NORMALISATION } from "./normalisation";
import type { TimedSegment } from "./segments";

describe("transcriptDistance", () => {
  it("is word edits over the longer transcript, after the rules when given", () => {
    const asWritten = transcriptDistance();
    expect(asWritten("um, nearest gas station", "umm, nearest gas station")).toBe(0.25);
    expect(transcriptDistance(DEFAULT_NORMALISATION)("um, nearest gas station", "umm, nearest gas station")).toBe(0);
    // 1 substitution + 1 insertion over max(3, 4) words; WER would be 2/3 one way and 2/4 the other.
    expect(asWritten("nearest gas station", "nearest glass station please")).toBe(0.5);
    expect(asWritten("", "")).toBe(0);
    expect(asWritten("", "hello there")).toBe(1);
  });

  it("is symmetric, in [0, 1] and 0 between a transcript and itself", () => {
    const word = fc.constantFrom("um", "umm", "gas", "glass", "station", "[unintelligible]");
    const transcript = fc.array(word, { maxLength: 8 }).map((words) => words.join(" "));
    const distance = transcriptDistance({ ...DEFAULT_NORMALISATION, unintelligible: "wildcard" });
    fc.assert(
      fc.property(transcript, transcript, (a, b) => {
        expect(distance(a, b)).toBe(distance(b, a));
        expect(distance(a, b)).toBeGreaterThanOrEqual(0);
        expect(distance(a, b)).toBeLessThanOrEqual(1);
        expect(distance(a, a)).toBe(0);
      }),
    );
  });

  it("gives transcript alpha 1 when labelers agree once normalised", () => {
    const items = [
      ["um, nearest gas station", "umm, nearest gas station", "Um nearest gas station"],
      ["call mom", "Call mom.", "call mom"],
    ];
    expect(distanceAlpha(items, transcriptDistance(DEFAULT_NORMALISATION)).value).toBe(1);
    expect(distanceAlpha(items, transcriptDistance()).value).toBeLessThan(1);
  });
});

describe("segmentDistance", () => {
  const speech = (start: number, end: number): TimedSegment => ({ label: "speech", start, end });

  it("is 1 − F1 of the optimal matching, and 0 between two empty annotations", () => {
    const distance = segmentDistance();
    expect(distance([speech(0, 1), speech(2, 3)], [speech(0.05, 1)])).toBeCloseTo(1 - 2 / 3, 12);
    expect(distance([], [])).toBe(0);
    expect(distance([speech(0, 1)], [])).toBe(1);
    expect(segmentDistance({ classAware: true })([speech(0, 1)], [{ label: "music", start: 0, end: 1 }])).toBe(1);
  });

  it("gives segment alpha 1 when every clip's labelers drew the same segments", () => {
    const clips = [
      [[speech(0, 1)], [speech(0, 1)]],
      [[speech(0, 0.5), speech(1, 2)], [speech(0, 0.5), speech(1, 2)], [speech(0, 0.5), speech(1, 2)]],
      [[], []],
    ];
    expect(distanceAlpha(clips, segmentDistance())).toMatchObject({ value: 1, observed: 0 });
  });
});
