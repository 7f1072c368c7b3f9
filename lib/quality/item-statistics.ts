// What one item adds to its project's statistics: counts and sums keyed by figure, so that a project's figures are
// sums over its items. When an item changes, the project's sums change by the difference between what it adds now
// and what it added before (statisticsDelta), so dashboards read a few sums instead of every annotation.
// Pure: lib/server/statistics.ts loads the facts and keeps the sums.
import type { ResultEntry } from "../validation/annotation";
import { allowedLabels, type Task } from "../validation/project";
import { hasRules, standardizeResult, type Standardization } from "../review/standardize";
import { isUncertain, uncertainClassesOf } from "../review/uncertainty";
import { addItemAgreement, agreementFigure, agreementPairsFigure } from "./agreement-sums";
import { classificationAnswer } from "./item-agreement";

export type ItemState = "open" | "escalated" | "accepted" | "flagged" | "resolved" | "excluded";

/** A labeler's first submission of the item (revision 1), as given. */
export interface FirstSubmission {
  labelerId: string;
  result: readonly ResultEntry[];
  activeMs: number;
  submittedAt: Date | null;
  guidelineVersion: number | null;
}

/** A labeler's latest submission of the item, as given (standardized here where figures compare labels). */
export interface LatestSubmission {
  labelerId: string;
  result: readonly ResultEntry[];
  guidelineVersion: number | null;
  submittedAt: Date | null;
}

export interface ItemFacts {
  tasks: readonly Task[];
  standardization: Standardization;
  state: ItemState;
  submittedCount: number;
  /** The item's worst agreement figure when judged (0–1), else null. */
  reviewScore: number | null;
  /** The final label (the consensus of an accepted item, the decision of a resolved one), as given; else null. */
  final: readonly ResultEntry[] | null;
  firstSubmissions: readonly FirstSubmission[];
  latestSubmissions: readonly LatestSubmission[];
  /** The item's values of its project's metadata facets (facetValuesOf). */
  facets: readonly (readonly [string, string])[];
  /** Labelers whose first-time lease ended submitted or skipped. */
  leases: readonly { labelerId: string; status: "submitted" | "skipped"; skipReason?: string | null }[];
  /** Whether a labeler's answer agrees with the final label (feedback's measure), supplied by the caller. */
  agreesWithFinal: (answer: readonly ResultEntry[], final: readonly ResultEntry[]) => boolean;
}

/** An item's (or a project's) statistics: amounts by key; keys are JSON arrays whose first element names the figure. */
export type Statistics = Record<string, number>;

/** The key of one amount: the figure's name, then what it is counted by. */
export const statisticKey = (...parts: (string | number)[]) => JSON.stringify(parts);

export const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** Items by their number of labels (submittedCount, when any): a project's complete items for any overlap. */
export const LABELS_FIGURE = "labels";

/** First-time skips by the reason chosen (lib/labeling/skip-reasons.ts): the dashboard's "Skips by reason". */
export const SKIP_REASON_FIGURE = "skipReason";

/** A labeler's answers judged against final labels, per day of their latest answer: a figure of each labeler's own, so their feedback reads only theirs. */
export const feedbackFigure = (labelerId: string) => `feedback:${labelerId}`;

/** First submissions per labeler on one day: a figure per day, so the dashboard reads only its window's days. */
export const dayFigure = (day: string) => `day:${day}`;

// Active time is kept as a histogram with buckets 10% apart (from 100 ms up, everything below in one): a labeler's
// median within 5% whatever their pace, from a few dozen buckets each rather than one per tenth of a second.
const BUCKET_RATIO = 1.1;

/** The bucket of an active time, named by its geometric middle in whole milliseconds (0 for under 100 ms). */
export function activeTimeBucket(activeMs: number): number {
  if (activeMs < 100) return 0;
  const index = Math.floor(Math.log(activeMs / 100) / Math.log(BUCKET_RATIO) + 1e-9);
  return Math.round(100 * BUCKET_RATIO ** (index + 0.5));
}

/** The median of a histogram (bucket start → count), as `median` would give on the buckets' starts. */
export function histogramMedian(histogram: ReadonlyMap<number, number>): number | null {
  const buckets = [...histogram].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (!total) return null;
  const nth = (rank: number) => {
    let seen = 0;
    for (const [value, count] of buckets) {
      seen += count;
      if (rank < seen) return value;
    }
    return buckets.at(-1)![0];
  };
  return total % 2 ? nth((total - 1) / 2) : (nth(total / 2 - 1) + nth(total / 2)) / 2;
}

/** What one item adds to its project's statistics. */
export function itemStatistics(facts: ItemFacts): Statistics {
  const statistics: Statistics = {};
  const add = (amount: number, ...key: (string | number)[]) => {
    const name = statisticKey(...key);
    statistics[name] = (statistics[name] ?? 0) + amount;
  };
  // Never labeled and never skipped: nothing to add ("unlabeled" is every item not counted elsewhere).
  if (facts.state !== "open" || facts.submittedCount > 0) add(1, "state", facts.state);
  if (facts.submittedCount > 0) add(1, LABELS_FIGURE, facts.submittedCount);

  const uncertainClasses = uncertainClassesOf(facts.tasks);
  let completed: FirstSubmission | null = null;
  for (const first of facts.firstSubmissions) {
    add(1, "first", first.labelerId);
    add(1, "active", first.labelerId, activeTimeBucket(first.activeMs));
    if (isUncertain(first.result, uncertainClasses)) add(1, "uncertain", first.labelerId);
    if (!first.submittedAt) continue;
    add(1, dayFigure(dayOf(first.submittedAt)), first.labelerId);
    if (!completed || first.submittedAt > completed.submittedAt!) completed = first;
  }
  for (const lease of facts.leases) {
    add(1, lease.status, lease.labelerId);
    if (lease.status === "skipped") add(1, SKIP_REASON_FIGURE, lease.skipReason ?? "other");
  }

  if (facts.reviewScore !== null) {
    add(1, "scored");
    add(facts.reviewScore, "scoreSum");
    // Counted on the day the item got its last first submission, under that submission's guideline version.
    if (completed) {
      const version = completed.guidelineVersion ?? 0;
      add(1, "completed", dayOf(completed.submittedAt!), version);
      add(facts.reviewScore, "completedSum", dayOf(completed.submittedAt!), version);
    }
  }

  const judged = facts.final && (facts.state === "accepted" || facts.state === "resolved") ? facts.final : null;
  if (judged) {
    for (const latest of facts.latestSubmissions) {
      const agreed = facts.agreesWithFinal(latest.result, judged);
      add(1, "judged", facts.state, latest.labelerId);
      if (agreed) add(1, "agreed", facts.state, latest.labelerId);
      if (!latest.submittedAt) continue;
      add(1, feedbackFigure(latest.labelerId), dayOf(latest.submittedAt), "items");
      if (agreed) add(1, feedbackFigure(latest.labelerId), dayOf(latest.submittedAt), "agreed");
    }
  }

  const latest = facts.latestSubmissions.map((submission) => ({ ...submission, result: standardizeResult(submission.result as ResultEntry[], facts.standardization) }));
  const under = (figure: string) => (amount: number, ...parts: (string | number)[]) => add(amount, figure, ...parts);
  addItemAgreement(facts.tasks, latest, facts.facets, under(agreementFigure("standardized")), under(agreementPairsFigure("standardized")));
  // As given too, only where rules change labels: otherwise the raw view reads the standardized one.
  if (hasRules(facts.standardization)) addItemAgreement(facts.tasks, facts.latestSubmissions, facts.facets, under(agreementFigure("raw")), under(agreementPairsFigure("raw")));
  const final = judged ? standardizeResult(judged as ResultEntry[], facts.standardization) : null;
  for (const task of facts.tasks) {
    if (task.type !== "classification") continue;
    const answers = latest.flatMap(({ labelerId, result }) => {
      const label = classificationAnswer(result, task.key);
      return label === null ? [] : [{ labelerId, label }];
    });
    if (!answers.length) continue;
    add(1, "rated", task.key);
    const finalAnswer = final ? classificationAnswer(final, task.key) : null;
    // A single-choice task's confusion has its classes only; a multiple-choice one has the sets that occur.
    const known = task.multiple ? answers : answers.filter((answer) => allowedLabels(task).includes(answer.label));
    for (const answer of known) {
      if (finalAnswer !== null && (task.multiple || allowedLabels(task).includes(finalAnswer))) add(1, "class", task.key, finalAnswer, answer.label);
      else if (task.multiple) add(1, "classSeen", task.key, answer.label);
      const others = known.filter((other) => other.labelerId !== answer.labelerId);
      if (!others.length) continue;
      add(others.length, "others", task.key);
      add(others.filter((other) => other.label === answer.label).length, "othersAgreeing", task.key);
    }
  }
  return statistics;
}

/** What to add to a project's sums when an item's statistics change from `before` to `after`: the non-zero differences. */
export function statisticsDelta(before: Statistics | null, after: Statistics): Statistics {
  const delta: Statistics = {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after)])) {
    const difference = (after[key] ?? 0) - (before?.[key] ?? 0);
    if (difference !== 0) delta[key] = difference;
  }
  return delta;
}

/** A project's sums, split by figure name: figure → [the key's other parts, amount]. */
export function byFigure(sums: Iterable<[string, number]>): Map<string, [unknown[], number][]> {
  const figures = new Map<string, [unknown[], number][]>();
  for (const [key, amount] of sums) {
    const [figure, ...parts] = JSON.parse(key) as [string, ...unknown[]];
    const rows = figures.get(figure);
    if (rows) rows.push([parts, amount]);
    else figures.set(figure, [[parts, amount]]);
  }
  return figures;
}
