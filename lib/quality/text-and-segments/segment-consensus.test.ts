import { describe, expect, it } from "vitest";
import type { SegmentClip } from "./frames";
import { segmentConsensus } from "./segment-consensus";

const clip: SegmentClip = {
  durationSeconds: 1,
  segmentsByLabeler: {
    a: [{ label: "speech", start: 0, end: 0.5 }, { label: "music", start: 0.7, end: 1 }],
    b: [{ label: "speech", start: 0.1, end: 0.5 }, { label: "music", start: 0.7, end: 1 }],
    c: [{ label: "speech", start: 0, end: 0.6 }],
  },
};

describe("segmentConsensus", () => {
  it("merges frame-level majorities back into segments with their support", () => {
    // 100 ms frames (see frames.test.ts for the frame table): speech wins frames 0–4 (2/3, then 3/3 four times),
    // frames 5–6 have a "none" majority, music wins frames 7–9 with 2/3 each.
    expect(segmentConsensus(clip, { frameSeconds: 0.1 })).toEqual([
      { label: "speech", start: 0, end: 0.5, support: expect.closeTo((2 / 3 + 4) / 5, 12) },
      { label: "music", start: 0.7, end: 1, support: expect.closeTo(2 / 3, 12) },
    ]);
  });

  it("returns frame boundaries without float noise (default 10 ms frames)", () => {
    expect(segmentConsensus(clip)).toEqual([
      { label: "speech", start: 0, end: 0.5, support: expect.closeTo((2 / 3) * 0.2 + 0.8, 12) },
      { label: "music", start: 0.7, end: 1, support: expect.closeTo(2 / 3, 12) },
    ]);
  });

  it("drops runs shorter than the minimum duration without joining their neighbours", () => {
    expect(segmentConsensus(clip, { frameSeconds: 0.1, minimumDurationSeconds: 0.35 }).map((segment) => segment.label)).toEqual(["speech"]);
    const flicker: SegmentClip = {
      segmentsByLabeler: {
        a: [{ label: "speech", start: 0, end: 1 }],
        b: [{ label: "speech", start: 0, end: 0.45 }, { label: "speech", start: 0.5, end: 1 }],
      },
    };
    // The 50 ms gap of b has no majority: two speech segments remain, the gap is not bridged.
    expect(segmentConsensus(flicker).map(({ start, end }) => [start, end])).toEqual([[0, 0.45], [0.5, 1]]);
  });

  it("needs a strict majority: ties and three-way splits leave frames uncovered", () => {
    const split: SegmentClip = {
      segmentsByLabeler: {
        a: [{ label: "speech", start: 0, end: 1 }],
        b: [{ label: "music", start: 0, end: 1 }],
        c: [],
        d: [{ label: "speech", start: 0, end: 1 }],
      },
    };
    expect(segmentConsensus(split)).toEqual([]);
    const threeWay = Object.fromEntries(Object.entries(split.segmentsByLabeler).filter(([labeler]) => labeler !== "d"));
    expect(segmentConsensus({ segmentsByLabeler: threeWay })).toEqual([]);
  });

  it("gives one labeler's segments with full support, and nothing without labelers", () => {
    expect(segmentConsensus({ segmentsByLabeler: { solo: [{ label: "speech", start: 0.25, end: 0.75 }] } })).toEqual([{ label: "speech", start: 0.25, end: 0.75, support: 1 }]);
    expect(segmentConsensus({ segmentsByLabeler: {} })).toEqual([]);
    expect(segmentConsensus({ segmentsByLabeler: { a: [], b: [] } })).toEqual([]);
  });

  it("refuses a bad minimum duration", () => {
    expect(() => segmentConsensus(clip, { minimumDurationSeconds: -1 })).toThrow(/^minimumDurationSeconds must be a finite number >= 0, got -1$/);
  });
});
