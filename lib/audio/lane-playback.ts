// Playing one labeler's lane in review: only the stretches their segments cover, one after the other.

export interface Span {
  start: number;
  end: number;
}

/** The segments' stretches in time order, overlapping or touching ones merged, so nothing plays twice. O(n log n). */
export function laneSpans(segments: readonly Span[]): Span[] {
  const sorted = segments.filter((segment) => segment.end > segment.start).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** A seek lands a few milliseconds off: a time this close before a span's start counts as inside it. */
const SEEK_TOLERANCE = 0.02;

/**
 * What the player does at `time` while playing `spans` (from laneSpans): keep playing inside a span, jump to the
 * next span's start between two, stop after the last.
 */
export function laneStep(spans: readonly Span[], time: number): { action: "play" } | { action: "seek"; to: number } | { action: "stop" } {
  if (spans.some((span) => span.start - SEEK_TOLERANCE <= time && time < span.end)) return { action: "play" };
  const next = spans.find((span) => span.start > time);
  return next ? { action: "seek", to: next.start } : { action: "stop" };
}
