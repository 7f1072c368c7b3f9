// A model version's evaluation against the final labels, beside human-level performance (lib/evaluation): computed by
// a job that reads the model's predictions a page at a time, kept per model, task and slicing, and served as kept
// while nothing it read has changed since. A request never computes one: it returns the kept report, or starts the
// job and says so (202), so its cost is the same at 100 items or 1,000,000.
import { createEvaluator, type EvaluatedItem, type EvaluationReport, type SliceBy } from "@/lib/evaluation";
import { standardizeResult } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { parseInput } from "@/lib/validation/parse";
import { CROSS_KEYS, evaluationQuerySchema } from "@/lib/validation/predictions";
import type { Task } from "@/lib/validation/project";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";
import { AppError } from "../errors";
import { finalResults } from "../final-labels";
import { defineJob } from "../jobs";
import { latestAnnotations } from "../latest-annotations";
import { storedLabelConfig, storedStandardization } from "../stored-config";
import { findModel, type ModelSummary } from "./models";
import { storedWatchList } from "./watch-list";

/** A queued or running evaluation asked for longer ago than this is sent to the queue again. */
const RESEND_AFTER_MS = 15 * 60_000;

/** Predictions read per page: their items' answers, final labels and tags are read with them. */
const PAGE_SIZE = 500;

export interface EvaluationResponse extends EvaluationReport {
  model: { name: string; version: string; trainingExport: string | null };
  by: string | null;
  computedAt: string;
}

export type EvaluationAnswer =
  | { status: "done"; evaluation: EvaluationResponse }
  | {
      status: "queued" | "running";
      model: ModelSummary;
      task: string;
      by: string | null;
      requestedAt: string;
      previous: EvaluationResponse | null;
      /** Why the last attempt failed, if it did (the job is tried again). */
      lastError: string | null;
    };

/** The task an evaluation is of: the one named, else the project's first. */
export function taskOf(tasks: readonly Task[], key: string | undefined): Task {
  const task = key === undefined ? tasks[0] : tasks.find((candidate) => candidate.key === key);
  if (!task) throw new AppError("bad_request", key === undefined ? "This project has no tasks." : `task: this project has no task "${key}" (${tasks.map((each) => each.key).join(", ")})`, { path: ["task"] });
  return task;
}

/**
 * The latest moment anything an evaluation reads changed: the model's predictions, a judgment or decision (final
 * labels), the project's settings (tasks, standardization), and for slices by tag, the tags. Each is one indexed read.
 */
async function inputsChangedAt(projectId: string, model: { id: string }, by: string): Promise<Date> {
  const [predictions, project, judgment, decision, tag] = await Promise.all([
    db().predictionModel.findUniqueOrThrow({ where: { id: model.id }, select: { predictionsChangedAt: true } }),
    db().project.findUniqueOrThrow({ where: { id: projectId }, select: { updatedAt: true } }),
    db().consensusResult.findFirst({ where: { projectId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    db().reviewDecision.findFirst({ where: { projectId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    by === "tags" ? db().tag.findFirst({ where: { projectId }, orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }) : null,
  ]);
  const times = [predictions.predictionsChangedAt, project.updatedAt, judgment?.createdAt, decision?.createdAt, tag?.updatedAt];
  return new Date(Math.max(...times.map((time) => time?.getTime() ?? 0)));
}

/**
 * The queued evaluations of one model version's task, one per slicing, computed in one pass over its predictions. One
 * job per model version and task at a time, since they rewrite the same prediction outcomes; it takes whatever is
 * queued when it runs, and again until nothing is, so a slicing asked for while it ran is computed next.
 */
const evaluationJob = defineJob<{ modelId: string; task: string }>({
  name: "evaluate-model",
  key: ({ modelId, task }) => `${modelId}:${task}`,
  run: async ({ modelId, task }) => {
    for (;;) {
      const queued = await db().modelEvaluation.findMany({ where: { modelId, task, status: "queued" }, select: { id: true } });
      if (!queued.length) return;
      await computeEvaluations(queued.map((row) => row.id));
    }
  },
});

function responseOf(model: ModelSummary, row: { by: string; report: unknown; computedAt: Date | null }): EvaluationResponse {
  return {
    model: { name: model.name, version: model.version, trainingExport: model.trainingExport },
    by: row.by || null,
    computedAt: row.computedAt!.toISOString(),
    ...(row.report as EvaluationReport),
  };
}

/** The model version and task a query names, with the project's task list checked. */
export async function modelAndTask(projectId: string, query: { model: string; version?: string; task?: string }): Promise<{ model: ModelSummary; task: Task }> {
  const model = await findModel(projectId, query.model, query.version);
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  return { model, task: taskOf(storedLabelConfig(project.labelConfig).tasks, query.task) };
}

/**
 * A model version's evaluations of one task, one per slicing ("" for none): each kept report when nothing it read
 * changed since it was computed; the stale ones are queued together, for one job that computes them in one pass
 * (started once, however many ask), and their answers say they are queued or running, with the report each replaces.
 */
export async function evaluationAnswers(projectId: string, model: ModelSummary, task: Task, bys: readonly string[]): Promise<EvaluationAnswer[]> {
  const stale: string[] = [];
  const answers = await Promise.all(
    bys.map(async (by): Promise<EvaluationAnswer | { stale: string; previous: EvaluationResponse | null; lastError: string | null }> => {
      const row = await db().modelEvaluation.findUnique({ where: { modelId_task_by: { modelId: model.id, task: task.key, by } } });
      const changedAt = await inputsChangedAt(projectId, model, by);
      if (row?.status === "done" && row.computedAt && row.computedAt >= changedAt) return { status: "done", evaluation: responseOf(model, row) };
      const previous = row?.report && row.computedAt ? responseOf(model, row) : null;
      const lastError = row?.error ?? null;
      // Asked for a while ago and not done: its process may have died (on SQLite a job lives in the app's process), so
      // it is sent again; a job still running under its key is not run twice (jobs.ts).
      if (row && (row.status === "queued" || row.status === "running") && Date.now() - row.requestedAt.getTime() < RESEND_AFTER_MS) {
        return { status: row.status, model, task: task.key, by: by || null, requestedAt: row.requestedAt.toISOString(), previous, lastError };
      }
      stale.push(by);
      return { stale: by, previous, lastError };
    }),
  );
  if (stale.length === 0) return answers as EvaluationAnswer[];
  const queued = new Map(await Promise.all(stale.map(async (by) => [by, await queueEvaluation(model.id, task.key, by)] as const)));
  await evaluationJob.send({ modelId: model.id, task: task.key });
  return answers.map((answer) => {
    if (!("stale" in answer)) return answer;
    const row = queued.get(answer.stale)!;
    return { status: "queued", model, task: task.key, by: answer.stale || null, requestedAt: row.requestedAt.toISOString(), previous: answer.previous, lastError: answer.lastError };
  });
}

function queueEvaluation(modelId: string, task: string, by: string) {
  return db().modelEvaluation.upsert({
    where: { modelId_task_by: { modelId, task, by } },
    create: { modelId, task, by, status: "queued" },
    update: { status: "queued", requestedAt: new Date() },
  });
}

/**
 * A model version's evaluation of one task (reviewers and managers): the kept report when nothing it read changed
 * since it was computed, else the job that computes it is started (once, however many ask) and the answer says it
 * is queued or running, with the report it replaces.
 */
export async function modelEvaluation(caller: Caller, projectId: string, input: unknown): Promise<EvaluationAnswer> {
  await requireProjectRole(caller, projectId, "reviewer");
  const query = parseInput(evaluationQuerySchema, input);
  const { model, task } = await modelAndTask(projectId, query);
  const [answer] = await evaluationAnswers(projectId, model, task, [query.by ?? ""]);
  return answer!;
}

/**
 * Computes evaluations of one model version's task (one per slicing) in one pass: every prediction of the model, in
 * item order, with its item's final label, its labelers' latest answers and its tags (all standardized as the project
 * compares labels), and writes each prediction's outcome (with its watch-list hit) for the error analysis. Their time
 * is when it started reading, so a change made while it runs leaves them stale.
 */
export async function computeEvaluations(evaluationIds: readonly string[]): Promise<EvaluationReport[]> {
  const startedAt = new Date();
  const where = { id: { in: [...evaluationIds] } };
  await db().modelEvaluation.updateMany({ where, data: { status: "running" } });
  const rows = await db().modelEvaluation.findMany({ where, include: { model: { select: { projectId: true } } } });
  const ordered = evaluationIds.map((id) => rows.find((row) => row.id === id)!);
  const [first] = ordered;
  if (!first || ordered.some((row) => !row || row.modelId !== first.modelId || row.task !== first.task)) throw new Error("evaluations computed together are of one model's task");
  try {
    const reports = await evaluate(first.model.projectId, first.modelId, first.task, ordered.map((row) => row.by));
    await Promise.all(ordered.map((row, index) => db().modelEvaluation.update({ where: { id: row.id }, data: { status: "done", report: reports[index] as object, computedAt: startedAt, error: null } })));
    return reports;
  } catch (error) {
    await db().modelEvaluation.updateMany({ where, data: { status: "failed", error: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}

/** A stored slicing ("" none, "tags", "meta.<KEY>", or keys crossed: "meta.<A>*meta.<B>") as the evaluator takes it. */
function sliceByOf(by: string): SliceBy {
  if (by === "tags") return { kind: "tags" };
  if (!by.startsWith("meta.")) return null;
  const crossed = by.split(CROSS_KEYS);
  if (crossed.length > 1 && crossed.every((part) => part.startsWith("meta."))) return { kind: "meta", keys: crossed.map((part) => part.slice("meta.".length)) };
  return { kind: "meta", key: by.slice("meta.".length) };
}

async function evaluate(projectId: string, modelId: string, taskKey: string, bys: readonly string[]): Promise<EvaluationReport[]> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, standardization: true, watchList: true } });
  const task = taskOf(storedLabelConfig(project.labelConfig).tasks, taskKey);
  const rules = storedStandardization(project.standardization);
  // Every evaluator scores the same items alike; the first one's outcomes are stored.
  const [evaluator, ...others] = bys.map((by) => createEvaluator(task, { by: sliceByOf(by), watchList: storedWatchList(project.watchList) }));
  await db().predictionOutcome.deleteMany({ where: { modelId, task: task.key } });
  let unjudged = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await db().prediction.findMany({
      where: { modelId, ...(cursor ? { itemId: { gt: cursor } } : {}) },
      orderBy: { itemId: "asc" },
      take: PAGE_SIZE,
      select: { itemId: true, result: true, item: { select: { metadata: true, tags: { select: { tag: { select: { name: true } } } } } } },
    });
    if (!page.length) break;
    cursor = page.at(-1)!.itemId;
    const ids = page.map((prediction) => prediction.itemId);
    const [finals, answers] = await Promise.all([finalResults({ id: { in: ids } }, rules), latestAnnotations({ itemId: { in: ids } }, rules)]);
    const answersByItem = new Map<string, { labeler: string; result: readonly ResultEntry[] }[]>();
    for (const answer of answers) answersByItem.set(answer.itemId, [...(answersByItem.get(answer.itemId) ?? []), { labeler: answer.labelerId, result: answer.result }]);
    const outcomes: { modelId: string; task: string; itemId: string; measure: number; error: boolean; watchHit: boolean }[] = [];
    for (const prediction of page) {
      const final = finals.get(prediction.itemId);
      if (!final) {
        unjudged++;
        continue;
      }
      const evaluated: EvaluatedItem = {
        id: prediction.itemId,
        metadata: (prediction.item.metadata ?? {}) as Record<string, unknown>,
        tags: prediction.item.tags.map((itemTag) => itemTag.tag.name),
        final,
        prediction: standardizeResult(prediction.result as ResultEntry[], rules),
        answers: answersByItem.get(prediction.itemId) ?? [],
      };
      const outcome = evaluator!.add(evaluated);
      for (const other of others) other.add(evaluated);
      if (outcome) outcomes.push({ modelId, task: task.key, itemId: prediction.itemId, ...outcome });
    }
    if (outcomes.length) await db().predictionOutcome.createMany({ data: outcomes });
    if (page.length < PAGE_SIZE) break;
  }
  return [evaluator!, ...others].map((each) => {
    const report = each.report();
    return { ...report, leftOut: report.leftOut + unjudged, leftOutReasons: { ...report.leftOutReasons, noFinalLabel: report.leftOutReasons.noFinalLabel + unjudged } };
  });
}

/**
 * Evaluates now, in this process, and keeps the report as the job would (the command line: `concord evaluate`, whose
 * user has the database itself). Returns what GET …/evaluation answers once the job is done.
 */
export async function evaluateNow(projectId: string, input: unknown): Promise<EvaluationResponse> {
  const query = parseInput(evaluationQuerySchema, input);
  const { model, task } = await modelAndTask(projectId, query);
  const [evaluation] = await evaluateAllNow(model, task.key, [query.by ?? ""]);
  return evaluation!;
}

/** Computes a model version's evaluations of one task now, in one pass, and keeps them as the job would. */
export async function evaluateAllNow(model: ModelSummary, task: string, bys: readonly string[]): Promise<EvaluationResponse[]> {
  const rows = await Promise.all(bys.map((by) => queueEvaluation(model.id, task, by)));
  await computeEvaluations(rows.map((row) => row.id));
  const computed = await db().modelEvaluation.findMany({ where: { id: { in: rows.map((row) => row.id) } } });
  return rows.map((row) => responseOf(model, computed.find((each) => each.id === row.id)!));
}
