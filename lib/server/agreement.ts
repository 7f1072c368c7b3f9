// Agreement per project on request, from each labeler's latest submitted revision (an item's own agreement is
// computed when it is judged: lib/server/judging.ts).
import { krippendorffAlpha, labelerAgreementMatrix, perClassAlpha } from "@/lib/quality/categorical";
import { classificationAnswer, mean, statisticOf } from "@/lib/quality/item-agreement";
import {
  compareLabelers,
  labelConfusion,
  labelerPairMatrix,
  medoidAgreement,
  perLabelF1,
  segmentTranscriptAgreement,
  type LabelConfusion,
  type LabelF1,
  type PairComparison,
} from "@/lib/quality/labeler-pairs";
import type { Statistic } from "@/lib/quality/statistic";
import { NO_STANDARDIZATION } from "@/lib/review/standardize";
import type { Task } from "@/lib/validation/project";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import type { MetadataValue } from "./manifest";
import { latestAnnotations, type LatestAnnotation } from "./latest-annotations";
import { storedLabelConfig, storedStandardization } from "./stored-config";

type Rating = { item: string; labeler: string; label: string };

/** The answers to a classification task among these annotations, as ratings (item, labeler, label). */
export function ratingsOf(annotations: readonly LatestAnnotation[], task: Task): Rating[] {
  return annotations.flatMap((annotation) => {
    const label = classificationAnswer(annotation.result, task.key);
    return label === null ? [] : [{ item: annotation.itemId, labeler: annotation.labelerId, label }];
  });
}

type Breakdown = Record<string, Record<string, Statistic>>;

interface CategoricalFigures {
  type: "classification";
  alpha: Statistic;
  perClass: { category: string; alpha: Statistic }[];
  labelerPairs: { labelers: string[]; kappa: (Statistic | null)[][]; unitsBothRated: number[][] };
  byMetadata: Breakdown;
  byGuidelineVersion: Record<string, Statistic>;
}

/** Mean agreement per labeler pair over the items both labeled (and compared). */
type PairFigures = { labelers: string[]; agreement: (number | null)[][]; itemsBothLabeled: number[][] };

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

export interface ProjectAgreement {
  projectId: string;
  labeledItems: number;
  tasks: Record<string, CategoricalFigures | PairwiseFigures>;
}

/** Metadata keys worth breaking agreement down by: at least two values, at most twenty. */
function metadataGroups(items: Map<string, Record<string, MetadataValue>>): Map<string, Map<string, string[]>> {
  const groups = new Map<string, Map<string, string[]>>();
  for (const [itemId, metadata] of items) {
    for (const [key, value] of Object.entries(metadata)) {
      const byValue = groups.get(key) ?? new Map<string, string[]>();
      byValue.set(String(value), [...(byValue.get(String(value)) ?? []), itemId]);
      groups.set(key, byValue);
    }
  }
  return new Map([...groups].filter(([, byValue]) => byValue.size >= 2 && byValue.size <= 20));
}

/** One classification task as reliability data: a row per labeler, a column per item (null: no answer). */
function reliabilityData(annotations: readonly LatestAnnotation[], taskKey: string, onlyItems?: readonly string[]) {
  const itemIds = onlyItems ?? [...new Set(annotations.map((annotation) => annotation.itemId))].sort();
  const column = new Map(itemIds.map((itemId, index) => [itemId, index]));
  const relevant = annotations.filter((annotation) => column.has(annotation.itemId));
  const labelers = [...new Set(relevant.map((annotation) => annotation.labelerId))].sort();
  const data = labelers.map(() => itemIds.map((): string | null => null));
  for (const annotation of relevant) data[labelers.indexOf(annotation.labelerId)]![column.get(annotation.itemId)!] = classificationAnswer(annotation.result, taskKey);
  return { labelers, data };
}

/** Krippendorff's alpha (nominal) of one classification task: labelers are coders, items are units. */
function classificationAlpha(annotations: readonly LatestAnnotation[], taskKey: string, onlyItems?: readonly string[]): Statistic {
  const { data } = reliabilityData(annotations, taskKey, onlyItems);
  return data.length ? statisticOf(krippendorffAlpha(data, { level: "nominal" })) : { value: null, reason: "no submissions" };
}

const versionKey = (version: number | null) => (version === null ? "none" : `v${version}`);

function categoricalFigures(task: Task, annotations: LatestAnnotation[], groups: Map<string, Map<string, string[]>>): CategoricalFigures {
  const { labelers, data } = reliabilityData(annotations, task.key);
  const matrix = data.length >= 2 ? labelerAgreementMatrix(data) : null;
  const byGuidelineVersion: Record<string, Statistic> = {};
  for (const version of new Set(annotations.map((annotation) => annotation.guidelineVersion))) {
    const inVersion = annotations.filter((annotation) => annotation.guidelineVersion === version);
    byGuidelineVersion[versionKey(version)] = classificationAlpha(inVersion, task.key);
  }
  return {
    type: "classification",
    alpha: classificationAlpha(annotations, task.key),
    perClass: data.length ? perClassAlpha(data).map((entry) => ({ category: String(entry.category), alpha: statisticOf(entry) })) : [],
    labelerPairs: {
      labelers,
      kappa: matrix ? matrix.kappa.map((row, i) => row.map((entry, j) => (i === j ? null : statisticOf(entry)))) : [],
      unitsBothRated: matrix?.unitsBothRated ?? [],
    },
    byMetadata: Object.fromEntries(
      [...groups].map(([key, byValue]) => [key, Object.fromEntries([...byValue].map(([value, ids]) => [value, classificationAlpha(annotations, task.key, ids)]))]),
    ),
    byGuidelineVersion,
  };
}

type ItemComparison = PairComparison & { itemId: string };

function pairFigures(comparisons: readonly PairComparison[]): PairFigures {
  const matrix = labelerPairMatrix(comparisons);
  return { labelers: [...matrix.labelers], agreement: matrix.agreement.map((row) => [...row]), itemsBothLabeled: matrix.items.map((row) => [...row]) };
}

/** Each comparison with segment transcripts, its agreement being theirs: 1 − WER (see segmentTranscriptAgreement). */
function segmentTranscriptPairs(comparisons: readonly PairComparison[]): PairComparison[] {
  return comparisons.flatMap((comparison) => {
    const agreement = segmentTranscriptAgreement([comparison]);
    return agreement === null ? [] : [{ ...comparison, agreement }];
  });
}

/**
 * A box, polygon, segment or transcript task's figures from every item's labeler pairs: each item's
 * pairs are compared once and pooled per pair, per label, per version and into the label confusion.
 */
function pairwiseFigures(task: Task & { type: PairwiseFigures["type"] }, byItem: Map<string, LatestAnnotation[]>, groups: Map<string, Map<string, string[]>>): PairwiseFigures {
  const comparisons: ItemComparison[] = [];
  const itemFigures = new Map<string, number>();
  const segmentTranscriptFigures: number[] = [];
  for (const [itemId, results] of byItem) {
    const pairs = compareLabelers(task, results);
    comparisons.push(...pairs.map((pair) => ({ ...pair, itemId })));
    // An item's figure from its pairs, without matching or aligning twice: an object task's the mean of its pairs
    // (itemAgreement's meanF1), a transcript's its medoid's; segment transcripts' as itemAgreement's transcriptWer.
    const figure = task.type === "transcript" ? medoidAgreement(pairs) : pairs.length ? pairs.reduce((sum, pair) => sum + pair.agreement, 0) / pairs.length : null;
    if (figure !== null) itemFigures.set(itemId, figure);
    const transcripts = segmentTranscriptAgreement(pairs);
    if (transcripts !== null) segmentTranscriptFigures.push(transcripts);
  }
  const valuesOf = (ids: Iterable<string>) => [...ids].flatMap((id) => (itemFigures.has(id) ? [itemFigures.get(id)!] : []));
  const versionOf = new Map([...byItem.values()].flat().map((annotation) => [`${annotation.itemId}:${annotation.labelerId}`, annotation.guidelineVersion]));
  const byVersion = new Map<string, number[]>();
  for (const { itemId, first, second, agreement } of comparisons) {
    const version = versionOf.get(`${itemId}:${first}`) ?? null;
    if (version !== (versionOf.get(`${itemId}:${second}`) ?? null)) continue;
    const agreements = byVersion.get(versionKey(version));
    if (agreements) agreements.push(agreement);
    else byVersion.set(versionKey(version), [agreement]);
  }
  return {
    type: task.type,
    figure: task.type === "transcript" ? "oneMinusWer" : "meanF1",
    mean: mean(valuesOf(itemFigures.keys()), "no item has two labelers yet"),
    items: itemFigures.size,
    perClass: perLabelF1(comparisons),
    labelerPairs: pairFigures(comparisons),
    confusion: task.type === "transcript" ? null : labelConfusion(comparisons),
    byMetadata: Object.fromEntries([...groups].map(([key, byValue]) => [key, Object.fromEntries([...byValue].map(([value, ids]) => [value, mean(valuesOf(ids), "no item with two labelers")]))])),
    byGuidelineVersion: Object.fromEntries([...byVersion].map(([version, agreements]) => [version, mean(agreements, "no pair labeled under this version")])),
    segmentTranscripts:
      task.type === "segment" && task.transcript
        ? { mean: mean(segmentTranscriptFigures, "no item has matched segments both with a transcript"), items: segmentTranscriptFigures.length, labelerPairs: pairFigures(segmentTranscriptPairs(comparisons)) }
        : null,
  };
}

/**
 * Project-wide agreement per task, per class, per labeler pair, per metadata value and per guideline
 * version; with the project's standardization rules applied unless `standardized` is false, so a
 * manager sees what a rule changes.
 */
export async function projectAgreement(caller: Caller, projectId: string, { standardized = true } = {}): Promise<ProjectAgreement> {
  await requireProjectRole(caller, projectId, "reviewer");
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, standardization: true } });
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const annotations = await latestAnnotations({ projectId }, standardized ? storedStandardization(project.standardization) : NO_STANDARDIZATION);
  return agreementFigures(projectId, tasks, annotations);
}

/** A project's agreement figures from its latest annotations (callers check who may see them). */
export async function agreementFigures(projectId: string, tasks: Task[], annotations: LatestAnnotation[]): Promise<ProjectAgreement> {
  const byItem = new Map<string, LatestAnnotation[]>();
  for (const annotation of annotations) {
    const group = byItem.get(annotation.itemId);
    if (group) group.push(annotation);
    else byItem.set(annotation.itemId, [annotation]);
  }
  const itemIds = [...byItem.keys()];
  const items = await db().item.findMany({ where: { id: { in: itemIds } }, select: { id: true, metadata: true } });
  const groups = metadataGroups(new Map(items.map((item) => [item.id, item.metadata as Record<string, MetadataValue>])));
  const figures: ProjectAgreement["tasks"] = {};
  for (const task of tasks) figures[task.key] = task.type === "classification" ? categoricalFigures(task, annotations, groups) : pairwiseFigures(task, byItem, groups);
  return { projectId, labeledItems: itemIds.length, tasks: figures };
}
