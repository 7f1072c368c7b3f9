// Standardization: project rules mapping label variants to one canonical form. Applied when labels are
// compared (agreement, consensus, flags) and exported, never to what labelers stored, so nothing is lost.
import { z } from "zod";
import type { ResultEntry } from "../validation/annotation";

const phrase = z.string().trim().min(1).max(200);

export const standardizationSchema = z
  .object({
    /** Labels of a task merged into one, e.g. "deep scratch" and "shallow scratch" into "scratch". */
    classMerges: z.array(z.object({ task: z.string().min(1), from: z.array(phrase).min(1).max(50), to: phrase }).strict()).max(200).default([]),
    /** Transcript rewrites of whole words or phrases, e.g. "Umm" → "Um"; case-insensitive unless told. */
    transcriptRules: z.array(z.object({ from: phrase, to: z.string().max(200), caseSensitive: z.boolean().default(false) }).strict()).max(200).default([]),
  })
  .strict();
export type Standardization = z.output<typeof standardizationSchema>;

export const NO_STANDARDIZATION: Standardization = { classMerges: [], transcriptRules: [] };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A whole word or phrase in a transcript: no letter or digit right before or after it, so "gun" is not found in
 * "begun" nor in "guns". The standardization rules and the evaluation's watch list match alike.
 */
export function wholePhrasePattern(phrase: string, caseSensitive: boolean): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase)}(?![\\p{L}\\p{N}])`, caseSensitive ? "gu" : "giu");
}

/** Rewrites a transcript word by word: a rule matches whole words (letters and digits around it do not count). */
export function standardizeTranscript(text: string, rules: Standardization["transcriptRules"]): string {
  return rules.reduce((current, rule) => current.replace(wholePhrasePattern(rule.from, rule.caseSensitive), rule.to), text);
}

/** Whether the rules change anything at all. */
export const hasRules = (rules: Standardization) => rules.classMerges.length > 0 || rules.transcriptRules.length > 0;

/** One annotation result with the project's rules applied. */
export function standardizeResult(result: readonly ResultEntry[], rules: Standardization): ResultEntry[] {
  if (!hasRules(rules)) return [...result];
  const merged = (task: string, label: string) => rules.classMerges.find((merge) => merge.task === task && merge.from.includes(label))?.to ?? label;
  return result.map((entry) => {
    switch (entry.type) {
      case "classification":
        return { ...entry, values: [...new Set(entry.values.map((value) => merged(entry.task, value)))] };
      case "transcript":
        return { ...entry, text: standardizeTranscript(entry.text, rules.transcriptRules) };
      case "segment":
        return {
          ...entry,
          label: merged(entry.task, entry.label),
          ...(entry.transcript === undefined ? {} : { transcript: standardizeTranscript(entry.transcript, rules.transcriptRules) }),
        };
      default:
        return { ...entry, label: merged(entry.task, entry.label) };
    }
  });
}
