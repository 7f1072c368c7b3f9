// The watch list: terms a model should not put into a transcript where the people did not say them (the course's
// "rude mis-transcriptions", "GANs" heard as "guns").
import { wholePhrasePattern } from "../review/standardize";
import type { ResultEntry } from "../validation/annotation";
import type { PredictedEntry, WatchListFigures } from "./types";

/** The ids of the first items each term hit that a report keeps, so a reader can open a few without a list query. */
export const WATCH_LIST_SAMPLE_ITEMS = 10;

const WHITESPACE_RUN = /\s+/g;
const collapse = (text: string) => text.trim().replace(WHITESPACE_RUN, " ");

/** The transcripts of the task in a result: a transcript entry's text, or each segment's transcript. */
function transcriptsOf(result: readonly (ResultEntry | PredictedEntry)[], taskKey: string): string[] {
  return result.flatMap((entry) => {
    if (entry.task !== taskKey) return [];
    if (entry.type === "transcript") return [collapse(entry.text)];
    if (entry.type === "segment" && entry.transcript !== undefined) return [collapse(entry.transcript)];
    return [];
  });
}

/**
 * A tally of watch-list hits over the scored items of one task. A term is found as a whole word or phrase
 * (wholePhrasePattern: no letter or digit around it), ignoring case, in each transcript of the task on its own (a
 * transcript entry's text, or each segment's transcript), runs of whitespace counting as one space. A prediction hits
 * a term when one of its transcripts holds it and none of the final label's does. Terms are trimmed, their inner
 * whitespace collapsed; empty terms and repeats (ignoring case) are dropped, the first spelling kept.
 * O(terms × transcript length) per item.
 */
export class WatchListTally {
  private readonly terms: { term: string; pattern: RegExp; predictions: number; items: string[] }[];

  constructor(
    terms: readonly string[],
    private readonly taskKey: string,
  ) {
    const seen = new Set<string>();
    this.terms = terms.map(collapse).flatMap((term) => {
      const folded = term.toLowerCase();
      if (!term || seen.has(folded)) return [];
      seen.add(folded);
      return [{ term, pattern: wholePhrasePattern(term, false), predictions: 0, items: [] }];
    });
  }

  /** Counts the terms the prediction has and the final label lacks; whether there was any. */
  add(itemId: string, final: readonly ResultEntry[], prediction: readonly PredictedEntry[]): boolean {
    if (this.terms.length === 0) return false;
    const predicted = transcriptsOf(prediction, this.taskKey);
    if (predicted.length === 0) return false;
    const reference = transcriptsOf(final, this.taskKey);
    const holds = (texts: string[], pattern: RegExp) => texts.some((text) => text.search(pattern) >= 0);
    let hit = false;
    for (const watched of this.terms) {
      if (!holds(predicted, watched.pattern) || holds(reference, watched.pattern)) continue;
      hit = true;
      watched.predictions++;
      if (watched.items.length < WATCH_LIST_SAMPLE_ITEMS) watched.items.push(itemId);
    }
    return hit;
  }

  /** Each term in the order given, with how many predictions hit it and the first items that did. */
  figures(): WatchListFigures[] {
    return this.terms.map(({ term, predictions, items }) => ({ term, predictions, items: [...items] }));
  }
}
