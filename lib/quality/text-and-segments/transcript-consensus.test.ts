import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_NORMALISATION } from "./normalisation";
import { transcriptConsensus } from "./transcript-consensus";

describe("transcriptConsensus", () => {
  it("picks the transcript with the least total WER to the others and reports its mean", () => {
    const result = transcriptConsensus(["nearest glass station", "nearest gas station", "nearest gas station please"]);
    // Candidate 1 against 0 and 2 as references: 1/3 + 1/4; candidate 0: 1/3 + 2/4; candidate 2: 2/3 + 1/3.
    expect(result).toEqual({ medoidIndex: 1, medoidText: "nearest gas station", meanWerToOthers: { value: (1 / 3 + 1 / 4) / 2 }, flagged: true });
    expect(transcriptConsensus(["nearest gas station", "nearest gas station", "nearest glass station"])).toMatchObject({
      medoidIndex: 0,
      meanWerToOthers: { value: 1 / 6 },
      flagged: false,
    });
  });

  it("flags the medoid when its mean WER exceeds the threshold (default 0.25), strictly", () => {
    const transcripts = ["turn left here", "turn right there", "go straight on"];
    expect(transcriptConsensus(transcripts).flagged).toBe(true);
    expect(transcriptConsensus(["a b c d", "a b c x"], { flagThreshold: 0.25 })).toMatchObject({ meanWerToOthers: { value: 0.25 }, flagged: false });
    expect(transcriptConsensus(["a b c d", "a b c x"], { flagThreshold: 0.2 }).flagged).toBe(true);
  });

  it("compares under the project's rules and returns the medoid as its labeler wrote it", () => {
    const transcripts = ["Um, nearest gas station", "umm nearest gas station", "uh nearest gas station"];
    const result = transcriptConsensus(transcripts, { rules: DEFAULT_NORMALISATION });
    // The two "um" variants agree under the rules; the earlier one in normalised-then-index order wins the tie.
    expect(result).toMatchObject({ medoidIndex: 0, medoidText: "Um, nearest gas station", meanWerToOthers: { value: 0.125 } });
  });

  it("breaks ties by normalised text, then by input position, whatever the order of labelers", () => {
    expect(transcriptConsensus(["b", "a"])).toMatchObject({ medoidIndex: 1, medoidText: "a" });
    const word = fc.constantFrom("gas", "glass", "station", "nearest", "um");
    const transcripts = fc.array(
      fc.array(word, { maxLength: 5 }).map((words) => words.join(" ")),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(transcripts, fc.infiniteStream(fc.nat()), (texts, randomness) => {
        const shuffled = texts.map((text) => ({ text, key: randomness.next().value })).sort((p, q) => p.key - q.key).map((entry) => entry.text);
        expect(transcriptConsensus(shuffled).medoidText).toBe(transcriptConsensus(texts).medoidText);
      }),
    );
  });

  it("treats empty transcripts with jiwer's empty-reference convention", () => {
    // Candidate "" costs 0 (against "") + 1 (every word of "hello" deleted); "hello" costs 1 insertion against each "".
    expect(transcriptConsensus(["", "", "hello"])).toEqual({ medoidIndex: 0, medoidText: "", meanWerToOthers: { value: 0.5 }, flagged: true });
    expect(transcriptConsensus(["", ""])).toMatchObject({ medoidIndex: 0, meanWerToOthers: { value: 0 }, flagged: false });
  });

  it("handles no transcripts and a single transcript without a mean, and refuses a bad threshold", () => {
    expect(transcriptConsensus([])).toEqual({ medoidIndex: null, medoidText: null, meanWerToOthers: { value: null, reason: "no transcripts" }, flagged: false });
    expect(transcriptConsensus(["only me"])).toMatchObject({ medoidIndex: 0, medoidText: "only me", meanWerToOthers: { value: null }, flagged: false });
    expect(() => transcriptConsensus(["a"], { flagThreshold: Number.NaN })).toThrow(/^flagThreshold must be a finite number >= 0, got NaN$/);
  });
});
