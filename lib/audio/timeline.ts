// Times on the audio timeline and in segment lists as m:ss (m:ss.s when zoomed below a second), and the tick and
// label spacing for a zoom level, so that labels never crowd and never fall back to bare seconds.

/**
 * `seconds` as minutes and seconds, "1:05", with `decimals` tenths (or hundredths) of a second: "1:05.3".
 * Minutes are not wrapped into hours: an hour and a half is "90:00". Rounds to the last digit shown first,
 * so 59.96 s is "1:00.0", never "0:60.0". Throws a RangeError on a negative or non-finite time.
 */
export function formatClock(seconds: number, decimals: 0 | 1 | 2 = 0): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`A clock time must be a finite number of seconds from 0: ${seconds}.`);
  const scale = 10 ** decimals;
  const rounded = Math.round(seconds * scale) / scale;
  const minutes = Math.floor(rounded / 60);
  const rest = (rounded - minutes * 60).toFixed(decimals);
  return `${minutes}:${rest.padStart(decimals ? 3 + decimals : 2, "0")}`;
}

export interface TimelineScale {
  /** Seconds between two notches. */
  timeInterval: number;
  /** Seconds between two labelled notches. */
  primaryLabelInterval: number;
  /** Digits after the seconds in the labels: 1 once labels are less than a second apart. */
  decimals: 0 | 1;
}

/** Label spacings in seconds: the first whose labels are far enough apart is used; a notch halves each. */
const LABEL_SPACINGS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600] as const;

/** Room for a label such as "10:00.0" in the timeline's 9-pixel font before the notch halfway to the next. */
export const MIN_LABEL_SPACING_PX = 80;

/** The timeline draws every notch of the clip as an element: an hour zoomed in to tenths would be too many. */
export const MAX_NOTCHES = 20_000;

/**
 * The timeline's notches and labels at `pxPerSecond` (the waveform's width over its duration) for a clip of
 * `duration` seconds: labels at least MIN_LABEL_SPACING_PX apart on the shortest of the spacings above (the longest
 * when even an hour is too narrow), and no more than MAX_NOTCHES notches, fewer labels or bare labels if need be.
 */
export function timelineScale(pxPerSecond: number, duration: number): TimelineScale {
  const fits = (label: number) => label * pxPerSecond >= MIN_LABEL_SPACING_PX && duration / label <= MAX_NOTCHES;
  const label = LABEL_SPACINGS.find(fits) ?? LABEL_SPACINGS[LABEL_SPACINGS.length - 1]!;
  const notch = duration / (label / 2) <= MAX_NOTCHES ? label / 2 : label;
  return { timeInterval: notch, primaryLabelInterval: label, decimals: label < 1 ? 1 : 0 };
}
