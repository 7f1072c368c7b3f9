// A transcript aligned word by word with a reference (a consensus, say), to show where they differ:
// compared on the normalised words, as WER is, and reported with the words as written.
import { editAlignment, type AlignmentCounts } from "./edit-alignment";
import { writtenWords, type NormalisationRules, type WrittenWord } from "./normalisation";
import { unitIds, wildcardUnit } from "./transcript-rates";

/**
 * One step of a word alignment, with the words as written. `ignored` is a word the rules leave out of
 * the comparison (punctuation alone, or `[unintelligible]` under "drop"), kept so that nothing
 * written goes missing; it counts as nothing.
 */
export type AlignedWord =
  | { readonly type: "hit" | "substitution"; readonly reference: string; readonly hypothesis: string }
  | { readonly type: "deletion"; readonly reference: string }
  | { readonly type: "insertion"; readonly hypothesis: string }
  | { readonly type: "ignored"; readonly side: "reference" | "hypothesis"; readonly word: string };

/**
 * `hypothesis` aligned to `reference` word by word under `rules` (none: the words as written), by
 * editAlignment: fewest edits, then most hits, so `alignmentCountsOf` the result equals
 * transcriptErrorRates' counts for the same input. Read in order, the reference side (hits,
 * substitutions, deletions, ignored reference words) gives every reference word as written, and the
 * hypothesis side every hypothesis word; a word the rules ignore follows the compared word it followed.
 */
export function alignWords(reference: string, hypothesis: string, rules?: NormalisationRules): AlignedWord[] {
  const referenceWords = writtenWords(reference, rules);
  const hypothesisWords = writtenWords(hypothesis, rules);
  const unitsOf = (words: WrittenWord[]) => words.flatMap((word) => (word.unit === null ? [] : [word.unit]));
  const operations = editAlignment(...unitIds(unitsOf(referenceWords), unitsOf(hypothesisWords), wildcardUnit(rules)));

  const aligned: AlignedWord[] = [];
  /** Walks one side's words: the next compared word, after emitting the ignored ones before it. */
  const reader = (words: WrittenWord[], side: "reference" | "hypothesis") => {
    let next = 0;
    const skipIgnored = () => {
      for (; next < words.length && words[next]!.unit === null; next++) aligned.push({ type: "ignored", side, word: words[next]!.written });
    };
    return {
      take: () => {
        skipIgnored();
        return words[next++]!.written;
      },
      skipIgnored,
    };
  };
  const referenceSide = reader(referenceWords, "reference");
  const hypothesisSide = reader(hypothesisWords, "hypothesis");
  for (const type of operations) {
    if (type === "deletion") aligned.push({ type, reference: referenceSide.take() });
    else if (type === "insertion") aligned.push({ type, hypothesis: hypothesisSide.take() });
    else aligned.push({ type, reference: referenceSide.take(), hypothesis: hypothesisSide.take() });
  }
  referenceSide.skipIgnored();
  hypothesisSide.skipIgnored();
  return aligned;
}

/** Hits, substitutions, deletions and insertions of a word alignment (ignored words count as nothing). */
export function alignmentCountsOf(aligned: readonly AlignedWord[]): AlignmentCounts {
  const count = (type: AlignedWord["type"]) => aligned.filter((word) => word.type === type).length;
  return { hits: count("hit"), substitutions: count("substitution"), deletions: count("deletion"), insertions: count("insertion") };
}
