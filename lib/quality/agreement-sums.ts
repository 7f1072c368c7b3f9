// A project's agreement kept as sums over its items: what one item adds to each task's figures (coincidences for
// Krippendorff's alpha, each labeler pair's cross table for Cohen's kappa, pair comparisons for the object and
// transcript tasks), and the figures from the sums. Reading them costs what the classes, labeler pairs, guideline
// versions and metadata values cost, whatever the number of items. Pure: item-statistics.ts adds these amounts under
// the figure `agreement:<view>`, lib/server/agreement.ts reads them.
import type { ResultEntry } from "../validation/annotation";
import { allowedLabels, type Task } from "../validation/project";
import type { Category } from "./categorical";
import { compareCodeUnits } from "./consensus/ratings";
import { alphaFromCoincidences, type Coincidences } from "./categorical/krippendorff";
import { kappaFromCrossTable } from "./categorical/cohen-kappa";
import { perClassAlphaFromCoincidences } from "./categorical/per-class";
import { classificationAnswer, statisticOf } from "./item-agreement";
import {
  addCount,
  compareLabelers,
  labelConfusionFromCounts,
  labelCounts,
  medoidAgreement,
  pairMatrixFromTotals,
  pairs,
  perLabelF1FromCounts,
  segmentTranscriptAgreement,
  type LabelConfusion,
  type LabelCounts,
  type LabelF1,
  type PairTotal,
} from "./labeler-pairs";
import type { MetadataFacets } from "./metadata-facets";
import { defined, undefinedBecause, type Statistic } from "./statistic";

/** Labels as standardized by the project's rules (what figures show), or as given (what a rule changes). */
export type AgreementView = "standardized" | "raw";
export const agreementFigure = (view: AgreementView) => `agreement:${view}`;
/** The labeler pairs' amounts, apart: they grow with the square of the labelers, so a large team's page skips them. */
export const agreementPairsFigure = (view: AgreementView) => `agreement-pairs:${view}`;

/** Labeler-by-labeler figures are given for teams up to this size (a larger matrix is read by nobody). */
export const MAX_PAIR_MATRIX_LABELERS = 40;

type Breakdown = Record<string, Record<string, Statistic>>;

export interface CategoricalFigures {
  type: "classification";
  alpha: Statistic;
  perClass: { category: string; alpha: Statistic }[];
  labelerPairs: { labelers: string[]; kappa: (Statistic | null)[][]; unitsBothRated: number[][] };
  byMetadata: Breakdown;
  byGuidelineVersion: Record<string, Statistic>;
}

/** Mean agreement per labeler pair over the items both labeled (and compared). */
export type PairFigures = { labelers: string[]; agreement: (number | null)[][]; itemsBothLabeled: number[][] };

/** Box, polygon, segment and transcript tasks: every figure in one measure, 0–1, higher is better. */
export interface PairwiseFigures {
  type: Exclude<Task["type"], "classification">;
  /** The measure: matched F1 at IoU 0.5 (boxes, polygons, segments) or 1 − word error rate (transcripts). */
  figure: "meanF1" | "oneMinusWer";
  /** Mean over items of the item figure (a transcript's: its medoid's against the others). */
  mean: Statistic;
  items: number;
  /** Per shape or segment label, pooled over every labeler pair; empty for transcripts, which have no labels. */
  perClass: LabelF1[];
  labelerPairs: PairFigures;
  /** Labels of the objects matched between labelers, or MISSED; null for transcripts. */
  confusion: LabelConfusion | null;
  byMetadata: Breakdown;
  /** Mean pair agreement over the pairs who both labeled an item under that version. */
  byGuidelineVersion: Record<string, Statistic>;
  /**
   * Segment tasks with transcripts: 1 − WER of the transcripts on matched segments, per item (the mean over its
   * labeler pairs' matched segments where both have a transcript) and per labeler pair; null for other tasks.
   */
  segmentTranscripts: { mean: Statistic; items: number; labelerPairs: PairFigures } | null;
}

export interface AgreementFigures {
  /** Items with at least one submission. */
  labeledItems: number;
  /** How many labelers answered, when more than MAX_PAIR_MATRIX_LABELERS: then every labelerPairs is empty. */
  labelerPairsOmitted: number | null;
  tasks: Record<string, CategoricalFigures | PairwiseFigures>;
}

/** A labeler's latest submission of an item, in the view's labels. */
export interface ViewedSubmission {
  labelerId: string;
  result: readonly ResultEntry[];
  guidelineVersion: number | null;
}

export const versionKey = (version: number | null) => (version === null ? "none" : `v${version}`);

// Every amount is kept per scope: the whole project, one metadata value, or one guideline version.
type Scope = readonly [kind: "all" | "meta" | "version", key: string, value: string];
const ALL: Scope = ["all", "", ""];
// Amounts about items rather than one task; task keys are never empty.
const PROJECT = "";

type Add = (amount: number, ...parts: (string | number)[]) => void;

/** What one item adds to its project's agreement sums in one view: `add(amount, …key parts)`, labeler pairs' through `addPair`. */
export function addItemAgreement(tasks: readonly Task[], latest: readonly ViewedSubmission[], facets: readonly (readonly [string, string])[], add: Add, addPair: Add): void {
  if (!latest.length) return;
  const itemScopes: Scope[] = [ALL, ...facets.map(([key, value]): Scope => ["meta", key, value])];
  for (const scope of itemScopes) add(1, PROJECT, "labeled", ...scope);
  for (const { labelerId } of latest) add(1, PROJECT, "labeler", labelerId);
  const byLabeler = [...latest].sort((a, b) => compareCodeUnits(a.labelerId, b.labelerId));
  for (const task of tasks) {
    if (task.type === "classification") addClassification(task.key, byLabeler, itemScopes, add, addPair);
    else addComparisons(task, byLabeler, itemScopes, add, addPair);
  }
}

function addClassification(taskKey: string, latest: readonly ViewedSubmission[], itemScopes: readonly Scope[], add: Add, addPair: Add): void {
  const answers = latest.flatMap(({ labelerId, result, guidelineVersion }) => {
    const label = classificationAnswer(result, taskKey);
    return label === null ? [] : [{ labelerId, label, version: versionKey(guidelineVersion) }];
  });
  // A unit of m answers adds 1 / (m − 1) per ordered pair of answers (Krippendorff 2011): counted per m, so sums stay whole.
  const coincide = (unit: typeof answers, scope: Scope) => {
    if (unit.length < 2) return;
    for (const first of unit) for (const second of unit) if (first !== second) add(1, taskKey, "o", ...scope, unit.length, first.label, second.label);
  };
  for (const answer of answers) {
    add(1, taskKey, "rated", answer.labelerId);
    add(1, taskKey, "ratedIn", answer.version);
  }
  for (const scope of itemScopes) coincide(answers, scope);
  for (const version of new Set(answers.map((answer) => answer.version))) {
    coincide(
      answers.filter((answer) => answer.version === version),
      ["version", "", version],
    );
  }
  for (const [first, second] of pairs(answers)) addPair(1, taskKey, "pair", first.labelerId, second.labelerId, first.label, second.label);
}

function addComparisons(task: Task & { type: PairwiseFigures["type"] }, latest: readonly ViewedSubmission[], itemScopes: readonly Scope[], add: Add, addPair: Add): void {
  const comparisons = compareLabelers(task, latest);
  // The item's figure from its pairs, without matching or aligning twice: an object task's the mean of its pairs
  // (itemAgreement's meanF1), a transcript's its medoid's.
  const figure = task.type === "transcript" ? medoidAgreement(comparisons) : comparisons.length ? comparisons.reduce((sum, pair) => sum + pair.agreement, 0) / comparisons.length : null;
  if (figure !== null) {
    for (const scope of itemScopes) {
      add(1, task.key, "items", ...scope);
      add(figure, task.key, "itemSum", ...scope);
    }
  }
  const versionOf = new Map(latest.map((submission) => [submission.labelerId, versionKey(submission.guidelineVersion)]));
  for (const comparison of comparisons) {
    const { first, second, agreement } = comparison;
    addPair(1, task.key, "pairs", first, second);
    addPair(agreement, task.key, "pairSum", first, second);
    const version = versionOf.get(first)!;
    if (version === versionOf.get(second)) {
      add(1, task.key, "versionPairs", version);
      add(agreement, task.key, "versionSum", version);
    }
    if (task.type === "segment" && task.transcript) {
      const transcripts = segmentTranscriptAgreement([comparison]);
      if (transcripts !== null) {
        addPair(1, task.key, "transcriptPairs", first, second);
        addPair(transcripts, task.key, "transcriptPairSum", first, second);
      }
    }
  }
  const labels = labelCounts(comparisons);
  for (const [label, objects] of labels.objects) add(objects, task.key, "objects", label);
  for (const [label, agreeing] of labels.agreeing) add(agreeing, task.key, "agreeing", label);
  for (const [row, cells] of labels.confusion) for (const [column, objects] of cells) add(objects, task.key, "confusion", row, column);
  const transcripts = task.type === "segment" && task.transcript ? segmentTranscriptAgreement(comparisons) : null;
  if (transcripts !== null) {
    add(1, task.key, "transcriptItems");
    add(transcripts, task.key, "transcriptItemSum");
  }
}

/** Sums by their key parts, a task's or the project's. */
type Rows = readonly (readonly [parts: readonly unknown[], amount: number])[];

const meanOf = (sum: number, count: number, reason: string): Statistic => (count ? defined(sum / count) : undefinedBecause(reason));
/** Adds a value to the list at `key`. */
function append<T>(lists: Map<string, T[]>, key: string, value: T): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/**
 * A project's agreement from its sums in one view: `rows` are the view's amounts, `pairRows` its labeler pairs' (null:
 * not read, for a team of more than MAX_PAIR_MATRIX_LABELERS; see labelersAnswering), each key's parts after the
 * figure's name. Metadata breaks figures down by the facets with two values or more among labeled items.
 */
export function agreementFromSums(tasks: readonly Task[], rows: Rows, pairRows: Rows | null, facets: MetadataFacets): AgreementFigures {
  const byTask = new Map<string, [unknown[], number][]>();
  for (const [[task, ...parts], amount] of [...rows, ...(pairRows ?? [])]) append(byTask, String(task), [parts, amount]);
  const labeled = byTask.get(PROJECT) ?? [];
  const valuesOf = new Map<string, string[]>();
  for (const [[measure, kind, key, value], amount] of labeled) {
    if (measure !== "labeled" || kind !== "meta" || !amount || !facets[String(key)]) continue;
    append(valuesOf, String(key), String(value));
  }
  const breakdown = new Map([...valuesOf].filter(([, values]) => values.length >= 2).map(([key, values]) => [key, values.sort(compareCodeUnits)]));
  const figures: AgreementFigures["tasks"] = {};
  for (const task of tasks) {
    const taskRows = byTask.get(task.key) ?? [];
    figures[task.key] = task.type === "classification" ? categoricalFromSums(task, taskRows, breakdown, pairRows !== null) : pairwiseFromSums(task, taskRows, breakdown);
  }
  const all = labeled.find(([[measure, kind]]) => measure === "labeled" && kind === "all");
  return { labeledItems: all?.[1] ?? 0, labelerPairsOmitted: pairRows ? null : labelersAnswering(rows), tasks: figures };
}

/** How many labelers have a submission counted in these sums (the view's, without the pairs'). */
export function labelersAnswering(rows: Rows): number {
  return new Set(rows.flatMap(([[task, measure, labeler], amount]) => (task === PROJECT && measure === "labeler" && amount > 0 ? [labeler] : []))).size;
}

const scopeId = (kind: unknown, key: unknown, value: unknown) => JSON.stringify([kind, key, value]);

function categoricalFromSums(task: Task, rows: Rows, breakdown: Map<string, string[]>, withPairs: boolean): CategoricalFigures {
  const rated = new Map<string, number>();
  const ratedIn = new Map<string, number>();
  const coincidences = new Map<string, { units: number; first: string; second: string; amount: number }[]>();
  const crossTables = new Map<string, { first: string; second: string; amount: number }[]>();
  const seen = new Set<string>();
  for (const [[measure, ...parts], amount] of rows) {
    if (!amount) continue;
    if (measure === "rated") addCount(rated, String(parts[0]), amount);
    else if (measure === "ratedIn") addCount(ratedIn, String(parts[0]), amount);
    else if (measure === "o") {
      const [kind, key, value, units, first, second] = parts;
      append(coincidences, scopeId(kind, key, value), { units: Number(units), first: String(first), second: String(second), amount });
      seen.add(String(first));
    } else if (measure === "pair") {
      const [firstLabeler, secondLabeler, first, second] = parts.map(String) as [string, string, string, string];
      append(crossTables, JSON.stringify([firstLabeler, secondLabeler]), { first, second, amount });
      seen.add(first).add(second);
    }
  }
  // The task's classes in their order, then whatever else was answered (sets of a multiple choice).
  const order = allowedLabels(task);
  const rank = (label: string) => (order.includes(label) ? order.indexOf(label) : order.length);
  const categories = [...seen].sort((a, b) => rank(a) - rank(b) || compareCodeUnits(a, b));
  const code = new Map(categories.map((category, index) => [category, index]));
  const size = categories.length;

  const coincidenceMatrix = (id: string): Coincidences => {
    const matrix = new Float64Array(size * size);
    const marginals = new Float64Array(size);
    for (const { units, first, second, amount } of coincidences.get(id) ?? []) {
      matrix[code.get(first)! * size + code.get(second)!]! += amount / (units - 1);
      marginals[code.get(first)!]! += amount / (units - 1);
    }
    return { categoryCount: size, matrix, marginals, total: marginals.reduce((sum, count) => sum + count, 0) };
  };
  const alphaOf = (id: string): Statistic => (rated.size ? statisticOf(alphaFromCoincidences(coincidenceMatrix(id), "nominal", categories as Category[])) : undefinedBecause("no submissions"));
  const all = scopeId(...ALL);

  const labelers = [...new Set([...rated.keys(), ...[...crossTables.keys()].flatMap((id) => JSON.parse(id) as string[])])].sort(compareCodeUnits);
  const square = <T>(fill: (row: number, column: number) => T) => labelers.map((_, row) => labelers.map((__, column) => fill(row, column)));
  const tableOf = (row: number, column: number) => {
    const [first, second] = row < column ? [labelers[row]!, labelers[column]!] : [labelers[column]!, labelers[row]!];
    const table = new Float64Array(size * size);
    for (const cell of crossTables.get(JSON.stringify([first, second])) ?? []) table[code.get(cell.first)! * size + code.get(cell.second)!]! += cell.amount;
    return table;
  };
  const tables = withPairs && labelers.length >= 2 ? square((row, column) => (row === column ? null : tableOf(row, column))) : [];
  return {
    type: "classification",
    alpha: alphaOf(all),
    perClass: rated.size ? perClassAlphaFromCoincidences(coincidenceMatrix(all), categories).map((entry) => ({ category: String(entry.category), alpha: statisticOf(entry) })) : [],
    labelerPairs: {
      labelers: tables.length ? labelers : [],
      kappa: tables.map((row) => row.map((table) => (table ? statisticOf(kappaFromCrossTable(table, size, "unweighted")) : null))),
      unitsBothRated: tables.map((row, index) => row.map((table) => (table ? table.reduce((sum, count) => sum + count, 0) : (rated.get(labelers[index]!) ?? 0)))),
    },
    byMetadata: Object.fromEntries([...breakdown].map(([key, values]) => [key, Object.fromEntries(values.map((value) => [value, alphaOf(scopeId("meta", key, value))]))])),
    byGuidelineVersion: Object.fromEntries([...ratedIn.keys()].sort(compareCodeUnits).map((version) => [version, alphaOf(scopeId("version", "", version))])),
  };
}

function pairwiseFromSums(task: Task & { type: PairwiseFigures["type"] }, rows: Rows, breakdown: Map<string, string[]>): PairwiseFigures {
  const items = new Map<string, number>();
  const itemSums = new Map<string, number>();
  const pairTotals = new Map<string, { items: number; sum: number }>();
  const transcriptTotals = new Map<string, { items: number; sum: number }>();
  const versionPairs = new Map<string, number>();
  const versionSums = new Map<string, number>();
  const labels: LabelCounts = { objects: new Map(), agreeing: new Map(), confusion: new Map() };
  let transcriptItems = 0;
  let transcriptItemSum = 0;
  const addTo = (totals: Map<string, { items: number; sum: number }>, first: unknown, second: unknown, field: "items" | "sum", amount: number) => {
    const id = JSON.stringify([first, second]);
    const total = totals.get(id) ?? { items: 0, sum: 0 };
    total[field] += amount;
    totals.set(id, total);
  };
  for (const [[measure, ...parts], amount] of rows) {
    if (measure === "items" || measure === "itemSum") addCount(measure === "items" ? items : itemSums, scopeId(parts[0], parts[1], parts[2]), amount);
    else if (measure === "pairs" || measure === "pairSum") addTo(pairTotals, parts[0], parts[1], measure === "pairs" ? "items" : "sum", amount);
    else if (measure === "transcriptPairs" || measure === "transcriptPairSum") addTo(transcriptTotals, parts[0], parts[1], measure === "transcriptPairs" ? "items" : "sum", amount);
    else if (measure === "versionPairs") addCount(versionPairs, String(parts[0]), amount);
    else if (measure === "versionSum") addCount(versionSums, String(parts[0]), amount);
    else if (measure === "objects") addCount(labels.objects, String(parts[0]), amount);
    else if (measure === "agreeing") addCount(labels.agreeing, String(parts[0]), amount);
    else if (measure === "confusion") {
      const cells = labels.confusion.get(String(parts[0])) ?? new Map<string, number>();
      addCount(cells, String(parts[1]), amount);
      labels.confusion.set(String(parts[0]), cells);
    } else if (measure === "transcriptItems") transcriptItems += amount;
    else if (measure === "transcriptItemSum") transcriptItemSum += amount;
  }
  const pairFigures = (totals: Map<string, { items: number; sum: number }>): PairFigures => {
    const matrix = pairMatrixFromTotals(
      [...totals].flatMap(([id, total]): PairTotal[] => {
        const [first, second] = JSON.parse(id) as [string, string];
        return total.items ? [{ first, second, ...total }] : [];
      }),
    );
    return { labelers: [...matrix.labelers], agreement: matrix.agreement.map((row) => [...row]), itemsBothLabeled: matrix.items.map((row) => [...row]) };
  };
  const itemMean = (id: string, reason: string) => meanOf(itemSums.get(id) ?? 0, items.get(id) ?? 0, reason);
  const all = scopeId(...ALL);
  return {
    type: task.type,
    figure: task.type === "transcript" ? "oneMinusWer" : "meanF1",
    mean: itemMean(all, "no item has two labelers yet"),
    items: items.get(all) ?? 0,
    perClass: perLabelF1FromCounts(labels),
    labelerPairs: pairFigures(pairTotals),
    confusion: task.type === "transcript" ? null : labelConfusionFromCounts(labels),
    byMetadata: Object.fromEntries([...breakdown].map(([key, values]) => [key, Object.fromEntries(values.map((value) => [value, itemMean(scopeId("meta", key, value), "no item with two labelers")]))])),
    byGuidelineVersion: Object.fromEntries(
      [...versionPairs]
        .filter(([, count]) => count > 0)
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([version, count]) => [version, meanOf(versionSums.get(version) ?? 0, count, "no pair labeled under this version")]),
    ),
    segmentTranscripts:
      task.type === "segment" && task.transcript
        ? { mean: meanOf(transcriptItemSum, transcriptItems, "no item has matched segments both with a transcript"), items: transcriptItems, labelerPairs: pairFigures(transcriptTotals) }
        : null,
  };
}
