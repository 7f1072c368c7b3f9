import { defined, undefinedBecause, type Statistic } from "../statistic";
import { describeValue, entriesByName, tabulateRatings, type ByName, type Rating } from "./ratings";

export type HumanLevelOptions = {
  /** Known true labels by item, for `accuracyOnGold`. Gold for an item nobody rated is ignored. */
  gold?: ByName<string>;
};

export type LabelerHumanLevel = {
  /** Mean, over the labeler's ratings of items others also rated, of the share of the others' ratings that agree. */
  agreementWithOthers: Statistic;
  /** Share of the labeler's ratings of gold items that equal the gold label. */
  accuracyOnGold: Statistic;
};

export type ItemHumanLevel = {
  /** Σ_c p_c², p_c the share of the item's ratings with label c: the chance that two random ratings agree. */
  expectedAgreement: Statistic;
  /** max_c p_c: how often a model that always answers the majority label agrees with a random rating. */
  majorityAgreement: Statistic;
};

export type HumanLevelPerformance = {
  labelers: Record<string, LabelerHumanLevel>;
  items: Record<string, ItemHumanLevel>;
  /**
   * `agreementWithOthers` and `accuracyOnGold` pooled over all counted ratings (so labelers weigh by how much they
   * rated); `expectedAgreement` and `majorityAgreement` averaged over the items with at least two ratings.
   */
  overall: LabelerHumanLevel & ItemHumanLevel;
};

/**
 * Human-level performance (HLP) estimates from the ratings themselves, as taught by Andrew Ng (Introduction to
 * Machine Learning in Production, DeepLearning.AI/Coursera, course 1 week 3: "Human-level performance (HLP)" and
 * "Raising HLP").
 *
 * (a) How well a labeler does. `accuracyOnGold`: the share of their ratings of gold items that match the gold
 * label — HLP proper when the gold comes from an external truth (a biopsy, not another person).
 * `agreementWithOthers`: without gold, how well the labeler predicts the other labelers: for each of their
 * ratings of an item, the share of the other labelers' ratings of that item with the same label (the labeler's
 * own repeated ratings are never their own reference), averaged over their ratings. Items no one else rated
 * don't count.
 *
 * (b) How well two random labelers agree on an item: `expectedAgreement` = Σ_c p_c², p_c the share of the item's
 * ratings with label c — two ratings drawn at random, with replacement. For ratings split 70/30 that is
 * 0.7² + 0.3² = 0.58. Beside it, `majorityAgreement` = max_c p_c (0.7 there): what a model that always outputs
 * the majority label scores against a random labeler.
 *
 * Caveat (Ng, "Raising HLP"): when the "ground truth" is itself a human label, HLP measures how well one person
 * predicts another, not how close anyone is to the truth. On the 70/30 item above, a model that merely learned the
 * majority convention agrees with a random labeler 70% of the time against the labelers' 58%: it "beats HLP" by
 * 12 points without being any more useful, only more consistent. So a claim that a model beats HLP should compare
 * its agreement with `majorityAgreement`, not only with `expectedAgreement`, and the better remedy for a low HLP
 * is usually clearer labeling instructions (which raise HLP), not a model that beats it. Agreement also
 * overstates accuracy when labelers share a bias, and Σ p_c² counts a rating agreeing with itself, so with few
 * ratings per item it is higher than the agreement of two distinct labelers.
 *
 * Degenerate input: a labeler with no co-rated item, or no gold item, gets null with a reason for that field; an
 * item with fewer than two ratings gets nulls (disagreement needs two ratings); no ratings give empty records and
 * null overall values. With a single label, every defined value is 1. Throws on malformed ratings or gold labels.
 *
 * Complexity: O(n log n + g) time, O(n + g) memory for n ratings and g gold labels.
 */
export function humanLevelPerformance(ratings: readonly Rating[], options: HumanLevelOptions = {}): HumanLevelPerformance {
  const goldByItem = checkedGold(options.gold);
  const table = tabulateRatings(ratings);
  const { items, labelers, labels, entryStart, entryLabeler, entryLabel, entryCount } = table;
  const agreeingShare = new Float64Array(labelers.length);
  const peerComparedRatings = new Float64Array(labelers.length);
  const goldCorrect = new Float64Array(labelers.length);
  const goldRated = new Float64Array(labelers.length);
  const labelTally = new Float64Array(labels.length);
  const itemResults: [string, ItemHumanLevel][] = [];
  let expectedAgreementSum = 0;
  let majorityAgreementSum = 0;
  let itemsWithTwoRatings = 0;

  items.forEach((item, i) => {
    const first = entryStart[i]!;
    const end = entryStart[i + 1]!;
    let itemRatings = 0;
    for (let e = first; e < end; e++) {
      labelTally[entryLabel[e]!]! += entryCount[e]!;
      itemRatings += entryCount[e]!;
    }

    // Entries are sorted by labeler, so each labeler's ratings of this item form one run [runStart, runEnd).
    for (let runStart = first, runEnd = first; runStart < end; runStart = runEnd) {
      const labeler = entryLabeler[runStart]!;
      let ownRatings = 0;
      for (runEnd = runStart; runEnd < end && entryLabeler[runEnd] === labeler; runEnd++) ownRatings += entryCount[runEnd]!;
      const othersRatings = itemRatings - ownRatings;
      if (othersRatings === 0) continue;
      for (let e = runStart; e < runEnd; e++) {
        const othersWithSameLabel = labelTally[entryLabel[e]!]! - entryCount[e]!;
        agreeingShare[labeler]! += (entryCount[e]! * othersWithSameLabel) / othersRatings;
        peerComparedRatings[labeler]! += entryCount[e]!;
      }
    }

    const gold = goldByItem.get(item);
    if (gold !== undefined) {
      for (let e = first; e < end; e++) {
        goldRated[entryLabeler[e]!]! += entryCount[e]!;
        if (labels[entryLabel[e]!] === gold) goldCorrect[entryLabeler[e]!]! += entryCount[e]!;
      }
    }

    // Each label's share, taken once per label: its tally is cleared on first use, clean for the next item.
    let sumOfSquaredShares = 0;
    let largestShare = 0;
    for (let e = first; e < end; e++) {
      const label = entryLabel[e]!;
      if (labelTally[label] === 0) continue;
      const share = labelTally[label]! / itemRatings;
      labelTally[label] = 0;
      sumOfSquaredShares += share * share;
      largestShare = Math.max(largestShare, share);
    }
    if (itemRatings < 2) {
      const reason = "the item has a single rating, so agreement between two ratings cannot be observed";
      itemResults.push([item, { expectedAgreement: undefinedBecause(reason), majorityAgreement: undefinedBecause(reason) }]);
      return;
    }
    itemResults.push([item, { expectedAgreement: defined(sumOfSquaredShares), majorityAgreement: defined(largestShare) }]);
    expectedAgreementSum += sumOfSquaredShares;
    majorityAgreementSum += largestShare;
    itemsWithTwoRatings++;
  });

  const noGoldReason = goldByItem.size === 0 ? "no gold labels were given" : undefined;
  const overallItemsReason = "no item has two or more ratings";
  return {
    labelers: Object.fromEntries(
      labelers.map((labeler, k) => [
        labeler,
        {
          agreementWithOthers: ratio(agreeingShare[k]!, peerComparedRatings[k]!, "no item this labeler rated was rated by another labeler"),
          accuracyOnGold: ratio(goldCorrect[k]!, goldRated[k]!, noGoldReason ?? "this labeler rated no gold item"),
        },
      ]),
    ),
    items: Object.fromEntries(itemResults),
    overall: {
      agreementWithOthers: ratio(sum(agreeingShare), sum(peerComparedRatings), "no item was rated by two or more labelers"),
      accuracyOnGold: ratio(sum(goldCorrect), sum(goldRated), noGoldReason ?? "no gold item was rated"),
      expectedAgreement: ratio(expectedAgreementSum, itemsWithTwoRatings, overallItemsReason),
      majorityAgreement: ratio(majorityAgreementSum, itemsWithTwoRatings, overallItemsReason),
    },
  };
}

function checkedGold(gold: ByName<string> | undefined): Map<string, string> {
  if (gold === undefined) return new Map();
  return new Map(
    entriesByName(gold, "gold").map(([item, label]) => {
      if (typeof label !== "string" || label === "") {
        throw new Error(`gold label of item ${describeValue(item)} must be a non-empty string, got ${describeValue(label)}`);
      }
      return [item, label];
    }),
  );
}

function ratio(numerator: number, denominator: number, reasonWhenEmpty: string): Statistic {
  return denominator === 0 ? undefinedBecause(reasonWhenEmpty) : defined(numerator / denominator);
}

function sum(values: Float64Array): number {
  return values.reduce((total, value) => total + value, 0);
}
