// Agreement and consensus for transcripts and audio segments.
export { transcriptDistance, segmentDistance } from "./distances";
export { DEFAULT_FRAME_SECONDS, frameAgreement, type FrameAgreement, type FrameOptions, type LabelFrameAlpha, type SegmentClip } from "./frames";
export { DEFAULT_NORMALISATION, normaliseTranscript, UNINTELLIGIBLE_TOKEN, writtenWords, type NormalisationRules, type UnintelligibleMode, type WrittenWord } from "./normalisation";
export { DEFAULT_MINIMUM_SEGMENT_SECONDS, segmentConsensus, type ConsensusSegment, type SegmentConsensusOptions } from "./segment-consensus";
export {
  DEFAULT_BOUNDARY_TOLERANCE_SECONDS,
  DEFAULT_SEGMENT_IOU_THRESHOLD,
  matchSegments,
  type SegmentMatch,
  type SegmentMatchOptions,
  type SegmentMatchResult,
} from "./segment-matching";
export { matchedTranscripts, segmentTranscriptWer, type SegmentTranscriptWer, type TranscribedSegment, type TranscriptPair } from "./segment-transcripts";
export { temporalIoU, type SegmentsByLabeler, type TimedSegment } from "./segments";
export { DEFAULT_TRANSCRIPT_FLAG_THRESHOLD, transcriptConsensus, type TranscriptConsensus, type TranscriptConsensusOptions } from "./transcript-consensus";
export { characterErrorRate, transcriptErrorRates, transcriptUnits, wordErrorRate, type TranscriptErrorRates, type TranscriptUnit } from "./transcript-rates";
export { alignmentCountsOf, alignWords, type AlignedWord } from "./word-alignment";
