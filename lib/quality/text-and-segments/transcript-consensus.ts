// Consensus among several labelers' transcripts of one clip: the medoid transcript.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import type { NormalisationRules } from "./normalisation";
import { alignUnits, ratesFromCounts, transcriptUnits, wildcardUnit } from "./transcript-rates";

/**
 * Flag threshold on the medoid's mean WER to the other transcripts. Careful human transcribers differ
 * from each other by roughly 4–10 % WER on conversational speech; above 25 % the transcripts disagree
 * on about one word in four and the medoid should go to review rather than be trusted.
 */
export const DEFAULT_TRANSCRIPT_FLAG_THRESHOLD = 0.25;

const TIE_TOLERANCE = 1e-9;

export interface TranscriptConsensusOptions {
  /** Normalisation applied before comparing; none by default. */
  readonly rules?: NormalisationRules;
  /** Flag when the medoid's mean WER to the others is strictly greater than this. Default 0.25. */
  readonly flagThreshold?: number;
}

export interface TranscriptConsensus {
  /** Index of the medoid in the input, or null when there were no transcripts. */
  readonly medoidIndex: number | null;
  /** The medoid as written by its labeler (not normalised), or null when there were no transcripts. */
  readonly medoidText: string | null;
  /** Mean over the other transcripts o of WER(reference = o, hypothesis = medoid); undefined with fewer than two transcripts. */
  readonly meanWerToOthers: Statistic;
  /** True when meanWerToOthers is defined and exceeds the threshold. */
  readonly flagged: boolean;
}

/**
 * The medoid transcript: the candidate c with the least total WER(reference = o, hypothesis = c) over
 * the other transcripts o, i.e. the transcript that would score best as a transcription of the clip if
 * each other labeler in turn were right. Jiwer's empty-reference convention applies, so when another
 * labeler heard silence, every word of c counts as one error against that labeler.
 *
 * Ties (totals within 1e-9 of each other, so that float summation order cannot decide) go to the transcript whose normalised text comes first in
 * code-unit order, then to the lowest index, so the choice depends neither on the order of labelers
 * nor on anything random.
 */
export function transcriptConsensus(transcripts: readonly string[], options: TranscriptConsensusOptions = {}): TranscriptConsensus {
  const flagThreshold = options.flagThreshold ?? DEFAULT_TRANSCRIPT_FLAG_THRESHOLD;
  if (!Number.isFinite(flagThreshold) || flagThreshold < 0) throw new Error(`flagThreshold must be a finite number >= 0, got ${flagThreshold}`);
  if (transcripts.length === 0) return { medoidIndex: null, medoidText: null, meanWerToOthers: undefinedBecause("no transcripts"), flagged: false };

  const wildcard = wildcardUnit(options.rules);
  const words = transcripts.map((text) => transcriptUnits(text, "word", options.rules));
  const totals = words.map((candidate, candidateIndex) =>
    words.reduce((total, other, otherIndex) => (otherIndex === candidateIndex ? total : total + ratesFromCounts(alignUnits(other, candidate, wildcard)).wer), 0),
  );

  const sortKey = words.map((candidate) => candidate.join(" "));
  let medoidIndex = 0;
  for (let index = 1; index < transcripts.length; index++) {
    const byTotal = totals[index]! - totals[medoidIndex]!;
    const tied = Math.abs(byTotal) <= TIE_TOLERANCE;
    if ((!tied && byTotal < 0) || (tied && sortKey[index]! < sortKey[medoidIndex]!)) medoidIndex = index;
  }
  const medoidText = transcripts[medoidIndex]!;
  if (transcripts.length === 1) return { medoidIndex, medoidText, meanWerToOthers: undefinedBecause("only one transcript: nothing to compare it with"), flagged: false };
  const meanWer = totals[medoidIndex]! / (transcripts.length - 1);
  return { medoidIndex, medoidText, meanWerToOthers: defined(meanWer), flagged: meanWer > flagThreshold };
}
