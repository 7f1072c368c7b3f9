// Whether an item that has all its labels needs expert review, and its automatic consensus, task by task.
// Pure: the server calls it when an item reaches its overlap and on every revision after, with the
// item agreement it has just computed (lib/quality/item-agreement.ts).
import { itemPosterior, majorityVote } from "../quality/consensus";
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
  method: "unanimous" | "majority-vote" | "dawid-skene" | "shape-clusters" | "segment-clusters" | "transcript-medoid";
  /** The consensus in the result format; empty when there is none (a tie, nothing drawn by half the labelers). */
  entries: ResultEntry[];
  /** Vote share, or mean support of the consensus shapes or segments; null when there is no consensus or no such share (transcripts). */
  confidence: number | null;
  /** A classification task judged with a fitted labeler model: the model and what it says of this item. */
  model?: ModelOpinion;
}

/** Which fitted labeler model judged an item (kept with the judgment, so its history says what decided it). */
export interface ModelRef {
  id: string;
  version: number;
  /** Items it was fitted on. */
  items: number;
  fittedAt: string;
}

/** A fitted Dawid–Skene model of a classification task: class priors and each labeler's confusion matrix. */
export interface ClassModel {
  ref: ModelRef;
  priors: Record<string, number>;
  labelers: Record<string, { confusion: Record<string, Record<string, number>> }>;
}

export interface ModelOpinion {
  ref: ModelRef;
  /** The model's most probable answer for the item and its posterior probability. */
  label: string;
  probability: number;
  posterior: Record<string, number>;
  /** The vote's answer, or null on a tie. */
  vote: string | null;
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
   * Per classification task, the labeler model fitted on the project's answers (Dawid–Skene), if any. It never
   * overrules the labelers silently: it confirms the vote (its posterior is then the confidence), or sends the item
   * to review when its most probable answer differs from the vote.
   */
  classModels?: Record<string, ClassModel>;
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
      return classificationEvaluation(task, answers, input.rules, input.classModels?.[task.key]);
    case "bbox":
    case "polygon":
      return shapeEvaluation(task, answers, figures?.type === "bbox" || figures?.type === "polygon" ? figures.meanF1.value : null, input.rules);
    case "segment":
      return segmentEvaluation(task, answers, figures?.type === "segment" ? figures : undefined, input.rules, input.durationSeconds);
    case "transcript":
      return transcriptEvaluation(task, figures?.type === "transcript" ? figures : undefined, input.rules);
  }
}

/**
 * A labeler's answer to a classification task as a vote: the sorted set of its classes is one answer ("a + b",
 * the key item agreement uses). Choosing the task's uncertainty class says something about the labeler, not about
 * the item, so it is an abstention: never a consensus label, never a rating for the labeler model. Null: no answer.
 */
export function classificationVote(entries: readonly ResultEntry[], task: Task): { answer: string; values: string[] } | "abstain" | null {
  const entry = entries.find((candidate): candidate is EntryOf<"classification"> => candidate.type === "classification" && candidate.task === task.key);
  if (!entry || entry.values.length === 0) return null;
  const uncertainClass = "uncertainClass" in task ? task.uncertainClass : undefined;
  if (uncertainClass !== undefined && entry.values.includes(uncertainClass)) return "abstain";
  const values = [...entry.values].sort();
  return { answer: values.join(" + "), values };
}

/**
 * The labelers' answers decide: a unanimous answer (among those who did not abstain) is the consensus whatever a
 * model says, otherwise the majority's, with its vote share of everyone who answered as its confidence. A fitted
 * labeler model confirms the majority (its posterior is then the confidence) or, when its most probable answer
 * differs, sends the item to review with both answers: a reliable minority is for a person to judge.
 */
function classificationEvaluation(task: TaskOf<"classification">, answers: readonly Answer[], rules: FlagRules, model?: ClassModel): TaskEvaluation {
  const valuesByAnswer = new Map<string, string[]>();
  let answered = 0;
  const ratings = answers.flatMap(({ labelerId, entries }) => {
    const vote = classificationVote(entries, task);
    if (vote === null) return [];
    answered++;
    if (vote === "abstain") return [];
    valuesByAnswer.set(vote.answer, vote.values);
    return [{ item: task.key, labeler: labelerId, label: vote.answer }];
  });
  const noConsensus: TaskConsensus = { task: task.key, method: "majority-vote", entries: [], confidence: null };
  const outcome = majorityVote(ratings)[task.key];
  if (!outcome) return { consensus: noConsensus, reasons: [] };
  const entryOf = (answer: string): ResultEntry[] => [{ task: task.key, type: "classification", values: valuesByAnswer.get(answer) ?? answer.split(" + ") }];
  const voteShare = outcome.label === null ? null : outcome.votes[outcome.label]! / answered;

  const lowAgreement = thresholdReason("low-agreement", task.key, "class agreement", outcome.confidence.value, rules.minClassAgreement, "below");
  if (valuesByAnswer.size === 1) return { consensus: { ...noConsensus, method: "unanimous", entries: entryOf(outcome.label!), confidence: voteShare }, reasons: [] };

  const opinion = model ? modelOpinion(model, ratings, outcome.label) : undefined;
  if (outcome.label === null) {
    const tally = outcome.votes[outcome.tiedLabels[0]!];
    const tie: FlagReason = { code: "tie", task: task.key, detail: `${quotedList(outcome.tiedLabels)} tie with ${tally} vote${tally === 1 ? "" : "s"} each` };
    return { consensus: { ...noConsensus, ...(opinion ? { model: opinion } : {}) }, reasons: rules.flagTies ? [tie, ...lowAgreement] : lowAgreement };
  }
  if (!opinion) return { consensus: { ...noConsensus, entries: entryOf(outcome.label), confidence: voteShare }, reasons: lowAgreement };
  if (opinion.label === outcome.label) {
    return { consensus: { task: task.key, method: "dawid-skene", entries: entryOf(outcome.label), confidence: opinion.probability, model: opinion }, reasons: lowAgreement };
  }
  const votes = outcome.votes[outcome.label]!;
  const disagrees: FlagReason = {
    code: "model-disagrees",
    task: task.key,
    detail: `the labeler model disagrees with the vote: the vote says "${outcome.label}" (${votes} of ${answered}), the model "${opinion.label}" (posterior ${opinion.probability.toFixed(2)})`,
  };
  return { consensus: { ...noConsensus, entries: entryOf(outcome.label), confidence: voteShare, model: opinion }, reasons: [...lowAgreement, disagrees] };
}

/** The model's posterior over this item's answers (its non-abstaining ratings) and its most probable answer. */
function modelOpinion(model: ClassModel, ratings: readonly { labeler: string; label: string }[], vote: string | null): ModelOpinion {
  const posterior = itemPosterior({ priors: model.priors, labelers: model.labelers as Parameters<typeof itemPosterior>[0]["labelers"] }, ratings);
  let best: [string, number] = ["", -1];
  // Ties go to the first answer in code-unit order, as dawidSkene's own labels do.
  for (const [label, probability] of Object.entries(posterior).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (probability > best[1]) best = [label, probability];
  return { ref: model.ref, label: best[0], probability: best[1], posterior, vote };
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
