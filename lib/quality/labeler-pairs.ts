// Agreement two labelers at a time, for the tasks whose answers are objects (boxes, polygons, time
// segments) or transcripts: each item's labeler pairs compared once, then pooled across a project into a
// per-pair matrix, a per-label F1 and a label confusion. Pure: the dashboard's figures for these tasks.
import type { ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";
import { pairwiseShapeAgreement, type Shape } from "./shapes";
import { DEFAULT_NORMALISATION, matchedTranscripts, matchSegments, wordErrorRate, type NormalisationRules, type SegmentMatchOptions, type TranscribedSegment } from "./text-and-segments";

/** One labeler's result for an item. */
export interface LabelerResult {
  labelerId: string;
  result: readonly ResultEntry[];
}

/** Every unordered pair of the values, in their order. */
export function pairs<T>(values: readonly T[]): [T, T][] {
  return values.flatMap((first, index) => values.slice(index + 1).map((second) => [first, second] as [T, T]));
}

/** Two labelers' annotations of one item compared; `first` sorts before `second`. */
export interface PairComparison {
  readonly first: string;
  readonly second: string;
  /** 0–1, higher is better: matched F1 for objects (segments matched within their label), 1 − WER for transcripts (the item figures' measures). */
  readonly agreement: number;
  /** Transcripts only: the WER of each as the hypothesis, the other as the reference. */
  readonly wers?: { readonly first: number; readonly second: number };
  /** Segments with transcripts only: per matched segment pair where both have a transcript, the mean of its two WERs. */
  readonly segmentTranscriptWers?: readonly number[];
  /** Objects only: the label pairs of matched objects, and the labels of objects only one of them drew. */
  readonly labels?: { readonly matched: readonly (readonly [string, string])[]; readonly firstOnly: readonly string[]; readonly secondOnly: readonly string[] };
}

/** The column (and row) of objects the other labeler did not draw, in labelConfusion. */
export const MISSED = "(missed)";

type Match = { readonly referenceIndex: number; readonly candidateIndex: number };
type Matching = { readonly f1: number; readonly matches: readonly Match[] };

function objectComparison(first: string, second: string, firstObjects: readonly { label: string }[], secondObjects: readonly { label: string }[], matching: Matching): PairComparison {
  const matchedFirst = new Set(matching.matches.map((match) => match.referenceIndex));
  const matchedSecond = new Set(matching.matches.map((match) => match.candidateIndex));
  return {
    first,
    second,
    agreement: matching.f1,
    labels: {
      matched: matching.matches.map((match) => [firstObjects[match.referenceIndex]!.label, secondObjects[match.candidateIndex]!.label] as const),
      firstOnly: firstObjects.filter((_, index) => !matchedFirst.has(index)).map((object) => object.label),
      secondOnly: secondObjects.filter((_, index) => !matchedSecond.has(index)).map((object) => object.label),
    },
  };
}

/** Every unordered pair of the sorted labelers. */
const labelerPairs = (labelers: readonly string[]) => pairs([...labelers].sort());

export interface SegmentComparisonOptions {
  /** Matching thresholds (matchSegments' defaults when left out). */
  readonly match?: Omit<SegmentMatchOptions, "classAware">;
  /** Normalisation of segment transcripts before their WER; none when left out. */
  readonly rules?: NormalisationRules;
}

/**
 * Two labelers' segments compared. They are matched within their label, so that F1 (the pair's agreement) counts
 * only pairs that share a label, label by label as the frames are: a labeler's noise drawn over their speech
 * never stands in for the other's speech. The segments left unmatched are then matched whatever their label:
 * those pairs are the segments one labeler labeled differently, the label confusion's off-diagonal. Matched
 * pairs where both segments have a transcript give their transcripts' WER, the mean of both directions.
 */
function segmentComparison(first: string, second: string, firstSegments: readonly TranscribedSegment[], secondSegments: readonly TranscribedSegment[], options: SegmentComparisonOptions): PairComparison {
  const sameLabel = matchSegments(firstSegments, secondSegments, { ...options.match, classAware: true });
  const unmatched = (segments: readonly TranscribedSegment[], matched: Set<number>) => segments.flatMap((_, index) => (matched.has(index) ? [] : [index]));
  const firstLeft = unmatched(firstSegments, new Set(sameLabel.matches.map((match) => match.referenceIndex)));
  const secondLeft = unmatched(secondSegments, new Set(sameLabel.matches.map((match) => match.candidateIndex)));
  const relabeled = matchSegments(
    firstLeft.map((index) => firstSegments[index]!),
    secondLeft.map((index) => secondSegments[index]!),
    options.match,
  ).matches.map((match): Match => ({ referenceIndex: firstLeft[match.referenceIndex]!, candidateIndex: secondLeft[match.candidateIndex]! }));
  const transcripts = matchedTranscripts(firstSegments, secondSegments, sameLabel.matches, options.rules);
  return {
    ...objectComparison(first, second, firstSegments, secondSegments, { f1: sameLabel.f1, matches: [...sameLabel.matches, ...relabeled] }),
    ...(transcripts.length ? { segmentTranscriptWers: transcripts.map((pair) => (pair.candidateWer + pair.referenceWer) / 2) } : {}),
  };
}

/** Every pair of labelers' segments of one clip compared (see segmentComparison), first id first. */
export function compareSegmentLabelers(segments: ReadonlyMap<string, readonly TranscribedSegment[]>, options: SegmentComparisonOptions = {}): PairComparison[] {
  return labelerPairs([...segments.keys()]).map(([first, second]) => segmentComparison(first, second, segments.get(first)!, segments.get(second)!, options));
}

/**
 * Every pair of the labelers of one item compared on one task, with the measure and defaults of
 * itemAgreement: matched F1 at IoU 0.5 for shapes and segments (a labeler who drew nothing counts; segments
 * matched within their label, with their transcripts' WERs), and for transcripts 1 − WER, the WER the mean of
 * both directions (WER depends on which side is the reference) and floored at 0 (WER exceeds 1 when the
 * hypothesis is longer), with the default normalisation; a labeler without a transcript is left out.
 * Classification tasks have their own figures (kappa) and give no comparisons. Throws on malformed shapes or
 * segments, as matching does.
 */
export function compareLabelers(task: Task, results: readonly LabelerResult[]): PairComparison[] {
  const entriesOf = (result: LabelerResult): ResultEntry[] => result.result.filter((entry) => entry.task === task.key);
  switch (task.type) {
    case "bbox":
    case "polygon": {
      const shapes = new Map(results.map((result) => [result.labelerId, entriesOf(result) as Shape[]]));
      return pairwiseShapeAgreement(shapes).pairs.map(({ reference, candidate, result }) => objectComparison(reference, candidate, shapes.get(reference)!, shapes.get(candidate)!, result));
    }
    case "segment":
      return compareSegmentLabelers(new Map(results.map((result) => [result.labelerId, entriesOf(result) as TranscribedSegment[]])), { rules: DEFAULT_NORMALISATION });
    case "transcript": {
      const texts = new Map(results.flatMap((result) => entriesOf(result).flatMap((entry) => (entry.type === "transcript" ? [[result.labelerId, entry.text] as const] : []))));
      return labelerPairs([...texts.keys()]).map(([first, second]) => {
        const [a, b] = [texts.get(first)!, texts.get(second)!];
        const wers = { first: wordErrorRate(b, a, DEFAULT_NORMALISATION), second: wordErrorRate(a, b, DEFAULT_NORMALISATION) };
        return { first, second, agreement: Math.max(0, 1 - (wers.first + wers.second) / 2), wers };
      });
    }
    case "classification":
      return [];
  }
}

/**
 * An item's transcript figure from its pairs, without aligning them again: 1 − the medoid's mean WER to the others
 * (the medoid the transcript with the least, as transcriptConsensus picks it; a tie changes which, not the figure),
 * floored at 0 as agreementScore does; null without a pair.
 */
export function medoidAgreement(comparisons: readonly PairComparison[]): number | null {
  const totals = new Map<string, { sum: number; others: number }>();
  const add = (labeler: string, wer: number) => {
    const total = totals.get(labeler) ?? { sum: 0, others: 0 };
    totals.set(labeler, { sum: total.sum + wer, others: total.others + 1 });
  };
  for (const { first, second, wers } of comparisons) {
    if (!wers) throw new Error("medoidAgreement needs transcript comparisons");
    add(first, wers.first);
    add(second, wers.second);
  }
  if (!totals.size) return null;
  return Math.max(0, 1 - Math.min(...[...totals.values()].map(({ sum, others }) => sum / others)));
}

/**
 * 1 − the mean WER of the transcripts on matched segments, over every such pair of these comparisons (each pair's
 * WER the mean of both directions), floored at 0 as agreementScore does; null when no matched pair has two
 * transcripts. Of an item's comparisons: its segment task's transcript figure (itemAgreement's transcriptWer);
 * of one comparison: that labeler pair's on the item.
 */
export function segmentTranscriptAgreement(comparisons: readonly PairComparison[]): number | null {
  const wers = comparisons.flatMap((comparison) => comparison.segmentTranscriptWers ?? []);
  return wers.length ? Math.max(0, 1 - wers.reduce((sum, wer) => sum + wer, 0) / wers.length) : null;
}

export interface PairMatrix {
  /** Sorted labeler ids: the rows and columns. */
  readonly labelers: readonly string[];
  /** Mean agreement of each pair over the items both labeled; null on the diagonal and for pairs who share no item. */
  readonly agreement: readonly (readonly (number | null)[])[];
  /** How many items each pair both labeled (0 on the diagonal). */
  readonly items: readonly (readonly number[])[];
}

/** A labeler pair's agreement summed over the items both labeled; `first` sorts before `second`. */
export interface PairTotal {
  readonly first: string;
  readonly second: string;
  readonly sum: number;
  readonly items: number;
}

/** Mean agreement per labeler pair, symmetric, over the comparisons of a project's items. */
export function labelerPairMatrix(comparisons: readonly PairComparison[]): PairMatrix {
  return pairMatrixFromTotals(comparisons.map(({ first, second, agreement }) => ({ first, second, sum: agreement, items: 1 })));
}

/** The pair matrix from pairs' summed agreement (a pair may come several times: its totals add up). */
export function pairMatrixFromTotals(totals: readonly PairTotal[]): PairMatrix {
  const labelers = [...new Set(totals.flatMap(({ first, second }) => [first, second]))].sort();
  const index = new Map(labelers.map((labeler, position) => [labeler, position]));
  const sums = labelers.map(() => labelers.map(() => 0));
  const items = labelers.map(() => labelers.map(() => 0));
  for (const { first, second, sum, items: count } of totals) {
    for (const [row, column] of [[index.get(first)!, index.get(second)!], [index.get(second)!, index.get(first)!]] as const) {
      sums[row]![column]! += sum;
      items[row]![column]! += count;
    }
  }
  return { labelers, agreement: sums.map((row, r) => row.map((sum, c) => (items[r]![c] ? sum / items[r]![c]! : null))), items };
}

export interface LabelF1 {
  readonly label: string;
  /** 2 · (matched pairs both labeled `label`) / (objects labeled `label`), pooled over every labeler pair of every item. */
  readonly f1: number;
  /** Objects labeled `label`, each counted once per labeler it was compared with. */
  readonly objects: number;
}

/** What per-label F1 and the label confusion are made of; counts add up over items. */
export interface LabelCounts {
  /** Objects labeled each label, each counted once per labeler it was compared with. */
  readonly objects: Map<string, number>;
  /** Matched pairs both labeled it. */
  readonly agreeing: Map<string, number>;
  /** Row label → column label (or MISSED) → objects; see labelConfusion. */
  readonly confusion: Map<string, Map<string, number>>;
}

/** Adds `amount` at `key` of a count map. */
export function addCount<K>(counts: Map<K, number>, key: K, amount = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + amount);
}

/** The label counts of these comparisons (objects only; transcripts have no labels). */
export function labelCounts(comparisons: readonly PairComparison[]): LabelCounts {
  const counts: LabelCounts = { objects: new Map(), agreeing: new Map(), confusion: new Map() };
  const confuse = (row: string, column: string) => {
    for (const [from, to] of [[row, column], [column, row]] as const) {
      const cells = counts.confusion.get(from) ?? new Map<string, number>();
      addCount(cells, to);
      counts.confusion.set(from, cells);
    }
  };
  for (const { labels } of comparisons) {
    if (!labels) continue;
    for (const [first, second] of labels.matched) {
      addCount(counts.objects, first);
      addCount(counts.objects, second);
      if (first === second) addCount(counts.agreeing, first);
      confuse(first, second);
    }
    for (const label of [...labels.firstOnly, ...labels.secondOnly]) {
      addCount(counts.objects, label);
      confuse(label, MISSED);
    }
  }
  return counts;
}

/**
 * Matched F1 per label: for each label, the F1 of a matching that counts a match only when both
 * labelers gave that label (geometry matched first, as in the item figure, labels compared after).
 * Pooled counts, so items with more objects weigh more. Labels in code-unit order.
 */
export function perLabelF1(comparisons: readonly PairComparison[]): LabelF1[] {
  return perLabelF1FromCounts(labelCounts(comparisons));
}

export function perLabelF1FromCounts({ objects, agreeing }: Pick<LabelCounts, "objects" | "agreeing">): LabelF1[] {
  return [...objects.keys()]
    .filter((label) => objects.get(label)! > 0)
    .sort()
    .map((label) => ({ label, f1: (2 * (agreeing.get(label) ?? 0)) / objects.get(label)!, objects: objects.get(label)! }));
}

export interface LabelConfusion {
  /** The labels in code-unit order, then MISSED. */
  readonly labels: readonly string[];
  /** counts[row][column]; see labelConfusion. */
  readonly counts: readonly (readonly number[])[];
}

/**
 * Confusion between labelers' labels of the same object. Rows: one labeler's label; columns: the other
 * labeler's label for the object matched with it, or MISSED when the other drew nothing there. Each
 * pair is counted from both sides, so the matrix is symmetric (row MISSED is column MISSED) and row k
 * sums to the objects labeled k, each counted once per labeler it was compared with.
 */
export function labelConfusion(comparisons: readonly PairComparison[]): LabelConfusion {
  return labelConfusionFromCounts(labelCounts(comparisons));
}

export function labelConfusionFromCounts({ objects, confusion }: Pick<LabelCounts, "objects" | "confusion">): LabelConfusion {
  const labels = [...[...objects.keys()].filter((label) => objects.get(label)! > 0).sort(), MISSED];
  return { labels, counts: labels.map((row) => labels.map((column) => confusion.get(row)?.get(column) ?? 0)) };
}
