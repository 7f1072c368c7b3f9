// Distances between two whole annotations of a clip, for distanceAlpha (lib/quality/distance-alpha.ts).
import type { NormalisationRules } from "./normalisation";
import { matchSegments, type SegmentMatchOptions } from "./segment-matching";
import type { TimedSegment } from "./segments";
import { alignUnits, transcriptUnits, wildcardUnit } from "./transcript-rates";

/**
 * Distance between two transcripts: word-level Levenshtein distance (S + D + I of a minimum-edit
 * alignment) divided by the longer transcript's word count, after the rules when given; 0 when both
 * have no words. Symmetric and in [0, 1], unlike WER, which depends on which side is the reference and
 * exceeds 1 when the hypothesis is longer. Word lists are cached per distinct text, so that the O(n²)
 * pairs of distanceAlpha normalise each transcript once.
 */
export function transcriptDistance(rules?: NormalisationRules): (a: string, b: string) => number {
  const wildcard = wildcardUnit(rules);
  const wordsByText = new Map<string, string[]>();
  const wordsOf = (text: string): string[] => {
    let words = wordsByText.get(text);
    if (!words) {
      words = transcriptUnits(text, "word", rules);
      wordsByText.set(text, words);
    }
    return words;
  };
  return (a, b) => {
    const first = wordsOf(a);
    const second = wordsOf(b);
    const longer = Math.max(first.length, second.length);
    if (longer === 0) return 0;
    const { substitutions, deletions, insertions } = alignUnits(first, second, wildcard);
    return (substitutions + deletions + insertions) / longer;
  };
}

/** Distance between two labelers' segments of a clip: 1 − F1 of their optimal matching (0 when neither drew a segment). Symmetric, in [0, 1]. */
export function segmentDistance(options: SegmentMatchOptions = {}): (a: readonly TimedSegment[], b: readonly TimedSegment[]) => number {
  return (a, b) => 1 - matchSegments(a, b, options).f1;
}
