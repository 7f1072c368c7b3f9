import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNINTELLIGIBLE } from "../../validation/project";
import { DEFAULT_NORMALISATION, normaliseTranscript, UNINTELLIGIBLE_TOKEN, writtenWords, type NormalisationRules } from "./normalisation";
import { transcriptUnits } from "./transcript-rates";

const NOTHING: NormalisationRules = { lowerCase: false, removePunctuation: false, collapseWhitespace: false, fillers: {}, unintelligible: "keep" };

describe("normaliseTranscript", () => {
  it("uses the same unintelligible marker as annotation validation", () => {
    expect(UNINTELLIGIBLE_TOKEN).toBe(UNINTELLIGIBLE);
  });

  it("makes the fixture phrases 'um, nearest gas station' and 'umm, nearest gas station' identical under the default rules", () => {
    expect(normaliseTranscript("um, nearest gas station", DEFAULT_NORMALISATION)).toBe("um nearest gas station");
    expect(normaliseTranscript("umm, nearest gas station", DEFAULT_NORMALISATION)).toBe("um nearest gas station");
  });

  it("applies each rule only when it is on", () => {
    const text = "  Um, Nearest  GAS-station! ";
    expect(normaliseTranscript(text, NOTHING)).toBe(text);
    expect(normaliseTranscript(text, { ...NOTHING, lowerCase: true })).toBe("  um, nearest  gas-station! ");
    expect(normaliseTranscript(text, { ...NOTHING, removePunctuation: true })).toBe("  Um Nearest  GASstation ");
    expect(normaliseTranscript(text, { ...NOTHING, collapseWhitespace: true })).toBe("Um, Nearest GAS-station!");
  });

  it("removes every Unicode punctuation character without inserting spaces, as jiwer's RemovePunctuation does", () => {
    expect(normaliseTranscript("don't — «¿qué?» well-known", { ...NOTHING, removePunctuation: true, collapseWhitespace: true })).toBe("dont qué wellknown");
  });

  it("maps filler variants by whole word, ignoring case, after punctuation removal", () => {
    const rules = { ...NOTHING, removePunctuation: true, fillers: DEFAULT_NORMALISATION.fillers };
    expect(normaliseTranscript("UMM, uhh... Uhm drummer er", rules)).toBe("um uh um drummer uh");
    // Without punctuation removal "umm," is not a whole-word variant.
    expect(normaliseTranscript("umm, umm", { ...NOTHING, fillers: DEFAULT_NORMALISATION.fillers })).toBe("umm, um");
  });

  it("keeps the unintelligible marker intact and makes it a word of its own", () => {
    const rules = { ...DEFAULT_NORMALISATION, unintelligible: "keep" } as const;
    expect(normaliseTranscript("The [Unintelligible], station", rules)).toBe("the [unintelligible] station");
    expect(normaliseTranscript("gas[unintelligible]station", rules)).toBe("gas [unintelligible] station");
    expect(normaliseTranscript("gas[unintelligible]station", { ...rules, unintelligible: "wildcard" })).toBe("gas [unintelligible] station");
  });

  it("drops the marker without joining its neighbours", () => {
    const rules = { ...DEFAULT_NORMALISATION, unintelligible: "drop" } as const;
    expect(normaliseTranscript("nearest [unintelligible] gas[unintelligible]station", rules)).toBe("nearest gas station");
    expect(normaliseTranscript("[unintelligible]", rules)).toBe("");
  });

  it("refuses malformed filler tables and modes with a one-line message", () => {
    expect(() => normaliseTranscript("x", { ...NOTHING, fillers: { um: ["umm"], uh: ["UMM"] } })).toThrow(/^filler variant "UMM" is listed under both "um" and "uh"$/);
    expect(() => normaliseTranscript("x", { ...NOTHING, fillers: { um: ["u m"] } })).toThrow(/must be one non-empty word/);
    expect(() => normaliseTranscript("x", { ...NOTHING, fillers: { "": ["um"] } })).toThrow(/must be one non-empty word/);
    expect(() => normaliseTranscript("x", { ...NOTHING, unintelligible: "ignore" as never })).toThrow(/^unintelligible must be one of keep, drop, wildcard, got "ignore"$/);
  });
});

describe("writtenWords", () => {
  it("pairs each word as written with the unit it is compared as", () => {
    expect(writtenWords("Umm, turn ON the lights.", DEFAULT_NORMALISATION)).toEqual([
      { written: "Umm,", unit: "um" },
      { written: "turn", unit: "turn" },
      { written: "ON", unit: "on" },
      { written: "the", unit: "the" },
      { written: "lights.", unit: "lights" },
    ]);
    expect(writtenWords("Turn  on", undefined)).toEqual([
      { written: "Turn", unit: "Turn" },
      { written: "on", unit: "on" },
    ]);
  });

  it("keeps the words the rules remove, with no unit", () => {
    expect(writtenWords("turn — on [Unintelligible]", { ...DEFAULT_NORMALISATION, unintelligible: "drop" })).toEqual([
      { written: "turn", unit: "turn" },
      { written: "—", unit: null },
      { written: "on", unit: "on" },
      { written: "[Unintelligible]", unit: null },
    ]);
  });

  it("cuts a glued [unintelligible] out of its word under rules, as normaliseTranscript does, and not without them", () => {
    expect(writtenWords("gas[Unintelligible]station,", DEFAULT_NORMALISATION)).toEqual([
      { written: "gas", unit: "gas" },
      { written: "[Unintelligible]", unit: "[unintelligible]" },
      { written: "station,", unit: "station" },
    ]);
    expect(writtenWords("gas[unintelligible]station")).toEqual([{ written: "gas[unintelligible]station", unit: "gas[unintelligible]station" }]);
  });

  it("gives exactly the units transcripts are compared in, under any rules", () => {
    const piece = fc.constantFrom("um", "Umm,", "gas", "—", "...", "[unintelligible]", "[UNINTELLIGIBLE]", "station!", "é", "er", "don't");
    const text = fc.array(fc.tuple(piece, fc.constantFrom(" ", "", "  ", "\t")), { maxLength: 10 }).map((pairs) => pairs.map(([word, gap]) => word + gap).join(""));
    const rules = fc.constantFrom<NormalisationRules | undefined>(undefined, NOTHING, DEFAULT_NORMALISATION, { ...DEFAULT_NORMALISATION, unintelligible: "drop" }, { ...DEFAULT_NORMALISATION, unintelligible: "wildcard" });
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), rules, (written, chosen) => {
        const words = writtenWords(written, chosen);
        expect(words.flatMap((word) => (word.unit === null ? [] : [word.unit]))).toEqual(transcriptUnits(written, "word", chosen));
        // Nothing written is lost: the words are the text's non-space characters, in order.
        expect(words.map((word) => word.written).join("")).toBe(written.replace(/\s+/g, ""));
      }),
    );
  });
});
