import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "../categorical";
import { frameAgreement, labelCoverage, type SegmentClip } from "./frames";
import type { TimedSegment } from "./segments";

const speech = (start: number, end: number): TimedSegment => ({ label: "speech", start, end });
const music = (start: number, end: number): TimedSegment => ({ label: "music", start, end });
const noise = (start: number, end: number): TimedSegment => ({ label: "noise", start, end });

/** The coverage counts as plain arrays, label by label. */
const countsOf = (clip: SegmentClip, frameSeconds?: number) => Object.fromEntries([...labelCoverage(clip, { frameSeconds }).counts].map(([label, counts]) => [label, [...counts]]));

/** A binary track written as a string of 0s and 1s, one per frame. */
const track = (bits: string) => [...bits].map(Number);

describe("labelCoverage", () => {
  it("covers a frame by the segments covering its midpoint, with 10 ms frames by default", () => {
    const coverage = labelCoverage({ durationSeconds: 0.05, segmentsByLabeler: { a: [speech(0.01, 0.035)] } });
    // Midpoints 5, 15, 25, 35, 45 ms: [10 ms, 35 ms) covers 15 and 25; 35 is the end, not covered.
    expect(coverage).toEqual({ labelers: 1, frameCount: 5, counts: new Map([["speech", Uint32Array.of(0, 1, 1, 0, 0)]]) });
  });

  it("gives back-to-back segments disjoint frames and no gap, also at decimal boundaries that floats cannot hold", () => {
    const { speech: speechFrames, music: musicFrames } = countsOf({ segmentsByLabeler: { a: [speech(0, 1.235), music(1.235, 1.3)] } });
    expect(speechFrames).toHaveLength(130);
    // The frame whose midpoint is exactly 1.235 s (frame 123) starts the music segment.
    expect(speechFrames!.slice(120, 126)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(musicFrames!.slice(120, 126)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(speechFrames!.map((covered, frame) => covered + musicFrames![frame]!).every((total) => total === 1)).toBe(true);
  });

  it("keeps overlapping segments of different labels, and counts one labeler's overlapping segments of a label once", () => {
    const clip: SegmentClip = {
      segmentsByLabeler: {
        a: [speech(0, 0.5), { label: "cough", start: 0.2, end: 0.3 }],
        b: [speech(0, 0.3), speech(0.2, 0.5), speech(0.2, 0.3)],
      },
    };
    expect(countsOf(clip, 0.1)).toEqual({ cough: [0, 0, 1, 0, 0], speech: [2, 2, 2, 2, 2] });
    // Labels in code-unit order, whatever the order they were drawn in.
    expect([...labelCoverage(clip, { frameSeconds: 0.1 }).counts.keys()]).toEqual(["cough", "speech"]);
  });

  it("uses the clip duration when given, cuts segments at it, and counts labelers who drew nothing", () => {
    const clip = { durationSeconds: 0.3, segmentsByLabeler: { zoe: [speech(0.2, 0.9)], amy: [] } };
    expect(labelCoverage(clip, { frameSeconds: 0.1 })).toEqual({ labelers: 2, frameCount: 3, counts: new Map([["speech", Uint32Array.of(0, 0, 1)]]) });
  });

  it("refuses malformed segments and options with one-line messages", () => {
    expect(() => labelCoverage({ segmentsByLabeler: { a: [speech(1, 1)] } })).toThrow(/^labeler "a" segment 0 \("speech"\) must have finite 0 <= start < end, got start 1, end 1$/);
    expect(() => labelCoverage({ segmentsByLabeler: { a: [speech(Number.NaN, 1)] } })).toThrow(/finite 0 <= start < end/);
    expect(() => labelCoverage({ segmentsByLabeler: {} }, { frameSeconds: 0 })).toThrow(/^frameSeconds must be a finite number > 0, got 0$/);
    expect(() => labelCoverage({ durationSeconds: -1, segmentsByLabeler: {} })).toThrow(/^durationSeconds must be/);
  });
});

describe("frameAgreement", () => {
  it("computes nominal alpha per label and over every (frame, label) pair on a hand-worked clip", () => {
    // 1 s clip, 100 ms frames (midpoints 0.05 … 0.95 s); the tracks, frame by frame:
    //   speech  a 1111100000  b 0111100000  c 1111110000    speech [0, 0.5), [0.1, 0.5), [0, 0.6)
    //   music   a 0000000111  b 0000000111  c 0000000000    music [0.7, 1) by a and b
    // Every unit has 3 values; a unit with k present adds k(k−1)/2 to o_11, (3−k)(2−k)/2 to o_00 and k(3−k)/2 to o_01 = o_10.
    //   speech: k = 2, 3, 3, 3, 3, 1, 0, 0, 0, 0: o_11 13, o_00 13, o_01 2; n_1 15, n_0 15, n 30.
    //     D_o = 2·2/30 = 2/15, D_e = 2·15·15/(30·29) = 15/29: alpha = 1 − (2/15)(29/15) = 167/225.
    //   music: k = 0 ×7, 2 ×3: o_00 21, o_11 3, o_01 3; n_1 6, n_0 24.  D_o = 6/30, D_e = 2·6·24/870: alpha = 1 − 145/240 = 19/48.
    //   overall, the sums: o_01 5, n_1 21, n_0 39, n 60.  D_o = 10/60, D_e = 2·21·39/(60·59): alpha = 1 − 590/1638 = 524/819.
    const clip: SegmentClip = {
      durationSeconds: 1,
      segmentsByLabeler: { a: [speech(0, 0.5), music(0.7, 1)], b: [speech(0.1, 0.5), music(0.7, 1)], c: [speech(0, 0.6)] },
    };
    const { overall, perLabel } = frameAgreement([clip], { frameSeconds: 0.1 });
    expect(perLabel.map(({ label, alpha }) => [label, alpha.value])).toEqual([
      ["music", expect.closeTo(19 / 48, 12)],
      ["speech", expect.closeTo(167 / 225, 12)],
    ]);
    expect(overall).toMatchObject({ value: expect.closeTo(524 / 819, 12), observedDisagreement: expect.closeTo(1 / 6, 12), pairableValues: 60 });
    // The same from Krippendorff's alpha on the tracks written out (labelers as rows), and on both tracks side by side.
    const tracks = { speech: ["1111100000", "0111100000", "1111110000"], music: ["0000000111", "0000000111", "0000000000"] };
    expect(perLabel[1]!.alpha.value).toBeCloseTo(krippendorffAlpha(tracks.speech.map(track), { level: "nominal" }).value!, 12);
    expect(perLabel[0]!.alpha.value).toBeCloseTo(krippendorffAlpha(tracks.music.map(track), { level: "nominal" }).value!, 12);
    expect(overall.value).toBeCloseTo(krippendorffAlpha(tracks.speech.map((bits, labeler) => track(bits + tracks.music[labeler])), { level: "nominal" }).value!, 12);
  });

  it("gives noise drawn over speech its own figure (the noisy_car case), checked against alpha on the tracks", () => {
    // 5 s, 500 ms frames. Everyone draws speech and noise over the start; c starts speech late, b ends noise early.
    const clip: SegmentClip = {
      segmentsByLabeler: { a: [speech(0, 5), noise(0, 2.5)], b: [noise(0, 2), speech(0, 5)], c: [speech(0.5, 5), noise(0, 2.5)] },
    };
    const tracks = { noise: ["1111100000", "1111000000", "1111100000"], speech: ["1111111111", "1111111111", "0111111111"] };
    const { overall, perLabel } = frameAgreement([clip], { frameSeconds: 0.5 });
    expect(perLabel.map(({ label }) => label)).toEqual(["noise", "speech"]);
    expect(perLabel[0]!.alpha.value).toBeCloseTo(krippendorffAlpha(tracks.noise.map(track), { level: "nominal" }).value!, 12);
    expect(perLabel[1]!.alpha.value).toBeCloseTo(krippendorffAlpha(tracks.speech.map(track), { level: "nominal" }).value!, 12);
    expect(overall.value).toBeCloseTo(krippendorffAlpha(tracks.noise.map((bits, labeler) => track(bits + tracks.speech[labeler])), { level: "nominal" }).value!, 12);
  });

  it("pools clips, with missing values for labelers who did not annotate a clip and absence where nobody drew a label", () => {
    const first: SegmentClip = { durationSeconds: 0.2, segmentsByLabeler: { a: [speech(0, 0.1)], b: [speech(0, 0.1)] } };
    const second: SegmentClip = { durationSeconds: 0.2, segmentsByLabeler: { b: [music(0, 0.2)], c: [music(0, 0.2)] } };
    // speech: a 1 0 - -, b 1 0 0 0, c - - 0 0; music: a 0 0 - -, b 0 0 1 1, c - - 1 1. Every frame has two equal values.
    const result = frameAgreement([first, second], { frameSeconds: 0.1 });
    expect(result.perLabel).toEqual([
      { label: "music", alpha: expect.objectContaining({ value: 1, pairableValues: 8 }) },
      { label: "speech", alpha: expect.objectContaining({ value: 1, pairableValues: 8 }) },
    ]);
    expect(result.overall).toMatchObject({ value: 1, observedDisagreement: 0, pairableValues: 16 });
  });

  it("is 1, or undefined without variation, whenever labelers draw the same segments", () => {
    const segment = fc
      .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom("speech", "music", "noise"))
      .map(([start, length, label]) => ({ label, start: start / 20, end: (start + length) / 20 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.integer({ min: 2, max: 4 }), (segments, labelers) => {
        const segmentsByLabeler = Object.fromEntries(Array.from({ length: labelers }, (_, k) => [`l${k}`, segments]));
        const { overall, perLabel } = frameAgreement([{ durationSeconds: 3, segmentsByLabeler }], { frameSeconds: 0.05 });
        for (const alpha of [overall, ...perLabel.map((entry) => entry.alpha)]) expect(alpha.value === null || alpha.value === 1).toBe(true);
        expect(overall.observedDisagreement).toBe(0);
      }),
    );
  });

  it("is undefined, not NaN, for one labeler, no clips, no segments, or a label covering every frame", () => {
    expect(frameAgreement([{ segmentsByLabeler: { a: [speech(0, 1)] } }]).overall.value).toBeNull();
    expect(frameAgreement([])).toEqual({ overall: expect.objectContaining({ value: null, pairableValues: 0 }), perLabel: [] });
    expect(frameAgreement([{ durationSeconds: 1, segmentsByLabeler: { a: [], b: [] } }]).overall.value).toBeNull();
    const allSpeech = frameAgreement([{ segmentsByLabeler: { a: [speech(0, 1)], b: [speech(0, 1)] } }]);
    expect(allSpeech.overall).toMatchObject({ value: null, observedDisagreement: 0, expectedDisagreement: 0 });
    expect(allSpeech.perLabel[0]!.alpha.reason).toMatch(/expected disagreement is 0/);
  });
});
