import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_NORMALISATION, type NormalisationRules } from "./normalisation";
import { characterErrorRate, transcriptErrorRates, wordErrorRate } from "./transcript-rates";

// Expected values below are jiwer's own test expectations (github.com/jitsi/jiwer, tests/), cited per case.
const measures = (reference: string, hypothesis: string, rules?: NormalisationRules) => {
  const { wer, mer, wil, wip } = transcriptErrorRates(reference, hypothesis, rules);
  return { wer, mer, wil, wip };
};
const expected = (wer: number, mer: number, wil: number) => ({ wer: expect.closeTo(wer, 12), mer: expect.closeTo(mer, 12), wil: expect.closeTo(wil, 12), wip: expect.closeTo(1 - wil, 12) });

describe("transcriptErrorRates against jiwer's tests", () => {
  it("reproduces tests/test_measures.py test_input_ref_string_hyp_string", () => {
    expect(measures("This is a test", "This is a test")).toEqual(expected(0, 0, 0));
    expect(measures("This is a test", "")).toEqual(expected(1, 1, 1));
    expect(measures("This is a test", "This test")).toEqual(expected(0.5, 0.5, 0.5));
  });

  it("reproduces test_known_values: Morris, Maier & Green (2004)'s examples as jiwer transcribes them", () => {
    expect(measures("X", "X")).toEqual(expected(0, 0, 0));
    expect(measures("X", "X X Y Y")).toEqual(expected(3, 0.75, 0.75));
    expect(measures("X Y X", "X Z")).toEqual(expected(2 / 3, 2 / 3, 5 / 6));
    expect(measures("X", "Y")).toEqual(expected(1, 1, 1));
    expect(measures("X", "Y Z")).toEqual(expected(2, 1, 1));
  });

  it("reproduces test_different_sentence_length (jiwer joins a list of sentences; its test checks that equivalence)", () => {
    expect(measures("hello this sentence is fractured", "this sentence")).toEqual(expected(0.6, 0.6, 0.6));
    expect(measures("i am a short ground truth", "i am a considerably longer and very much incorrect hypothesis")).toEqual(expected(7 / 6, 0.7, 0.85));
  });

  it("reproduces the counts of tests/test_alignment.py", () => {
    expect(transcriptErrorRates("this is a test of skill", "this was a messy test")).toMatchObject({ hits: 3, substitutions: 1, deletions: 2, insertions: 1 });
    // test_show_measures: substitutions=3 deletions=5 insertions=0 hits=1, mer=wer=88.89%, wil=97.22%, wip=2.78%.
    const shown = transcriptErrorRates("this test will  have a high word error rate", "no it will not");
    expect(shown).toMatchObject({ hits: 1, substitutions: 3, deletions: 5, insertions: 0 });
    expect(shown.wer).toBeCloseTo(8 / 9, 12);
    expect(shown.mer).toBeCloseTo(8 / 9, 12);
    expect(shown.wip).toBeCloseTo(1 / 36, 12);
  });

  it("follows tests/test_empty_ref.py for empty references and hypotheses", () => {
    expect(transcriptErrorRates("", "")).toEqual({ hits: 0, substitutions: 0, deletions: 0, insertions: 0, wer: 0, mer: 0, wil: 0, wip: 1 });
    expect(transcriptErrorRates("", "hello")).toEqual({ hits: 0, substitutions: 0, deletions: 0, insertions: 1, wer: 1, mer: 1, wil: 1, wip: 0 });
    for (let words = 2; words <= 10; words++) {
      const hypothesis = Array.from({ length: words }, (_, k) => String(k)).join(" ");
      expect(transcriptErrorRates("", hypothesis)).toMatchObject({ insertions: words, wer: words, mer: 1, wil: 1, wip: 0 });
    }
    expect(transcriptErrorRates("hello", "")).toEqual({ hits: 0, substitutions: 0, deletions: 1, insertions: 0, wer: 1, mer: 1, wil: 1, wip: 0 });
    // Whitespace-only text has no words.
    expect(transcriptErrorRates("  \n", "\t")).toMatchObject({ wer: 0, mer: 0, wil: 0, wip: 1 });
  });
});

describe("characterErrorRate against jiwer's tests", () => {
  it("reproduces tests/test_cer.py", () => {
    expect(characterErrorRate("This is a test", "This is a test")).toBe(0);
    expect(characterErrorRate("This is a test", "")).toBe(1);
    expect(characterErrorRate("This is a test", "This test")).toBeCloseTo(5 / 14, 12);
    // test_known_values (Morris et al.'s strings at character level, spaces included).
    expect(characterErrorRate("X", "X")).toBe(0);
    expect(characterErrorRate("X", "X X Y Y")).toBe(6);
    expect(characterErrorRate("X Y X", "X Z")).toBeCloseTo(3 / 5, 12);
    expect(characterErrorRate("X", "Y")).toBe(1);
    expect(characterErrorRate("X", "Y Z")).toBe(3);
  });

  it("reproduces test_alignment.py's character summary: 33 errors on 43 characters, double space kept", () => {
    expect(characterErrorRate("this test will  have a high word error rate", "no it will not")).toBeCloseTo(33 / 43, 12);
  });

  it("follows test_empty_ref.py test_cer_empty_ref and trims the ends like jiwer's Strip", () => {
    expect(characterErrorRate("", "")).toBe(0);
    expect(characterErrorRate("", "a")).toBe(1);
    expect(characterErrorRate("", "abd")).toBe(3);
    expect(characterErrorRate("a", "")).toBe(1);
    expect(characterErrorRate("abc", "")).toBe(1);
    expect(characterErrorRate("  abc ", "abc")).toBe(0);
  });

  it("counts code points, not UTF-16 code units", () => {
    expect(characterErrorRate("a😀b", "a😁b")).toBeCloseTo(1 / 3, 12);
  });
});

describe("ties between minimum-edit alignments", () => {
  it("prefer the alignment with more hits; WER is the same either way", () => {
    // jiwer reports S=2 here (MER 1, WIL 1); both alignments make 2 edits.
    expect(transcriptErrorRates("a b", "b c")).toEqual({ hits: 1, substitutions: 0, deletions: 1, insertions: 1, wer: 1, mer: 2 / 3, wil: 0.75, wip: 0.25 });
  });
});

describe("normalisation in error rates", () => {
  it("counts the fixture phrases as one substitution as written and as identical under the default rules", () => {
    expect(wordErrorRate("um, nearest gas station", "umm, nearest gas station")).toBe(0.25);
    expect(wordErrorRate("um, nearest gas station", "umm, nearest gas station", DEFAULT_NORMALISATION)).toBe(0);
    expect(characterErrorRate("um, nearest gas station", "umm, nearest gas station", DEFAULT_NORMALISATION)).toBe(0);
  });

  it("treats [unintelligible] by the chosen mode", () => {
    const heard = "nearest gas station";
    const keep = { ...DEFAULT_NORMALISATION, unintelligible: "keep" } as const;
    const drop = { ...DEFAULT_NORMALISATION, unintelligible: "drop" } as const;
    const wildcard = { ...DEFAULT_NORMALISATION, unintelligible: "wildcard" } as const;
    // keep: one word that only matches itself.
    expect(transcriptErrorRates(heard, "[unintelligible] gas station", keep)).toMatchObject({ hits: 2, substitutions: 1 });
    expect(wordErrorRate("[Unintelligible], gas station", "[unintelligible] gas station", keep)).toBe(0);
    // drop: as if nothing had been written.
    expect(transcriptErrorRates(heard, "[unintelligible] gas station", drop)).toMatchObject({ hits: 2, deletions: 1, substitutions: 0 });
    expect(wordErrorRate("nearest [unintelligible] gas station", heard, drop)).toBe(0);
    // wildcard: matches exactly one word, whatever it is, and no more.
    expect(wordErrorRate(heard, "[unintelligible] gas station", wildcard)).toBe(0);
    expect(wordErrorRate("[unintelligible] gas station", heard, wildcard)).toBe(0);
    expect(transcriptErrorRates(heard, "[unintelligible]", wildcard)).toMatchObject({ hits: 1, deletions: 2 });
    expect(transcriptErrorRates(heard, "[unintelligible] [unintelligible] [unintelligible] [unintelligible]", wildcard)).toMatchObject({ hits: 3, insertions: 1 });
    // At character level the wildcard is one character.
    expect(characterErrorRate("gas x", "gas [unintelligible]", wildcard)).toBe(0);
  });

  it("does nothing to the text unless rules are passed", () => {
    expect(wordErrorRate("Gas station", "gas station")).toBe(0.5);
    expect(wordErrorRate("[unintelligible] station", "gas station")).toBe(0.5);
  });
});

describe("properties", () => {
  const word = fc.constantFrom("um", "umm", "gas", "Gas", "station,", "[unintelligible]", "near", "a", "é");
  const transcript = fc.array(word, { maxLength: 12 }).map((words) => words.join(" "));
  const rules = fc.constantFrom<NormalisationRules | undefined>(
    undefined,
    DEFAULT_NORMALISATION,
    { ...DEFAULT_NORMALISATION, unintelligible: "drop" },
    { ...DEFAULT_NORMALISATION, unintelligible: "wildcard" },
  );

  it("WER(x, x) = 0 and CER(x, x) = 0, with or without rules", () => {
    fc.assert(
      fc.property(fc.oneof(transcript, fc.string()), rules, (text, chosen) => {
        expect(wordErrorRate(text, text, chosen)).toBe(0);
        expect(characterErrorRate(text, text, chosen)).toBe(0);
      }),
    );
  });

  it("keeps MER, WIL and WIP in [0, 1] with WIL + WIP = 1, and swapping the sides swaps deletions and insertions", () => {
    fc.assert(
      fc.property(transcript, transcript, rules, (reference, hypothesis, chosen) => {
        const forward = transcriptErrorRates(reference, hypothesis, chosen);
        const backward = transcriptErrorRates(hypothesis, reference, chosen);
        for (const value of [forward.mer, forward.wil, forward.wip]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
        expect(forward.wer).toBeGreaterThanOrEqual(forward.mer);
        expect(forward.wil + forward.wip).toBeCloseTo(1, 12);
        expect(backward).toMatchObject({ hits: forward.hits, substitutions: forward.substitutions, deletions: forward.insertions, insertions: forward.deletions });
      }),
    );
  });
});
