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
    // 100 ms frames (see frames.test.ts for the tracks): speech has a majority on frames 0–4 (2/3, then 3/3 four times)
    // and not on frame 5 (c alone); music on frames 7–9 with 2/3 each.
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

describe("segmentConsensus with overlapping labels", () => {
  it("keeps noise drawn on top of speech by every labeler (the noisy_car case)", () => {
    // Three labelers draw speech over 0–5 s and noise over 0–2.5 s, with a few hundredths of jitter.
    const noisyCar: SegmentClip = {
      durationSeconds: 5,
      segmentsByLabeler: {
        a: [{ label: "speech", start: 0, end: 5 }, { label: "noise", start: 0, end: 2.5 }],
        b: [{ label: "speech", start: 0.03, end: 4.98 }, { label: "noise", start: 0.02, end: 2.46 }],
        c: [{ label: "noise", start: 0, end: 2.53 }, { label: "speech", start: 0.01, end: 5 }],
      },
    };
    // 10 ms frames. Noise: frames 0–249 have a majority, 3 of 3 but for b's six (frames 0, 1, 246–249).
    // Speech: frames 1–499 (frame 0 is a's alone), 3 of 3 but for frames 1, 2 (b starts late) and 498, 499 (b ends early).
    expect(segmentConsensus(noisyCar)).toEqual([
      { label: "noise", start: 0, end: 2.5, support: expect.closeTo((250 * 3 - 6) / (3 * 250), 12) },
      { label: "speech", start: 0.01, end: 5, support: expect.closeTo((499 * 3 - 4) / (3 * 499), 12) },
    ]);
  });

  it("counts one labeler's overlapping segments of a label once", () => {
    // b's two speech segments overlap on 0.2–0.3 s: still one vote there, so a and b make 2 of 3 and c's silence loses.
    const clip: SegmentClip = {
      segmentsByLabeler: { a: [{ label: "speech", start: 0, end: 0.5 }], b: [{ label: "speech", start: 0, end: 0.3 }, { label: "speech", start: 0.2, end: 0.5 }], c: [] },
    };
    expect(segmentConsensus(clip, { frameSeconds: 0.1 })).toEqual([{ label: "speech", start: 0, end: 0.5, support: expect.closeTo(2 / 3, 12) }]);
    // Were b's overlap counted twice, 0.2–0.3 s would have a majority with b alone against a silent a and c.
    const alone: SegmentClip = { segmentsByLabeler: { ...clip.segmentsByLabeler, a: [] } };
    expect(segmentConsensus(alone, { frameSeconds: 0.1 })).toEqual([]);
  });
});
