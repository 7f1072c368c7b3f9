import { describe, expect, it } from "vitest";
import { DEFAULT_NORMALISATION } from "./normalisation";
import { matchSegments } from "./segment-matching";
import { matchedTranscripts, segmentTranscriptWer, type TranscribedSegment } from "./segment-transcripts";
import { wordErrorRate } from "./transcript-rates";

const said = (start: number, end: number, transcript?: string, label = "speech"): TranscribedSegment => ({ label, start, end, ...(transcript === undefined ? {} : { transcript }) });

describe("matchedTranscripts", () => {
  it("gives the WER each way of every matched pair where both segments have a transcript, an empty one included", () => {
    const reference = [said(0, 1, "turn on the light"), said(2, 3, "thank you"), said(4, 5, "call mom"), said(6, 7, "")];
    const candidate = [said(6.1, 7, "hello there"), said(0.1, 1, "turn on light"), said(2, 3), said(4, 5.1, "call mum")];
    const { matches } = matchSegments(reference, candidate);
    expect(matches.map(({ referenceIndex, candidateIndex }) => [referenceIndex, candidateIndex])).toEqual([[0, 1], [1, 2], [2, 3], [3, 0]]);
    // The pair at 2–3 s is left out: the candidate typed nothing there.
    expect(matchedTranscripts(reference, candidate, matches)).toEqual([
      { referenceIndex: 0, candidateIndex: 1, candidateWer: wordErrorRate("turn on the light", "turn on light"), referenceWer: wordErrorRate("turn on light", "turn on the light") },
      { referenceIndex: 2, candidateIndex: 3, candidateWer: wordErrorRate("call mom", "call mum"), referenceWer: wordErrorRate("call mum", "call mom") },
      { referenceIndex: 3, candidateIndex: 0, candidateWer: wordErrorRate("", "hello there"), referenceWer: wordErrorRate("hello there", "") },
    ]);
    // The same figures by hand: one deletion of 4 words, one insertion on 3; one substitution in 2 either way;
    // against silence every word is an insertion (jiwer's convention), and silence against 2 words deletes both.
    expect(matchedTranscripts(reference, candidate, matches).map(({ candidateWer, referenceWer }) => [candidateWer, referenceWer])).toEqual([
      [1 / 4, 1 / 3],
      [1 / 2, 1 / 2],
      [2, 1],
    ]);
  });

  it("normalises with the rules when given", () => {
    const [pair] = matchedTranscripts([said(0, 1, "Um, nearest gas station")], [said(0, 1, "umm nearest gas station")], [{ referenceIndex: 0, candidateIndex: 0 }], DEFAULT_NORMALISATION);
    expect(pair).toMatchObject({ candidateWer: 0, referenceWer: 0 });
  });
});

describe("segmentTranscriptWer", () => {
  it("is the mean of the candidate's WER against the reference over segments matched within their label", () => {
    const consensus = [said(0, 1, "turn on the light"), said(2, 3, "thank you"), said(0, 3, undefined, "noise")];
    // The candidate's noise segment over 2–3 s carries a transcript but cannot stand in for the speech there.
    const labeler = [said(0.05, 1, "turn on light"), said(2, 3, "thank you very much", "noise"), said(2.1, 3, "thank you")];
    const result = segmentTranscriptWer(consensus, labeler, { rules: DEFAULT_NORMALISATION });
    expect(result).toEqual({ wer: { value: (wordErrorRate("turn on the light", "turn on light") + wordErrorRate("thank you", "thank you")) / 2 }, pairs: 2 });
    expect(result.wer.value).toBe(1 / 8);
  });

  it("is undefined without a matched pair that has two transcripts", () => {
    expect(segmentTranscriptWer([said(0, 1, "hello")], [said(0, 1)])).toEqual({ wer: { value: null, reason: "no matched segments both with a transcript" }, pairs: 0 });
    expect(segmentTranscriptWer([said(0, 1, "hello")], [said(5, 6, "hello")]).pairs).toBe(0);
  });
});
