// Time segments of an audio clip as the segment functions receive them.

/**
 * A labelled time span in seconds, start < end. Concord's segment entries
 * (`{ task, type: "segment", label, start, end, transcript?, uncertain? }`) fit this type as they are;
 * the other fields are ignored here (an `uncertain` segment counts like any other).
 */
export interface TimedSegment {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** One clip's segments by labeler id. A labeler present with [] annotated the clip and found nothing; an absent one did not annotate it. */
export type SegmentsByLabeler = Readonly<Record<string, readonly TimedSegment[]>>;

/** Throws a one-line Error naming the first segment that is not a finite span with 0 <= start < end. */
export function assertValidSegments(segments: readonly TimedSegment[], owner: string): void {
  segments.forEach((segment, index) => {
    const { start, end } = segment;
    if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end <= start) {
      throw new Error(`${owner} segment ${index} ("${segment.label}") must have finite 0 <= start < end, got start ${start}, end ${end}`);
    }
  });
}

/** Temporal intersection over union of two spans; 0 when they do not overlap. */
export function temporalIoU(first: TimedSegment, second: TimedSegment): number {
  const intersection = Math.min(first.end, second.end) - Math.max(first.start, second.start);
  if (intersection <= 0) return 0;
  return intersection / (first.end - first.start + (second.end - second.start) - intersection);
}
