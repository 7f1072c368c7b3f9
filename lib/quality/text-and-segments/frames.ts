// Frame-level view of segment annotations. A labeler's segments of a clip become one binary track per label
// (does one of their segments of that label cover this fixed-length frame?), so segments that overlap in time
// keep every label. Frame-level agreement is Krippendorff's alpha (nominal) on those tracks, with frames as
// units and labelers as coders, per label and over every (frame, label) pair.
import { BinaryCoincidences, type AlphaResult } from "../categorical";
import { assertValidSegments, type SegmentsByLabeler } from "./segments";

export const DEFAULT_FRAME_SECONDS = 0.01;

export interface FrameOptions {
  /** Frame length in seconds, > 0. Default 0.01 (10 ms). */
  readonly frameSeconds?: number;
}

export interface SegmentClip {
  /** Clip length in seconds. Default: the latest segment end in the clip. Segments are cut at the clip's end. */
  readonly durationSeconds?: number;
  readonly segmentsByLabeler: SegmentsByLabeler;
}

/** Each label's tracks of one clip, summed over its labelers: all that agreement and consensus need of them. */
export interface LabelCoverage {
  /** How many labelers annotated the clip (with segments or without). */
  readonly labelers: number;
  readonly frameCount: number;
  /** Per label drawn in the clip, in code-unit order: for each frame, how many labelers cover it with that label. */
  readonly counts: ReadonlyMap<string, Uint32Array>;
}

/** Options with defaults applied; malformed values throw. */
export function resolveFrameOptions(options: FrameOptions): Required<FrameOptions> {
  const frameSeconds = options.frameSeconds ?? DEFAULT_FRAME_SECONDS;
  if (!(Number.isFinite(frameSeconds) && frameSeconds > 0)) throw new Error(`frameSeconds must be a finite number > 0, got ${frameSeconds}`);
  return { frameSeconds };
}

/**
 * Frame k spans [k·f, (k+1)·f) and belongs to a time span when its midpoint (k + ½)·f lies in [start, end).
 * This returns the first frame whose midpoint is at or after `seconds`, so a span covers the frames from
 * frameBoundary(start) up to, not including, frameBoundary(end). Because start and end go through the same
 * function, back-to-back segments [a, b) and [b, c) share no frame and leave no gap. The position is rounded
 * to 1e-6 frame first, so that a boundary written as a decimal (1.235 s with 10 ms frames) is the exact midpoint
 * it looks like rather than a float just below or above it. A frame whose midpoint equals a segment's start
 * belongs to that segment; one whose midpoint equals its end does not.
 */
function frameBoundary(seconds: number, frameSeconds: number): number {
  const position = Math.round((seconds / frameSeconds - 0.5) * 1e6) / 1e6;
  return Math.max(0, Math.ceil(position));
}

function clipDuration(clip: SegmentClip): number {
  if (clip.durationSeconds !== undefined) {
    if (!(Number.isFinite(clip.durationSeconds) && clip.durationSeconds >= 0)) throw new Error(`durationSeconds must be a finite number >= 0, got ${clip.durationSeconds}`);
    return clip.durationSeconds;
  }
  return Object.values(clip.segmentsByLabeler).reduce((latest, segments) => segments.reduce((clipLatest, segment) => Math.max(clipLatest, segment.end), latest), 0);
}

/**
 * How many of a clip's labelers cover each frame with each label. A labeler's track of a label is the union
 * of the frames their segments of that label cover: segments of one label that overlap or repeat are one
 * coverage, and segments of different labels never hide each other. Segments shorter than a frame can cover
 * no frame midpoint and then leave no trace. Throws on malformed segments or options.
 *
 * O(labelers × frames covered) time, O(labels × frames) memory.
 */
export function labelCoverage(clip: SegmentClip, options: FrameOptions = {}): LabelCoverage {
  const { frameSeconds } = resolveFrameOptions(options);
  const frameCount = frameBoundary(clipDuration(clip), frameSeconds);
  const byLabel = new Map<string, { counts: Uint32Array; lastLabeler: Int32Array }>();
  Object.entries(clip.segmentsByLabeler).forEach(([labeler, segments], labelerIndex) => {
    assertValidSegments(segments, `labeler "${labeler}"`);
    for (const { label, start, end } of segments) {
      let track = byLabel.get(label);
      if (!track) {
        track = { counts: new Uint32Array(frameCount), lastLabeler: new Int32Array(frameCount).fill(-1) };
        byLabel.set(label, track);
      }
      const last = Math.min(frameBoundary(end, frameSeconds), frameCount);
      for (let frame = frameBoundary(start, frameSeconds); frame < last; frame++) {
        // A frame this labeler already covers with this label is not counted twice.
        if (track.lastLabeler[frame] === labelerIndex) continue;
        track.lastLabeler[frame] = labelerIndex;
        track.counts[frame]! += 1;
      }
    }
  });
  const labels = [...byLabel.keys()].sort();
  return { labelers: Object.keys(clip.segmentsByLabeler).length, frameCount, counts: new Map(labels.map((label) => [label, byLabel.get(label)!.counts])) };
}

export interface LabelFrameAlpha {
  readonly label: string;
  readonly alpha: AlphaResult;
}

export interface FrameAgreement {
  /** Every (frame, label) pair of every clip as a unit: the labels' units pooled. */
  readonly overall: AlphaResult;
  /** One figure per label drawn in any of the clips, in code-unit order. */
  readonly perLabel: readonly LabelFrameAlpha[];
}

/**
 * Frame-level agreement over clips.
 *
 * Per label: Krippendorff's alpha, nominal, on that label's binary tracks (covered or not), with every frame of
 * every clip as a unit and every labeler (by id, across clips) as a coder. Overall: the same with every
 * (frame, label) pair of every clip as a unit, for the labels drawn in any of the clips; its coincidence matrix
 * is the sum of the labels' matrices. A label nobody drew has no track and adds no unit.
 *
 * Conventions. A labeler who did not annotate a clip has missing values for its frames on every track; one who
 * annotated it has "not covered" wherever they drew nothing of a label, which is an answer ("no noise here")
 * like any other, so a clip where nobody drew a label still counts as agreement on its absence. Alpha's own
 * conventions apply: frames annotated by fewer than two labelers do not count, and alpha is undefined (null
 * with a reason) without such a frame, or when every counted value is the same (everyone covers the whole clip
 * with speech: speech's alpha is undefined, there being no variation to agree on).
 *
 * O(clips × frames × labels) time; memory O(frames × labels) of one clip at a time.
 */
export function frameAgreement(clips: readonly SegmentClip[], options: FrameOptions = {}): FrameAgreement {
  const labels = [...new Set(clips.flatMap((clip) => Object.values(clip.segmentsByLabeler).flatMap((segments) => segments.map((segment) => segment.label))))].sort();
  const tallies = labels.map(() => new BinaryCoincidences());
  for (const clip of clips) {
    const { labelers, frameCount, counts } = labelCoverage(clip, options);
    labels.forEach((label, index) => {
      const covered = counts.get(label);
      for (let frame = 0; frame < frameCount; frame++) tallies[index]!.addUnit(labelers, covered ? covered[frame]! : 0);
    });
  }
  const overall = new BinaryCoincidences();
  for (const tally of tallies) overall.add(tally);
  return { overall: overall.alpha(), perLabel: labels.map((label, index) => ({ label, alpha: tallies[index]!.alpha() })) };
}
