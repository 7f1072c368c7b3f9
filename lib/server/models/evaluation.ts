// A model version's evaluation against the final labels, beside human-level performance (lib/evaluation): computed by
// a job that reads the model's predictions a page at a time, kept per model, task and slicing, and served as kept
// while nothing it read has changed since. A request never computes one: it returns the kept report, or starts the
// job and says so (202), so its cost is the same at 100 items or 1,000,000.
import { createEvaluator, type EvaluationReport, type SliceBy } from "@/lib/evaluation";
import { standardizeResult } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { parseInput } from "@/lib/validation/parse";
import { evaluationQuerySchema } from "@/lib/validation/predictions";
import type { Task } from "@/lib/validation/project";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";
import { AppError } from "../errors";
import { finalResults } from "../final-labels";
import { defineJob } from "../jobs";
import { latestAnnotations } from "../latest-annotations";
import { storedLabelConfig, storedStandardization } from "../stored-config";
import { findModel, type ModelSummary } from "./models";

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

const evaluationJob = defineJob<{ evaluationId: string }>({
  name: "evaluate-model",
  key: (data) => data.evaluationId,
  run: async (data) => {
    await computeEvaluation(data.evaluationId);
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

/**
 * A model version's evaluation of one task (reviewers and managers): the kept report when nothing it read changed
 * since it was computed, else the job that computes it is started (once, however many ask) and the answer says it
 * is queued or running, with the report it replaces.
 */
export async function modelEvaluation(caller: Caller, projectId: string, input: unknown): Promise<EvaluationAnswer> {
  await requireProjectRole(caller, projectId, "reviewer");
  const query = parseInput(evaluationQuerySchema, input);
  const model = await findModel(projectId, query.model, query.version);
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const task = taskOf(storedLabelConfig(project.labelConfig).tasks, query.task);
  const by = query.by ?? "";
  const where = { modelId_task_by: { modelId: model.id, task: task.key, by } };
  const row = await db().modelEvaluation.findUnique({ where });
  const changedAt = await inputsChangedAt(projectId, model, by);
  if (row?.status === "done" && row.computedAt && row.computedAt >= changedAt) return { status: "done", evaluation: responseOf(model, row) };
  const previous = row?.report && row.computedAt ? responseOf(model, row) : null;
  const pending = (status: "queued" | "running", requestedAt: Date) => ({ status, model, task: task.key, by: by || null, requestedAt: requestedAt.toISOString(), previous, lastError: row?.error ?? null });
  // Asked for a while ago and not done: its process may have died (on SQLite a job lives in the app's process), so it
  // is sent again; a job still running under its key is not run twice (jobs.ts).
  const waiting = row && (row.status === "queued" || row.status === "running");
  if (waiting && Date.now() - row.requestedAt.getTime() < RESEND_AFTER_MS) return pending(row.status as "queued" | "running", row.requestedAt);
  const queued = await db().modelEvaluation.upsert({
    where,
    create: { modelId: model.id, task: task.key, by, status: "queued" },
    update: { status: "queued", requestedAt: new Date() },
  });
  await evaluationJob.send({ evaluationId: queued.id });
  return pending("queued", queued.requestedAt);
}

/**
 * Computes an evaluation: every prediction of the model, in item order, with its item's final label, its labelers'
 * latest answers and its tags (all standardized as the project compares labels), and writes each prediction's outcome
 * for the error analysis. Its time is when it started reading, so a change made while it runs leaves it stale.
 */
export async function computeEvaluation(evaluationId: string): Promise<EvaluationReport> {
  const startedAt = new Date();
  const row = await db().modelEvaluation.update({ where: { id: evaluationId }, data: { status: "running" }, include: { model: { select: { projectId: true } } } });
  try {
    const report = await evaluate(row.model.projectId, row.modelId, row.task, row.by);
    await db().modelEvaluation.update({ where: { id: evaluationId }, data: { status: "done", report: report as object, computedAt: startedAt, error: null } });
    return report;
  } catch (error) {
    await db().modelEvaluation.update({ where: { id: evaluationId }, data: { status: "failed", error: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}

function sliceByOf(by: string): SliceBy {
  if (by === "tags") return { kind: "tags" };
  if (by.startsWith("meta.")) return { kind: "meta", key: by.slice("meta.".length) };
  return null;
}

async function evaluate(projectId: string, modelId: string, taskKey: string, by: string): Promise<EvaluationReport> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, standardization: true } });
  const task = taskOf(storedLabelConfig(project.labelConfig).tasks, taskKey);
  const rules = storedStandardization(project.standardization);
  const evaluator = createEvaluator(task, { by: sliceByOf(by) });
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
    const outcomes: { modelId: string; task: string; itemId: string; measure: number; error: boolean }[] = [];
    for (const prediction of page) {
      const final = finals.get(prediction.itemId);
      if (!final) {
        unjudged++;
        continue;
      }
      const outcome = evaluator.add({
        id: prediction.itemId,
        metadata: (prediction.item.metadata ?? {}) as Record<string, unknown>,
        tags: prediction.item.tags.map((itemTag) => itemTag.tag.name),
        final,
        prediction: standardizeResult(prediction.result as ResultEntry[], rules),
        answers: answersByItem.get(prediction.itemId) ?? [],
      });
      if (outcome) outcomes.push({ modelId, task: task.key, itemId: prediction.itemId, measure: outcome.measure, error: outcome.error });
    }
    if (outcomes.length) await db().predictionOutcome.createMany({ data: outcomes });
    if (page.length < PAGE_SIZE) break;
  }
  const report = evaluator.report();
  return { ...report, leftOut: report.leftOut + unjudged, leftOutReasons: { ...report.leftOutReasons, noFinalLabel: report.leftOutReasons.noFinalLabel + unjudged } };
}

/**
 * Evaluates now, in this process, and keeps the report as the job would (the command line: `concord evaluate`, whose
 * user has the database itself). Returns what GET …/evaluation answers once the job is done.
 */
export async function evaluateNow(projectId: string, input: unknown): Promise<EvaluationResponse> {
  const query = parseInput(evaluationQuerySchema, input);
  const model = await findModel(projectId, query.model, query.version);
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const task = taskOf(storedLabelConfig(project.labelConfig).tasks, query.task);
  const by = query.by ?? "";
  const row = await db().modelEvaluation.upsert({
    where: { modelId_task_by: { modelId: model.id, task: task.key, by } },
    create: { modelId: model.id, task: task.key, by, status: "queued" },
    update: { status: "queued", requestedAt: new Date(), error: null },
  });
  await computeEvaluation(row.id);
  return responseOf(model, await db().modelEvaluation.findUniqueOrThrow({ where: { id: row.id } }));
}
