// Transcripts typed on segments, compared where two annotations' segments match.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import type { NormalisationRules } from "./normalisation";
import { matchSegments, type SegmentMatch, type SegmentMatchOptions } from "./segment-matching";
import type { TimedSegment } from "./segments";
import { wordErrorRate } from "./transcript-rates";

/** A segment that may carry what was said in it, as Concord's segment entries do. */
export interface TranscribedSegment extends TimedSegment {
  readonly transcript?: string;
}

export interface TranscriptPair {
  readonly referenceIndex: number;
  readonly candidateIndex: number;
  /** WER of the candidate's transcript (hypothesis) against the reference's. */
  readonly candidateWer: number;
  /** WER of the reference's transcript (hypothesis) against the candidate's: WER depends on which side is the reference. */
  readonly referenceWer: number;
}

/**
 * The matched segment pairs where both segments have a transcript, with the word error rate each way, after
 * `rules` when given. A transcript is there when the field is, even empty (the labeler heard nothing): against
 * it every word of the other counts, with jiwer's empty-reference convention (see transcriptErrorRates).
 */
export function matchedTranscripts(
  reference: readonly TranscribedSegment[],
  candidate: readonly TranscribedSegment[],
  matches: readonly Pick<SegmentMatch, "referenceIndex" | "candidateIndex">[],
  rules?: NormalisationRules,
): TranscriptPair[] {
  return matches.flatMap(({ referenceIndex, candidateIndex }) => {
    const referenceText = reference[referenceIndex]!.transcript;
    const candidateText = candidate[candidateIndex]!.transcript;
    if (referenceText === undefined || candidateText === undefined) return [];
    return [{ referenceIndex, candidateIndex, candidateWer: wordErrorRate(referenceText, candidateText, rules), referenceWer: wordErrorRate(candidateText, referenceText, rules) }];
  });
}

export interface SegmentTranscriptWer {
  /** Mean over the pairs of the candidate's WER against the reference; undefined without a pair. */
  readonly wer: Statistic;
  /** Matched segment pairs where both have a transcript. */
  readonly pairs: number;
}

/**
 * How well the candidate's segment transcripts reproduce the reference's (a labeler's against the consensus):
 * segments matched within their label as matchSegments matches them (classAware), then the mean, over matched
 * pairs where both have a transcript, of WER(reference's transcript, candidate's), after `rules` when given.
 */
export function segmentTranscriptWer(
  reference: readonly TranscribedSegment[],
  candidate: readonly TranscribedSegment[],
  options: { readonly rules?: NormalisationRules; readonly match?: Omit<SegmentMatchOptions, "classAware"> } = {},
): SegmentTranscriptWer {
  const { matches } = matchSegments(reference, candidate, { ...options.match, classAware: true });
  const pairs = matchedTranscripts(reference, candidate, matches, options.rules);
  if (!pairs.length) return { wer: undefinedBecause("no matched segments both with a transcript"), pairs: 0 };
  return { wer: defined(pairs.reduce((sum, pair) => sum + pair.candidateWer, 0) / pairs.length), pairs: pairs.length };
}
