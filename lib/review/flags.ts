// Whether an item that has all its labels needs expert review, and its automatic consensus, task by task.
// Pure: the server calls it when an item reaches its overlap and on every revision after, with the
// item agreement it has just computed (lib/quality/item-agreement.ts).
import { majorityVote } from "../quality/consensus";
import type { SegmentAgreement, TaskAgreement } from "../quality/item-agreement";
import type { LabelerResult } from "../quality/labeler-pairs";
import { boxConsensus, polygonConsensus, type Shape, type ShapeCluster } from "../quality/shapes";
import { DEFAULT_NORMALISATION, segmentConsensus, temporalIoU, transcriptConsensus, type TimedSegment } from "../quality/text-and-segments";
import type { ResultEntry } from "../validation/annotation";
import { UNINTELLIGIBLE, type Task } from "../validation/project";
import type { FLAG_REASON_CODES, FlagRules } from "./rules";

export { flagRulesSchema, type FlagRules } from "./rules";

export interface FlagReason {
  code: (typeof FLAG_REASON_CODES)[number];
  /** The task key; absent for a reason about the whole item. */
  task?: string;
  /** A short sentence with the figures, e.g. `class agreement 0.50 is below 0.67`. */
  detail: string;
}

export interface TaskConsensus {
  task: string;
  method: "majority-vote" | "dawid-skene" | "shape-clusters" | "segment-clusters" | "transcript-medoid";
  /** The consensus in the result format; empty when there is none (a tie, nothing drawn by half the labelers). */
  entries: ResultEntry[];
  /** Vote share, or mean support of the consensus shapes or segments; null when there is no consensus or no such share (transcripts). */
  confidence: number | null;
}

export interface SubmittedResult extends LabelerResult {
  guidelinesUnclear?: boolean;
}

export interface ItemToEvaluate {
  tasks: readonly Task[];
  /** Each labeler's latest submitted result for the item. */
  results: readonly SubmittedResult[];
  /** itemAgreement(tasks, results, durationSeconds) of the same results. */
  agreement: Record<string, TaskAgreement>;
  rules: FlagRules;
  durationSeconds?: number | null;
  /**
   * Per classification task, the Dawid–Skene posterior over this item's answers (from labeler confusion
   * matrices fitted on the project); when given, it is the consensus and its confidence, else the vote share.
   */
  classPosteriors?: Record<string, Record<string, number>>;
}

export interface ItemEvaluation {
  needsReview: boolean;
  reasons: FlagReason[];
  /** One per task, in task order. */
  consensus: TaskConsensus[];
}

type EntryOf<T extends ResultEntry["type"]> = Extract<ResultEntry, { type: T }>;
type TaskOf<T extends Task["type"]> = Extract<Task, { type: T }>;

/** One labeler's entries for one task. */
interface Answer {
  labelerId: string;
  entries: readonly ResultEntry[];
}

interface TaskEvaluation {
  consensus: TaskConsensus;
  reasons: FlagReason[];
}

/** The item's consensus per task and the reasons, if any, to send it to review. */
export function evaluateItem(input: ItemToEvaluate): ItemEvaluation {
  const { tasks, results, rules } = input;
  const reasons: FlagReason[] = [];
  const consensus = tasks.map((task) => {
    const answers = results.map(({ labelerId, result }) => ({ labelerId, entries: result.filter((entry) => entry.task === task.key) }));
    const evaluation = evaluateTask(task, answers, input);
    const { confidence } = evaluation.consensus;
    reasons.push(
      ...evaluation.reasons,
      ...thresholdReason("low-confidence", task.key, "consensus confidence", confidence, rules.minConsensusConfidence, "below"),
    );
    if (rules.flagUncertainty) reasons.push(...uncertaintyReasons(task, answers));
    return evaluation.consensus;
  });
  const unclear = results.filter((result) => result.guidelinesUnclear).length;
  if (unclear > 0) reasons.push({ code: "guidelines-unclear", detail: `${unclear} of ${results.length} labelers found the guidelines unclear` });
  return { needsReview: reasons.length > 0, reasons, consensus };
}

/** Disputes, which another labeler may settle; uncertainty and unclear guidelines are for a reviewer. */
const DISPUTES: ReadonlySet<FlagReason["code"]> = new Set(["low-agreement", "tie", "low-confidence"]);

/** Whether a disputed item should ask for one more labeler before it goes to review. */
export function shouldEscalate(input: { needsReview: boolean; reasons: readonly FlagReason[]; labelers: number; maxOverlap: number; rules: FlagRules }): boolean {
  const { needsReview, reasons, labelers, maxOverlap, rules } = input;
  return needsReview && rules.escalate && labelers < maxOverlap && reasons.some((reason) => DISPUTES.has(reason.code));
}

function evaluateTask(task: Task, answers: readonly Answer[], input: ItemToEvaluate): TaskEvaluation {
  const figures = input.agreement[task.key];
  switch (task.type) {
    case "classification":
      return classificationEvaluation(task, answers, input.rules, input.classPosteriors?.[task.key]);
    case "bbox":
    case "polygon":
      return shapeEvaluation(task, answers, figures?.type === "bbox" || figures?.type === "polygon" ? figures.meanF1.value : null, input.rules);
    case "segment":
      return segmentEvaluation(task, answers, figures?.type === "segment" ? figures : undefined, input.rules, input.durationSeconds);
    case "transcript":
      return transcriptEvaluation(task, figures?.type === "transcript" ? figures : undefined, input.rules);
  }
}

/** Majority vote over the labelers' answers; a multiple choice's sorted set of classes is one answer. */
function classificationEvaluation(task: TaskOf<"classification">, answers: readonly Answer[], rules: FlagRules, posterior?: Record<string, number>): TaskEvaluation {
  const valuesByAnswer = new Map<string, string[]>();
  const ratings = answers.flatMap(({ labelerId, entries }) => {
    const entry = entriesOfType(entries, "classification")[0];
    // An entry without a class gives no answer.
    if (!entry || entry.values.length === 0) return [];
    const values = [...entry.values].sort();
    // The same answer key as classificationAnswer in item agreement.
    const answer = values.join(" + ");
    valuesByAnswer.set(answer, values);
    return [{ item: task.key, labeler: labelerId, label: answer }];
  });
  const outcome = majorityVote(ratings)[task.key];
  const noConsensus: TaskConsensus = { task: task.key, method: "majority-vote", entries: [], confidence: null };
  if (!outcome) return { consensus: noConsensus, reasons: [] };

  const lowAgreement = thresholdReason("low-agreement", task.key, "class agreement", outcome.confidence.value, rules.minClassAgreement, "below");
  if (outcome.label === null) {
    const tally = outcome.votes[outcome.tiedLabels[0]!];
    const tie: FlagReason = { code: "tie", task: task.key, detail: `${quotedList(outcome.tiedLabels)} tie with ${tally} vote${tally === 1 ? "" : "s"} each` };
    return { consensus: noConsensus, reasons: rules.flagTies ? [tie, ...lowAgreement] : lowAgreement };
  }
  const modelled = posterior && mostProbable(posterior);
  if (modelled) {
    // The model may overrule the vote (a reliable minority); its answer keys are this module's.
    const values = valuesByAnswer.get(modelled.label) ?? modelled.label.split(" + ");
    return { consensus: { task: task.key, method: "dawid-skene", entries: [{ task: task.key, type: "classification", values }], confidence: modelled.probability }, reasons: lowAgreement };
  }
  const entries: ResultEntry[] = [{ task: task.key, type: "classification", values: valuesByAnswer.get(outcome.label)! }];
  return { consensus: { ...noConsensus, entries, confidence: outcome.confidence.value }, reasons: lowAgreement };
}

function mostProbable(posterior: Record<string, number>): { label: string; probability: number } | null {
  let best: { label: string; probability: number } | null = null;
  for (const [label, probability] of Object.entries(posterior)) if (!best || probability > best.probability) best = { label, probability };
  return best;
}

/** Consensus boxes (fused corners) or polygons (medoids) drawn by at least half the labelers. */
function shapeEvaluation(task: TaskOf<"bbox" | "polygon">, answers: readonly Answer[], meanF1: number | null, rules: FlagRules): TaskEvaluation {
  const clusters: readonly ShapeCluster<Shape>[] =
    task.type === "bbox"
      ? boxConsensus(new Map(answers.map(({ labelerId, entries }) => [labelerId, entriesOfType(entries, "bbox")]))).clusters
      : polygonConsensus(new Map(answers.map(({ labelerId, entries }) => [labelerId, entriesOfType(entries, "polygon")]))).clusters;
  const [noun, plural] = task.type === "bbox" ? ["box", "boxes"] : ["polygon", "polygons"];
  const reasons = thresholdReason("low-agreement", task.key, `${noun} F1`, meanF1, rules.minShapeF1, "below");
  const tied = clusters.filter((cluster) => cluster.labelTie).length;
  if (rules.flagTies && tied > 0) reasons.push({ code: "tie", task: task.key, detail: `labels tie on ${tied} of ${clusters.length} consensus ${plural}` });
  return {
    consensus: {
      task: task.key,
      method: "shape-clusters",
      entries: clusters.map(({ consensus }) => shapeEntry(task.key, consensus)),
      confidence: meanOrNull(clusters.map((cluster) => cluster.support)),
    },
    reasons,
  };
}

function shapeEntry(task: string, shape: Shape): ResultEntry {
  return shape.type === "bbox"
    ? { task, type: "bbox", label: shape.label, x: shape.x, y: shape.y, width: shape.width, height: shape.height }
    : { task, type: "polygon", label: shape.label, points: shape.points.map(([x, y]) => [x, y]) };
}

/**
 * Frame-level majority segments label by label, each with the medoid of the transcripts its labelers wrote for it;
 * flagged on matched F1, and on the WER of segment transcripts with the whole-transcript limit.
 */
function segmentEvaluation(task: TaskOf<"segment">, answers: readonly Answer[], figures: SegmentAgreement | undefined, rules: FlagRules, durationSeconds?: number | null): TaskEvaluation {
  const segmentsByLabeler = Object.fromEntries(answers.map(({ labelerId, entries }) => [labelerId, entriesOfType(entries, "segment")]));
  const segments = segmentConsensus({ durationSeconds: durationSeconds ?? undefined, segmentsByLabeler });
  const entries = segments.map(({ label, start, end }): ResultEntry => {
    const transcript = segmentTranscript({ label, start, end }, Object.values(segmentsByLabeler));
    return { task: task.key, type: "segment", label, start, end, ...(transcript === null ? {} : { transcript }) };
  });
  return {
    consensus: { task: task.key, method: "segment-clusters", entries, confidence: meanOrNull(segments.map((segment) => segment.support)) },
    reasons: [
      ...thresholdReason("low-agreement", task.key, "segment F1", figures?.meanF1.value ?? null, rules.minSegmentF1, "below"),
      ...thresholdReason("low-agreement", task.key, "segment transcript WER", figures?.transcriptWer?.value ?? null, rules.maxTranscriptWer, "above"),
    ],
  };
}

/**
 * The medoid of the transcripts on the labelers' segments behind a consensus segment: from each labeler,
 * the segment with its label that overlaps it most. Null when none of those segments has a transcript.
 */
function segmentTranscript(consensus: TimedSegment, segmentsByLabeler: readonly (readonly EntryOf<"segment">[])[]): string | null {
  const transcripts = segmentsByLabeler.flatMap((segments) => {
    let closest: EntryOf<"segment"> | undefined;
    for (const segment of segments) {
      const iou = segment.label === consensus.label ? temporalIoU(segment, consensus) : 0;
      if (iou > 0 && (!closest || iou > temporalIoU(closest, consensus))) closest = segment;
    }
    return closest?.transcript === undefined ? [] : [closest.transcript];
  });
  return transcriptConsensus(transcripts, { rules: DEFAULT_NORMALISATION }).medoidText;
}

/** The medoid transcript from item agreement. Its confidence is null: a WER is not a share of labelers. */
function transcriptEvaluation(task: TaskOf<"transcript">, figures: Extract<TaskAgreement, { type: "transcript" }> | undefined, rules: FlagRules): TaskEvaluation {
  const medoid = figures?.medoid ?? null;
  return {
    consensus: { task: task.key, method: "transcript-medoid", entries: medoid === null ? [] : [{ task: task.key, type: "transcript", text: medoid }], confidence: null },
    reasons: thresholdReason("low-agreement", task.key, "transcript WER", figures?.meanWer.value ?? null, rules.maxTranscriptWer, "above"),
  };
}

/** Votes for the task's uncertainty class, entries marked uncertain, and "[unintelligible]" in transcripts. */
function uncertaintyReasons(task: Task, answers: readonly Answer[]): FlagReason[] {
  const labelersWho = (predicate: (entry: ResultEntry) => boolean) => answers.filter(({ entries }) => entries.some(predicate)).length;
  const of = `of ${answers.length} labelers`;
  const reasons: FlagReason[] = [];
  const uncertainClass = "uncertainClass" in task ? task.uncertainClass : undefined;
  if (uncertainClass !== undefined) {
    const voters = labelersWho((entry) => (entry.type === "classification" ? entry.values.includes(uncertainClass) : entry.type === "segment" && entry.label === uncertainClass));
    if (voters > 0) reasons.push({ code: "uncertainty-vote", task: task.key, detail: `${voters} ${of} chose "${uncertainClass}"` });
  }
  const marked = labelersWho((entry) => entry.uncertain === true);
  if (marked > 0) reasons.push({ code: "marked-uncertain", task: task.key, detail: `${marked} ${of} marked an answer uncertain` });
  const unintelligible = labelersWho((entry) => {
    const text = entry.type === "transcript" ? entry.text : entry.type === "segment" ? entry.transcript : undefined;
    return text?.toLowerCase().includes(UNINTELLIGIBLE) ?? false;
  });
  if (unintelligible > 0) reasons.push({ code: "unintelligible", task: task.key, detail: `${unintelligible} ${of} wrote "${UNINTELLIGIBLE}"` });
  return reasons;
}

/** A figure as shown, to two decimals. Thresholds are met or missed by the figure as shown, so 2 of 3 (0.666…) meets 0.67. */
function shown(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A reason when a defined figure is below (or above) its limit; an undefined figure (null) never flags. */
function thresholdReason(code: FlagReason["code"], task: string, what: string, value: number | null, limit: number, side: "below" | "above"): FlagReason[] {
  if (value === null) return [];
  const figure = shown(value);
  const missed = side === "below" ? figure < limit : figure > limit;
  return missed ? [{ code, task, detail: `${what} ${figure.toFixed(2)} is ${side} ${limit}` }] : [];
}

function entriesOfType<T extends ResultEntry["type"]>(entries: readonly ResultEntry[], type: T): EntryOf<T>[] {
  return entries.filter((entry): entry is EntryOf<T> => entry.type === type);
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
}

/** "a", "b" and "c", quoted. */
function quotedList(values: readonly string[]): string {
  const quoted = values.map((value) => `"${value}"`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}` : quoted.join("");
}
