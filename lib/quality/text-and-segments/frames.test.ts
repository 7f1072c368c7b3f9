import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipFrames, frameAgreement, type SegmentClip } from "./frames";
import type { TimedSegment } from "./segments";

const speech = (start: number, end: number): TimedSegment => ({ label: "speech", start, end });
const music = (start: number, end: number): TimedSegment => ({ label: "music", start, end });

describe("clipFrames", () => {
  it("labels a frame by the segment covering its midpoint, with 10 ms frames by default", () => {
    const { frames } = clipFrames({ durationSeconds: 0.05, segmentsByLabeler: { a: [speech(0.01, 0.035)] } });
    // Midpoints 5, 15, 25, 35, 45 ms: [10 ms, 35 ms) covers 15 and 25; 35 is the end, not covered.
    expect(frames).toEqual([["none", "speech", "speech", "none", "none"]]);
  });

  it("gives back-to-back segments disjoint frames and no gap, also at decimal boundaries that floats cannot hold", () => {
    const { frames } = clipFrames({ segmentsByLabeler: { a: [speech(0, 1.235), music(1.235, 1.3)] } });
    const labels = frames[0]!;
    expect(labels).toHaveLength(130);
    // The frame whose midpoint is exactly 1.235 s (frame 123) starts the music segment.
    expect(labels.slice(120, 126)).toEqual(["speech", "speech", "speech", "music", "music", "music"]);
    expect(labels.filter((label) => label === "none")).toEqual([]);
  });

  it("resolves overlapping segments of one labeler to the shortest, whatever their order", () => {
    const cough = { label: "cough", start: 0.2, end: 0.3 };
    const turn = speech(0, 0.5);
    const options = { frameSeconds: 0.1 };
    const expected = [["speech", "speech", "cough", "speech", "speech"]];
    expect(clipFrames({ segmentsByLabeler: { a: [turn, cough] } }, options).frames).toEqual(expected);
    expect(clipFrames({ segmentsByLabeler: { a: [cough, turn] } }, options).frames).toEqual(expected);
    // Equal durations: the later start wins where they overlap.
    expect(clipFrames({ segmentsByLabeler: { a: [speech(0, 0.3), music(0.1, 0.4)] } }, options).frames).toEqual([["speech", "music", "music", "music"]]);
  });

  it("uses the clip duration when given, cuts segments at it, and sorts labelers", () => {
    const clip = { durationSeconds: 0.3, segmentsByLabeler: { zoe: [speech(0.2, 0.9)], amy: [] } };
    expect(clipFrames(clip, { frameSeconds: 0.1 })).toEqual({ labelers: ["amy", "zoe"], frames: [["none", "none", "none"], ["none", "none", "speech"]] });
  });

  it("refuses malformed segments and options with one-line messages", () => {
    expect(() => clipFrames({ segmentsByLabeler: { a: [speech(1, 1)] } })).toThrow(/^labeler "a" segment 0 \("speech"\) must have finite 0 <= start < end, got start 1, end 1$/);
    expect(() => clipFrames({ segmentsByLabeler: { a: [speech(Number.NaN, 1)] } })).toThrow(/finite 0 <= start < end/);
    expect(() => clipFrames({ segmentsByLabeler: { a: [{ label: "none", start: 0, end: 1 }] } })).toThrow(/labelled "none", the label of uncovered frames; pass another noneLabel$/);
    expect(() => clipFrames({ segmentsByLabeler: {} }, { frameSeconds: 0 })).toThrow(/^frameSeconds must be a finite number > 0, got 0$/);
    expect(() => clipFrames({ durationSeconds: -1, segmentsByLabeler: {} })).toThrow(/^durationSeconds must be/);
  });
});

describe("frameAgreement", () => {
  it("computes nominal alpha on a hand-worked clip", () => {
    // 1 s clip, 100 ms frames (midpoints 0.05 … 0.95 s):
    //   frame: 0 1 2 3 4 5 6 7 8 9
    //   a:     s s s s s n n m m m    speech [0, 0.5), music [0.7, 1)
    //   b:     n s s s s n n m m m    speech [0.1, 0.5), music [0.7, 1)
    //   c:     s s s s s s n n n n    speech [0, 0.6)
    // Every frame has 3 values, n = 30. Coincidences o_ck (each ordered pair of a frame adds 1/(3 − 1)):
    //   frame 0 {s,s,n}: o_ss 1, o_sn 1, o_ns 1;  frames 1–4 {s,s,s}: o_ss 3 each;  frame 5 {n,n,s}: o_nn 1, o_ns 1, o_sn 1;
    //   frame 6 {n,n,n}: o_nn 3;  frames 7–9 {m,m,n}: o_mm 1, o_mn 1, o_nm 1 each.
    //   o_ss 13, o_sn = o_ns 2, o_nn 4, o_mm 3, o_mn = o_nm 3;  n_s 15, n_n 9, n_m 6.
    // D_o = (2 + 2 + 3 + 3) / 30 = 1/3.  D_e = 2 (15·9 + 15·6 + 9·6) / (30 · 29) = 558/870.
    // alpha = 1 − (1/3) / (558/870) = 1 − 870/1674 = 134/279 ≈ 0.4803.
    const clip: SegmentClip = {
      durationSeconds: 1,
      segmentsByLabeler: { a: [speech(0, 0.5), music(0.7, 1)], b: [speech(0.1, 0.5), music(0.7, 1)], c: [speech(0, 0.6)] },
    };
    const result = frameAgreement([clip], { frameSeconds: 0.1 });
    expect(result.value).toBeCloseTo(134 / 279, 12);
    expect(result.observedDisagreement).toBeCloseTo(1 / 3, 12);
    expect(result.expectedDisagreement).toBeCloseTo(558 / 870, 12);
    expect(result.pairableValues).toBe(30);
  });

  it("pools clips, with missing values for labelers who did not annotate a clip", () => {
    const first: SegmentClip = { durationSeconds: 0.2, segmentsByLabeler: { a: [speech(0, 0.1)], b: [speech(0, 0.1)] } };
    const second: SegmentClip = { durationSeconds: 0.2, segmentsByLabeler: { b: [music(0, 0.2)], c: [music(0, 0.2)] } };
    // Frames: a s n - -; b s n m m; c - - m m. Every frame has two equal values: perfect agreement.
    const result = frameAgreement([first, second], { frameSeconds: 0.1 });
    expect(result).toMatchObject({ value: 1, observedDisagreement: 0, pairableValues: 8 });
  });

  it("is 1 whenever labelers agree on every frame and more than one label occurs", () => {
    const segment = fc
      .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom("speech", "music", "noise"))
      .map(([start, length, label]) => ({ label, start: start / 20, end: (start + length) / 20 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.integer({ min: 2, max: 4 }), (segments, labelers) => {
        const segmentsByLabeler = Object.fromEntries(Array.from({ length: labelers }, (_, k) => [`l${k}`, segments]));
        const result = frameAgreement([{ durationSeconds: 3, segmentsByLabeler }], { frameSeconds: 0.05 });
        expect(result.value).toBe(1);
      }),
    );
  });

  it("is undefined, not NaN, for one labeler, no clips, or a single label everywhere", () => {
    expect(frameAgreement([{ segmentsByLabeler: { a: [speech(0, 1)] } }]).value).toBeNull();
    expect(frameAgreement([]).value).toBeNull();
    const allSpeech = frameAgreement([{ segmentsByLabeler: { a: [speech(0, 1)], b: [speech(0, 1)] } }]);
    expect(allSpeech).toMatchObject({ value: null, observedDisagreement: 0, expectedDisagreement: 0 });
    expect(allSpeech.reason).toMatch(/expected disagreement is 0/);
  });
});
