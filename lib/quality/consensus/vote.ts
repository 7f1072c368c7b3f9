import { defined, undefinedBecause, type Statistic } from "../statistic";
import type { RatingTable } from "./ratings";

/** The outcome of a (weighted) vote on one item. */
export type VoteOutcome = {
  /** The label with the largest tally; null when two or more labels share it, or when no rating carries weight. */
  label: string | null;
  /** When labels tie for the largest tally: all of them, in label order. Otherwise empty. */
  tiedLabels: string[];
  /** The largest tally's share of the item's total vote weight, in [0, 1]; undefined when that total is 0. */
  confidence: Statistic;
  /** The vote weight each label received on this item (labels given by zero-weight labelers appear with 0). */
  votes: Record<string, number>;
};

/**
 * Tallies below the largest by at most this fraction of the item's total weight count as tied with it, so that
 * floating-point weights summed in different orders (0.1 + 0.2 versus 0.3) still tie. Integer tallies below
 * 10⁹ ratings tie only when equal.
 */
const TIE_TOLERANCE = 1e-9;

/**
 * Weighted plurality vote per item: each rating adds its labeler's weight to its label's tally.
 * O(n + Σ distinct labels per item × log of that) time for n ratings, O(labels) scratch memory.
 */
export function tallyVotes(table: RatingTable, labelerWeight: Float64Array): Record<string, VoteOutcome> {
  const { labels, entryStart, entryLabeler, entryLabel, entryCount } = table;
  const tally = new Float64Array(labels.length);
  const seen = new Uint8Array(labels.length);
  return Object.fromEntries(
    table.items.map((item, i): [string, VoteOutcome] => {
      const first = entryStart[i]!;
      const end = entryStart[i + 1]!;
      const itemLabels: number[] = [];
      for (let e = first; e < end; e++) {
        const label = entryLabel[e]!;
        if (!seen[label]) itemLabels.push(label);
        seen[label] = 1;
        tally[label]! += entryCount[e]! * labelerWeight[entryLabeler[e]!]!;
      }
      itemLabels.sort((a, b) => a - b);
      const outcome = outcomeOf(itemLabels, tally, labels);
      for (const label of itemLabels) {
        tally[label] = 0;
        seen[label] = 0;
      }
      return [item, outcome];
    }),
  );
}

function outcomeOf(itemLabels: number[], tally: Float64Array, labels: string[]): VoteOutcome {
  const votes = Object.fromEntries(itemLabels.map((label) => [labels[label]!, tally[label]!]));
  const total = itemLabels.reduce((sum, label) => sum + tally[label]!, 0);
  if (total === 0) {
    return { label: null, tiedLabels: [], confidence: undefinedBecause("every rating of this item has weight 0"), votes };
  }
  const top = itemLabels.reduce((max, label) => Math.max(max, tally[label]!), 0);
  const leaders = itemLabels.filter((label) => tally[label]! >= top - TIE_TOLERANCE * total).map((label) => labels[label]!);
  const confidence = defined(top / total);
  return leaders.length === 1 ? { label: leaders[0]!, tiedLabels: [], confidence, votes } : { label: null, tiedLabels: leaders, confidence, votes };
}
