// Consensus segments of one clip: a frame-level majority vote per label, merged back into segments.
import { labelCoverage, resolveFrameOptions, type FrameOptions, type SegmentClip } from "./frames";
import type { TimedSegment } from "./segments";

/** Consensus segments shorter than this are dropped (100 ms: shorter than any spoken syllable, longer than boundary jitter). */
export const DEFAULT_MINIMUM_SEGMENT_SECONDS = 0.1;

export interface SegmentConsensusOptions extends FrameOptions {
  /** Minimum duration in seconds of a consensus segment, >= 0. Default 0.1. */
  readonly minimumDurationSeconds?: number;
}

export interface ConsensusSegment extends TimedSegment {
  /** Mean over the segment's frames of the share of the clip's labelers who cover the frame with this label; in (0.5, 1]. */
  readonly support: number;
}

/** Frame boundaries are multiples of the frame length; round away float noise such as 30 × 0.01 = 0.30000000000000004. */
function frameTime(frame: number, frameSeconds: number): number {
  return Math.round(frame * frameSeconds * 1e9) / 1e9;
}

/**
 * Consensus segments of one clip, ordered by start, then label (code-unit order).
 *
 * Label by label, independently of the other labels, so that segments overlapping in time keep every label
 * a majority drew (speech over a whole clip and noise over its first half both survive):
 * 1. each labeler who annotated the clip has a binary track of the label (see labelCoverage: frames, and one
 *    labeler's overlapping segments of one label counted once);
 * 2. a frame is in the label's consensus when a strict majority (more than half) of those labelers cover it
 *    with the label; a tie is not a majority;
 * 3. runs of consecutive such frames become segments [first frame start, last frame end);
 * 4. runs shorter than minimumDurationSeconds (less 1e-9 s of float slack) are dropped: they become
 *    uncovered; neighbours are not stretched over them and are not joined across them.
 *
 * No labelers gives no segments. O(labels × frames) after labelCoverage.
 */
export function segmentConsensus(clip: SegmentClip, options: SegmentConsensusOptions = {}): ConsensusSegment[] {
  const { frameSeconds } = resolveFrameOptions(options);
  const minimumDurationSeconds = options.minimumDurationSeconds ?? DEFAULT_MINIMUM_SEGMENT_SECONDS;
  if (!(Number.isFinite(minimumDurationSeconds) && minimumDurationSeconds >= 0)) {
    throw new Error(`minimumDurationSeconds must be a finite number >= 0, got ${minimumDurationSeconds}`);
  }
  const { labelers, frameCount, counts } = labelCoverage(clip, options);
  const segments: ConsensusSegment[] = [];
  for (const [label, covered] of counts) {
    let run: { first: number; coverSum: number } | null = null;
    // One step past the last frame, with no majority, closes the final run.
    for (let frame = 0; frame <= frameCount; frame++) {
      const majority = frame < frameCount && 2 * covered[frame]! > labelers;
      if (run && !majority) {
        if ((frame - run.first) * frameSeconds >= minimumDurationSeconds - 1e-9) {
          segments.push({ label, start: frameTime(run.first, frameSeconds), end: frameTime(frame, frameSeconds), support: run.coverSum / (labelers * (frame - run.first)) });
        }
        run = null;
      }
      if (!majority) continue;
      if (run) run.coverSum += covered[frame]!;
      else run = { first: frame, coverSum: covered[frame]! };
    }
  }
  return segments.sort((a, b) => a.start - b.start || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
