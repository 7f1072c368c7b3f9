// Frame-level view of segment annotations: each labeler's segments of a clip become one label per
// fixed-length frame, and frame-level agreement is Krippendorff's alpha (nominal) with frames as units
// and labelers as coders.
import { krippendorffAlpha, type AlphaResult } from "../categorical/krippendorff";
import { assertValidSegments, type SegmentsByLabeler, type TimedSegment } from "./segments";

export const DEFAULT_FRAME_SECONDS = 0.01;
export const DEFAULT_NONE_LABEL = "none";

export interface FrameOptions {
  /** Frame length in seconds, > 0. Default 0.01 (10 ms). */
  readonly frameSeconds?: number;
  /** Label of frames that no segment covers. Default "none"; a segment may not use it as its label. */
  readonly noneLabel?: string;
}

export interface SegmentClip {
  /** Clip length in seconds. Default: the latest segment end in the clip. Segments are cut at the clip's end. */
  readonly durationSeconds?: number;
  readonly segmentsByLabeler: SegmentsByLabeler;
}

export interface ClipFrames {
  /** The clip's labeler ids, sorted (code-unit order). */
  readonly labelers: readonly string[];
  /** `frames[i]` is labeler `labelers[i]`'s label for each frame of the clip. */
  readonly frames: readonly (readonly string[])[];
}

/** Options with defaults applied; malformed values throw. */
export function resolveFrameOptions(options: FrameOptions): Required<FrameOptions> {
  const frameSeconds = options.frameSeconds ?? DEFAULT_FRAME_SECONDS;
  if (!(Number.isFinite(frameSeconds) && frameSeconds > 0)) throw new Error(`frameSeconds must be a finite number > 0, got ${frameSeconds}`);
  return { frameSeconds, noneLabel: options.noneLabel ?? DEFAULT_NONE_LABEL };
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

/** Number of frames of a clip: frames whose midpoint is before its end. */
function clipFrameCount(clip: SegmentClip, frameSeconds: number): number {
  return frameBoundary(clipDuration(clip), frameSeconds);
}

/**
 * One labeler's label for each of `frameCount` frames. Frames no segment covers get the none label.
 * Overlapping segments of one labeler: a frame covered by several takes the label of the one covering
 * the fewest frames (the most specific annotation, e.g. a cough inside a longer speech turn); equal spans
 * go to the later first frame, then to the label first in code-unit order. Spans are counted in frames so
 * that float noise in end − start (0.4 − 0.1 > 0.3) cannot decide. The rule does not depend on input order.
 * Segments shorter than a frame can cover no frame midpoint and then leave no trace.
 */
function labelFrames(segments: readonly TimedSegment[], frameCount: number, options: Required<FrameOptions>): string[] {
  const frames = new Array<string>(frameCount).fill(options.noneLabel);
  const spans = segments.map(({ label, start, end }) => {
    const first = frameBoundary(start, options.frameSeconds);
    const afterLast = frameBoundary(end, options.frameSeconds);
    return { label, first, afterLast, length: afterLast - first };
  });
  // Paint the lowest-priority span first so that higher-priority ones overwrite it.
  spans.sort((a, b) => b.length - a.length || a.first - b.first || (a.label < b.label ? 1 : a.label > b.label ? -1 : 0));
  for (const span of spans) {
    for (let frame = span.first; frame < Math.min(span.afterLast, frameCount); frame++) frames[frame] = span.label;
  }
  return frames;
}

function assertValidClip(clip: SegmentClip, noneLabel: string): void {
  for (const [labeler, segments] of Object.entries(clip.segmentsByLabeler)) {
    assertValidSegments(segments, `labeler "${labeler}"`);
    const clash = segments.find((segment) => segment.label === noneLabel);
    if (clash) throw new Error(`labeler "${labeler}" has a segment labelled "${noneLabel}", the label of uncovered frames; pass another noneLabel`);
  }
}

/** Each labeler's frame labels for one clip. Throws on malformed segments or options. */
export function clipFrames(clip: SegmentClip, options: FrameOptions = {}): ClipFrames {
  const resolved = resolveFrameOptions(options);
  assertValidClip(clip, resolved.noneLabel);
  const frameCount = clipFrameCount(clip, resolved.frameSeconds);
  const labelers = Object.keys(clip.segmentsByLabeler).sort();
  return { labelers, frames: labelers.map((labeler) => labelFrames(clip.segmentsByLabeler[labeler]!, frameCount, resolved)) };
}

/**
 * Frame-level agreement over clips: Krippendorff's alpha, nominal, with every frame of every clip as a
 * unit and every labeler (by id, across clips) as a coder. A labeler who did not annotate a clip has
 * missing values (null) for its frames; one who annotated it without drawing segments has the none
 * label there, which is an answer ("nothing here") like any other. Alpha's own conventions apply: frames
 * annotated by fewer than two labelers do not count, and alpha is undefined (null with a reason) with
 * no such frame or when every counted frame has the same label.
 *
 * O(total frames × labelers) time and memory (a 60 s clip is 6,000 frames at 10 ms).
 */
export function frameAgreement(clips: readonly SegmentClip[], options: FrameOptions = {}): AlphaResult {
  const perClip = clips.map((clip) => clipFrames(clip, options));
  const labelers = [...new Set(perClip.flatMap((clip) => clip.labelers))].sort();
  const row = new Map(labelers.map((labeler) => [labeler, [] as (string | null)[]]));
  for (const clip of perClip) {
    const frameCount = clip.frames[0]?.length ?? 0;
    for (const labeler of labelers) {
      const labelerFrames = clip.frames[clip.labelers.indexOf(labeler)];
      const values = row.get(labeler)!;
      for (let frame = 0; frame < frameCount; frame++) values.push(labelerFrames ? labelerFrames[frame]! : null);
    }
  }
  return krippendorffAlpha(labelers.map((labeler) => row.get(labeler)!), { level: "nominal" });
}
