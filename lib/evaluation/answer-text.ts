// An answer and an item's outcome in words, for a person going through a model's errors: "final: scratch · model: ok
// (0.62)" rather than two JSON results.
import type { Task } from "@/lib/validation/project";
import type { ItemOutcome, MeasureName, PredictedEntry } from "./types";

/** The figure each kind of task is scored by, one item at a time (as the evaluators of objects.ts and transcripts.ts say). */
const MEASURE_OF: Record<Task["type"], MeasureName> = {
  classification: "accuracy",
  bbox: "matched F1 at IoU 0.5",
  polygon: "matched F1 at IoU 0.5",
  segment: "segment F1",
  transcript: "1 − WER",
};

const withScores = (scores: readonly (number | undefined)[]) => {
  const given = scores.filter((score): score is number => score !== undefined);
  return given.length ? ` (${given.map((score) => score.toFixed(2)).join(", ")})` : "";
};

/**
 * One task's answer in words: its classes ("scratch + dent"), its shapes or segments counted per label
 * ("scratch ×2, dent"), or its transcript in quotes; each with the model's scores when it gave them. "nothing" when
 * the answer is empty.
 */
export function answerText(entries: readonly PredictedEntry[]): string {
  const parts: string[] = [];
  const byLabel = new Map<string, (number | undefined)[]>();
  for (const entry of entries) {
    if (entry.type === "classification") parts.push(`${entry.values.join(" + ") || "no class"}${withScores([entry.score])}`);
    else if (entry.type === "transcript") parts.push(`“${entry.text.trim()}”${withScores([entry.score])}`);
    else byLabel.set(entry.label, [...(byLabel.get(entry.label) ?? []), entry.score]);
  }
  for (const [label, scores] of byLabel) parts.push(`${label}${scores.length > 1 ? ` ×${scores.length}` : ""}${withScores(scores)}`);
  return parts.join(", ") || "nothing";
}

/** An item's outcome in words: "error" or "correct", and its own figure where it is more than right or wrong. */
export function outcomeText(task: Pick<Task, "type">, outcome: Pick<ItemOutcome, "measure" | "error">): string {
  const verdict = outcome.error ? "error" : "correct";
  const measure = MEASURE_OF[task.type];
  return measure === "accuracy" ? verdict : `${verdict} · ${measure}: ${outcome.measure.toFixed(2)}`;
}
