// Scoring a transcript task: 1 − WER, pooled over items.
import type { NormalisationRules } from "../quality/text-and-segments/normalisation";
import { alignUnits, ratesFromCounts, transcriptUnits, wildcardUnit, type TranscriptUnit } from "../quality/text-and-segments/transcript-rates";
import type { ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";
import type { RatioPair } from "./poisson-bootstrap";
import type { ModelScore, LeftOutReason, TaskScoring } from "./scoring";

type TranscriptTask = Extract<Task, { type: "transcript" }>;

/** The text of the item's entry for the task; null when it has none (an empty text is a transcript: "no speech"). */
export function transcriptText(result: readonly ResultEntry[], taskKey: string): string | null {
  const entry = result.find((candidate) => candidate.task === taskKey && candidate.type === "transcript");
  return entry?.type === "transcript" ? entry.text : null;
}

/**
 * Transcript scoring (definitions: transcript-rates.ts, after Morris, Maier & Green 2004 and jiwer). Model and labelers
 * alike: (N − errors, N) with N the reference's words and errors = S + D + I of a minimum-edit word alignment, after
 * `rules` when given; pooled, 1 − (Σ errors / Σ N), one minus the corpus-level WER (jiwer's WER of lists of
 * sentences). An empty reference gives (−I, 0): no words to get right, but insertions still count as corpus errors.
 * The item's own measure is 1 − its WER (jiwer: an empty reference's WER is its insertions), an error when its WER
 * is above `werErrorThreshold`. Overall also wer and cer, corpus-level on words and on characters (code points,
 * trimmed, as characterErrorRate). Items whose final label or prediction has no transcript entry are left out;
 * answers without one are not counted.
 */
export function transcriptScoring(task: TranscriptTask, rules: NormalisationRules | undefined, werErrorThreshold: number): TaskScoring {
  const wildcard = wildcardUnit(rules);
  const counts = (reference: string, hypothesis: string, unit: TranscriptUnit) => alignUnits(transcriptUnits(reference, unit, rules), transcriptUnits(hypothesis, unit, rules), wildcard);
  const pairOf = ({ hits, substitutions, deletions, insertions }: ReturnType<typeof counts>): RatioPair => {
    const referenceUnits = hits + substitutions + deletions;
    return { numerator: referenceUnits - (substitutions + deletions + insertions), denominator: referenceUnits };
  };
  const words = { errors: 0, reference: 0 };
  const characters = { errors: 0, reference: 0 };
  const pool = (total: typeof words, pair: RatioPair) => {
    total.errors += pair.denominator - pair.numerator;
    total.reference += pair.denominator;
  };
  const corpusRate = (total: typeof words) => (total.reference > 0 ? total.errors / total.reference : null);

  return {
    measure: "1 − WER",
    scoreModel(final, prediction): ModelScore | LeftOutReason {
      const reference = transcriptText(final, task.key);
      if (reference === null) return "noFinalLabel";
      const hypothesis = transcriptText(prediction, task.key);
      if (hypothesis === null) return "noPrediction";
      const wordCounts = counts(reference, hypothesis, "word");
      const pair = pairOf(wordCounts);
      pool(words, pair);
      pool(characters, pairOf(counts(reference, hypothesis, "character")));
      const { wer } = ratesFromCounts(wordCounts);
      return { pair, outcome: { measure: 1 - wer, error: wer > werErrorThreshold } };
    },
    scoreAnswer(final, answer) {
      const reference = transcriptText(final, task.key);
      const answered = transcriptText(answer, task.key);
      return reference === null || answered === null ? null : pairOf(counts(reference, answered, "word"));
    },
    figures: () => ({ overall: { wer: corpusRate(words), cer: corpusRate(characters) }, perClass: {} }),
  };
}
