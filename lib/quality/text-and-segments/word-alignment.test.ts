import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_NORMALISATION, normaliseTranscript, splitWords, writtenWords, type NormalisationRules } from "./normalisation";
import { transcriptErrorRates } from "./transcript-rates";
import { alignmentCountsOf, alignWords, type AlignedWord } from "./word-alignment";

/** An alignment in short: "word" a hit, "ref→hyp" a substitution, "-ref" a deletion, "+hyp" an insertion, "(word)" ignored. */
function short(aligned: readonly AlignedWord[]): string[] {
  return aligned.map((word) => {
    switch (word.type) {
      case "hit":
        return word.reference === word.hypothesis ? word.reference : `${word.reference}=${word.hypothesis}`;
      case "substitution":
        return `${word.reference}→${word.hypothesis}`;
      case "deletion":
        return `-${word.reference}`;
      case "insertion":
        return `+${word.hypothesis}`;
      case "ignored":
        return `(${word.word})`;
    }
  });
}

const counts = (reference: string, hypothesis: string, rules?: NormalisationRules) => {
  const { hits, substitutions, deletions, insertions } = transcriptErrorRates(reference, hypothesis, rules);
  return { hits, substitutions, deletions, insertions };
};

// Expected alignments are jiwer's visualize_alignment output in github.com/jitsi/jiwer tests/test_alignment.py,
// TestAlignmentVisualizationWords, cited per case (its REF/HYP rows, with S, D and I under the words).
describe("alignWords against jiwer's alignment tests", () => {
  const cases: [test: string, reference: string, hypothesis: string, expected: string[]][] = [
    ["test_insertion", "this is a", "this is a test", ["this", "is", "a", "+test"]],
    ["test_deletion", "this is a test", "this is a", ["this", "is", "a", "-test"]],
    ["test_substitution", "this is a test", "this was a test", ["this", "is→was", "a", "test"]],
    ["test_all_three", "this is a test of skill", "this was a messy test", ["this", "is→was", "a", "+messy", "test", "-of", "-skill"]],
    ["test_empty_hypothesis", "empty", "", ["-empty"]],
    ["test_empty_ref", "", "", []],
    ["test_empty_ref_with_hyp_deletion", "", "inserted", ["+inserted"]],
    ["test_line_width", "this sentence could be split", "this sentence will be split by ai", ["this", "sentence", "could→will", "be", "split", "+by", "+ai"]],
    // jiwer aligns a list of sentences one by one; these have no word in common across sentences, so joined they align the same.
    ["test_multiple_sentences", "one two", "1 2", ["one→1", "two→2"]],
    ["test_skip_correct", "perfect one two three", "perfect 1 2 three", ["perfect", "one→1", "two→2", "three"]],
  ];
  it.each(cases)("reproduces %s", (_test, reference, hypothesis, expected) => {
    const aligned = alignWords(reference, hypothesis);
    expect(short(aligned)).toEqual(expected);
    expect(alignmentCountsOf(aligned)).toEqual(counts(reference, hypothesis));
  });

  it("reproduces test_show_measures' counts (S=3, D=5, I=0, H=1); the one hit is 'will', the first two words are substituted", () => {
    // Where the third substitution goes among "have a high word error rate" → "not" is a tie of equal cost; jiwer puts it on "have".
    const aligned = alignWords("this test will  have a high word error rate", "no it will not");
    expect(alignmentCountsOf(aligned)).toEqual({ hits: 1, substitutions: 3, deletions: 5, insertions: 0 });
    expect(short(aligned).slice(0, 3)).toEqual(["this→no", "test→it", "will"]);
  });
});

describe("alignWords' counts are transcriptErrorRates' counts", () => {
  it("on jiwer's measure tests and Morris, Maier & Green (2004)'s examples", () => {
    const pairs: [string, string][] = [
      ["This is a test", "This is a test"],
      ["This is a test", ""],
      ["This is a test", "This test"],
      ["X", "X X Y Y"],
      ["X Y X", "X Z"],
      ["X", "Y Z"],
      ["hello this sentence is fractured", "this sentence"],
      ["i am a short ground truth", "i am a considerably longer and very much incorrect hypothesis"],
      ["a b", "b c"],
    ];
    for (const [reference, hypothesis] of pairs) expect(alignmentCountsOf(alignWords(reference, hypothesis)), `${reference} | ${hypothesis}`).toEqual(counts(reference, hypothesis));
  });

  it("under rules, comparing normalised words and reporting them as written", () => {
    const aligned = alignWords("Umm, turn ON the kitchen lights.", "uh turn on kitchen light!", DEFAULT_NORMALISATION);
    expect(short(aligned)).toEqual(["Umm,→uh", "turn", "ON=on", "-the", "kitchen", "lights.→light!"]);
    expect(alignmentCountsOf(aligned)).toEqual(counts("Umm, turn ON the kitchen lights.", "uh turn on kitchen light!", DEFAULT_NORMALISATION));
  });

  it("keeps the words the rules ignore where they were written, counting them as nothing", () => {
    const drop = { ...DEFAULT_NORMALISATION, unintelligible: "drop" } as const;
    expect(short(alignWords("turn — on the lights", "turn on [unintelligible] lights …", drop))).toEqual(["turn", "(—)", "on", "-the", "([unintelligible])", "lights", "(…)"]);
  });

  it("matches [unintelligible] with any one word under wildcard rules, and cuts it out of a word it is glued to", () => {
    const wildcard = { ...DEFAULT_NORMALISATION, unintelligible: "wildcard" } as const;
    expect(short(alignWords("nearest gas station", "nearest [unintelligible] station", wildcard))).toEqual(["nearest", "gas=[unintelligible]", "station"]);
    expect(short(alignWords("nearest gas station", "nearest gas[unintelligible]", wildcard))).toEqual(["nearest", "gas", "station=[unintelligible]"]);
  });
});

describe("alignWords properties", () => {
  const word = fc.constantFrom("um", "Umm,", "gas", "Gas", "station,", "—", "[unintelligible]", "near", "a", "é");
  const transcript = fc.array(word, { maxLength: 14 }).map((words) => words.join(" "));
  const rules = fc.constantFrom<NormalisationRules | undefined>(undefined, DEFAULT_NORMALISATION, { ...DEFAULT_NORMALISATION, unintelligible: "drop" }, { ...DEFAULT_NORMALISATION, unintelligible: "wildcard" });
  const unitOf = (written: string, chosen: NormalisationRules | undefined) => (chosen ? splitWords(normaliseTranscript(written, chosen))[0] : written);

  it("counts what transcriptErrorRates counts, reads back both transcripts as written, and says hit only where the compared words match", () => {
    fc.assert(
      fc.property(transcript, transcript, rules, (reference, hypothesis, chosen) => {
        const aligned = alignWords(reference, hypothesis, chosen);
        expect(alignmentCountsOf(aligned)).toEqual(counts(reference, hypothesis, chosen));
        const referenceSide = aligned.flatMap((step) => (step.type === "insertion" ? [] : step.type === "ignored" ? (step.side === "reference" ? [step.word] : []) : [step.reference]));
        const hypothesisSide = aligned.flatMap((step) => (step.type === "deletion" ? [] : step.type === "ignored" ? (step.side === "hypothesis" ? [step.word] : []) : [step.hypothesis]));
        expect(referenceSide).toEqual(writtenWords(reference, chosen).map((written) => written.written));
        expect(hypothesisSide).toEqual(writtenWords(hypothesis, chosen).map((written) => written.written));
        const wildcard = chosen?.unintelligible === "wildcard" ? "[unintelligible]" : null;
        for (const step of aligned) {
          if (step.type !== "hit" && step.type !== "substitution") continue;
          const [a, b] = [unitOf(step.reference, chosen), unitOf(step.hypothesis, chosen)];
          expect(a === b || a === wildcard || b === wildcard, `${step.type} ${step.reference} / ${step.hypothesis}`).toBe(step.type === "hit");
        }
      }),
      { numRuns: 300 },
    );
  });
});
