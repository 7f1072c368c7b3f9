// Consensus segments of one clip: a frame-level majority vote merged back into segments.
import { clipFrames, resolveFrameOptions, type FrameOptions, type SegmentClip } from "./frames";
import type { TimedSegment } from "./segments";

/** Consensus segments shorter than this are dropped (100 ms: shorter than any spoken syllable, longer than boundary jitter). */
export const DEFAULT_MINIMUM_SEGMENT_SECONDS = 0.1;

export interface SegmentConsensusOptions extends FrameOptions {
  /** Minimum duration in seconds of a consensus segment, >= 0. Default 0.1. */
  readonly minimumDurationSeconds?: number;
}

export interface ConsensusSegment extends TimedSegment {
  /** Mean over the segment's frames of the share of the clip's labelers who gave the frame this label; in (0.5, 1]. */
  readonly support: number;
}

/** Frame boundaries are multiples of the frame length; round away float noise such as 30 × 0.01 = 0.30000000000000004. */
function frameTime(frame: number, frameSeconds: number): number {
  return Math.round(frame * frameSeconds * 1e9) / 1e9;
}

/**
 * Consensus segments of one clip, in time order.
 *
 * 1. Each labeler who annotated the clip is turned into frame labels (see clipFrames for frames, the
 *    none label and overlapping segments).
 * 2. Each frame takes the label given by a strict majority (more than half) of those labelers. Frames
 *    where the majority says "none", or where no label has a majority, are not covered.
 * 3. Runs of consecutive frames with the same label become segments [first frame start, last frame end).
 * 4. Runs shorter than minimumDurationSeconds (less 1e-9 s of float slack) are dropped: they become
 *    uncovered; neighbours are not stretched over them and are not joined across them.
 *
 * No labelers gives no segments. O(frames × labelers²).
 */
export function segmentConsensus(clip: SegmentClip, options: SegmentConsensusOptions = {}): ConsensusSegment[] {
  const { frameSeconds, noneLabel } = resolveFrameOptions(options);
  const minimumDurationSeconds = options.minimumDurationSeconds ?? DEFAULT_MINIMUM_SEGMENT_SECONDS;
  if (!(Number.isFinite(minimumDurationSeconds) && minimumDurationSeconds >= 0)) {
    throw new Error(`minimumDurationSeconds must be a finite number >= 0, got ${minimumDurationSeconds}`);
  }
  const { frames } = clipFrames(clip, options);
  const labelerCount = frames.length;
  const frameCount = frames[0]?.length ?? 0;

  /** The strict-majority label of a frame and its share of votes, or null. */
  const majority = (frame: number): { label: string; share: number } | null => {
    for (const labelerFrames of frames) {
      const label = labelerFrames[frame]!;
      const votes = frames.reduce((count, other) => count + (other[frame] === label ? 1 : 0), 0);
      if (2 * votes > labelerCount) return label === noneLabel ? null : { label, share: votes / labelerCount };
    }
    return null;
  };

  const segments: ConsensusSegment[] = [];
  let run: { label: string; first: number; shareSum: number } | null = null;
  // One step past the last frame, with no vote, closes the final run.
  for (let frame = 0; frame <= frameCount; frame++) {
    const vote = frame < frameCount ? majority(frame) : null;
    if (run && run.label !== vote?.label) {
      if ((frame - run.first) * frameSeconds >= minimumDurationSeconds - 1e-9) {
        segments.push({ label: run.label, start: frameTime(run.first, frameSeconds), end: frameTime(frame, frameSeconds), support: run.shareSum / (frame - run.first) });
      }
      run = null;
    }
    if (!vote) continue;
    if (run) run.shareSum += vote.share;
    else run = { label: vote.label, first: frame, shareSum: vote.share };
  }
  return segments;
}
