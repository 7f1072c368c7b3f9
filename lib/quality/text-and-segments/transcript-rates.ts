// Word and character error measures between two transcripts.
//
// Definitions: Morris, Maier & Green (2004), "From WER and RIL to MER and WIL: improved evaluation
// measures for connected speech recognition", Interspeech 2004. From a minimum-edit alignment with
// H hits, S substitutions, D deletions and I insertions:
//   WER = (S + D + I) / (H + S + D)          word error rate (can exceed 1)
//   MER = (S + D + I) / (H + S + D + I)      match error rate
//   WIP = H / (H + S + D) · H / (H + S + I)  word information preserved
//   WIL = 1 − WIP                            word information lost
//   CER = WER computed on characters (Unicode code points); spaces are characters.
//
// Conventions follow jiwer (https://github.com/jitsi/jiwer, process.py) where it defines them:
// - empty reference: WER (and CER) = the number of inserted units (0 when both are empty), MER = WIL = 1
//   and WIP = 0 when the hypothesis has units, MER = WIL = 0 and WIP = 1 when both are empty;
// - empty hypothesis, non-empty reference: WER = MER = WIL = 1, WIP = 0 (the formulas, with WIP = 0);
// - CER trims leading and trailing whitespace (jiwer's cer_default `Strip`) and keeps inner spaces.
// Deliberate differences from jiwer: words are split on any run of Unicode whitespace (jiwer splits on
// " " after collapsing runs of two or more, so one tab joins two words there); ties between
// minimum-edit alignments are broken towards more hits (see alignmentCounts).
import { alignmentCounts, WILDCARD_UNIT, type AlignmentCounts } from "./edit-alignment";
import { normaliseTranscript, splitWords, UNINTELLIGIBLE_TOKEN, type NormalisationRules } from "./normalisation";

export interface TranscriptErrorRates extends AlignmentCounts {
  readonly wer: number;
  readonly mer: number;
  readonly wil: number;
  readonly wip: number;
}

/** Maps units to integer ids for one comparison; the wildcard unit maps to WILDCARD_UNIT. */
class UnitIds {
  private readonly ids = new Map<string, number>();
  constructor(private readonly wildcard: string | null) {}
  of(units: readonly string[]): Int32Array {
    const result = new Int32Array(units.length);
    units.forEach((unit, index) => {
      let id = unit === this.wildcard ? WILDCARD_UNIT : this.ids.get(unit);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(unit, id);
      }
      result[index] = id;
    });
    return result;
  }
}

export type TranscriptUnit = "word" | "character";

/** The unit that matches anything under these rules, if any. */
export function wildcardUnit(rules: NormalisationRules | undefined): string | null {
  return rules?.unintelligible === "wildcard" ? UNINTELLIGIBLE_TOKEN : null;
}

/**
 * The units a transcript is compared in, after the rules when given: whitespace-separated words, or the
 * code points of the trimmed text. Under wildcard rules each `[unintelligible]` is one unit either way.
 */
export function transcriptUnits(text: string, unit: TranscriptUnit, rules?: NormalisationRules): string[] {
  const prepared = rules ? normaliseTranscript(text, rules) : text;
  if (unit === "word") return splitWords(prepared);
  const trimmed = prepared.trim();
  const wildcard = wildcardUnit(rules);
  if (wildcard === null) return Array.from(trimmed);
  return trimmed.split(wildcard).flatMap((piece, index) => (index === 0 ? Array.from(piece) : [wildcard, ...Array.from(piece)]));
}

/** Two unit sequences as the integer ids the alignment compares, the same unit the same id on both sides; `wildcard` names the unit that matches anything. */
export function unitIds(reference: readonly string[], hypothesis: readonly string[], wildcard: string | null): [Int32Array, Int32Array] {
  const ids = new UnitIds(wildcard);
  return [ids.of(reference), ids.of(hypothesis)];
}

/** Alignment counts of two unit sequences; `wildcard` names the unit that matches anything. */
export function alignUnits(reference: readonly string[], hypothesis: readonly string[], wildcard: string | null): AlignmentCounts {
  return alignmentCounts(...unitIds(reference, hypothesis, wildcard));
}

/** WER, MER, WIL and WIP from alignment counts, with jiwer's empty-reference conventions. */
export function ratesFromCounts(counts: AlignmentCounts): TranscriptErrorRates {
  const { hits, substitutions, deletions, insertions } = counts;
  const referenceLength = hits + substitutions + deletions;
  const hypothesisLength = hits + substitutions + insertions;
  const errors = substitutions + deletions + insertions;
  if (referenceLength === 0) {
    const silenceAgreed = hypothesisLength === 0;
    return { ...counts, wer: insertions, mer: silenceAgreed ? 0 : 1, wil: silenceAgreed ? 0 : 1, wip: silenceAgreed ? 1 : 0 };
  }
  const wip = hypothesisLength === 0 ? 0 : (hits / referenceLength) * (hits / hypothesisLength);
  return { ...counts, wer: errors / referenceLength, mer: errors / (referenceLength + insertions), wil: 1 - wip, wip };
}

function errorRates(reference: string, hypothesis: string, unit: TranscriptUnit, rules: NormalisationRules | undefined): TranscriptErrorRates {
  const counts = alignUnits(transcriptUnits(reference, unit, rules), transcriptUnits(hypothesis, unit, rules), wildcardUnit(rules));
  return ratesFromCounts(counts);
}

/** Word-level counts and WER, MER, WIL, WIP of `hypothesis` against `reference`, normalised by `rules` when given. */
export function transcriptErrorRates(reference: string, hypothesis: string, rules?: NormalisationRules): TranscriptErrorRates {
  return errorRates(reference, hypothesis, "word", rules);
}

/** Word error rate of `hypothesis` against `reference`. */
export function wordErrorRate(reference: string, hypothesis: string, rules?: NormalisationRules): number {
  return transcriptErrorRates(reference, hypothesis, rules).wer;
}

/** Character error rate of `hypothesis` against `reference` (code points, spaces included, ends trimmed). */
export function characterErrorRate(reference: string, hypothesis: string, rules?: NormalisationRules): number {
  return errorRates(reference, hypothesis, "character", rules).wer;
}
