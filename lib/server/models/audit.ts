// A model version's audit (issue 22): its evaluations of one task, unsliced and sliced as asked (crossed keys among
// them), combined into the worst slices per slicing, the rare classes and the watch list's hits (lib/evaluation).
import { auditSummary, type AuditSummary } from "@/lib/evaluation";
import { parseInput } from "@/lib/validation/parse";
import { auditQuerySchema } from "@/lib/validation/predictions";
import { storedFacets } from "@/lib/quality/metadata-facets";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";
import { evaluateAllNow, evaluationAnswers, modelAndTask, type EvaluationAnswer, type EvaluationResponse } from "./evaluation";
import { listModels, type ModelSummary } from "./models";
import { storedWatchList } from "./watch-list";

export interface AuditResponse extends AuditSummary {
  model: EvaluationResponse["model"];
  task: string;
  taskType: string;
  measure: string;
  /** When the oldest of the evaluations it combines was computed. */
  computedAt: string;
}

export type AuditAnswer = { status: "done"; audit: AuditResponse } | { status: "queued" | "running"; model: ModelSummary; task: string; pending: (string | null)[] };

/**
 * A model version's audit of one task (reviewers and managers): its unsliced evaluation and one per slicing asked for
 * (query.slices), combined by lib/evaluation's auditSummary once every one is up to date; until then which are
 * pending (the stale ones are started together, as modelEvaluation does).
 */
export async function modelAudit(caller: Caller, projectId: string, input: unknown): Promise<AuditAnswer> {
  await requireProjectRole(caller, projectId, "reviewer");
  const query = parseInput(auditQuerySchema, input);
  const { model, task } = await modelAndTask(projectId, query);
  const answers = await evaluationAnswers(projectId, model, task, ["", ...query.slices]);
  const pending = answers.flatMap((answer) => (answer.status === "done" ? [] : [answer]));
  if (pending.length > 0) return { status: pending.some((answer) => answer.status === "running") ? "running" : "queued", model, task: task.key, pending: pending.map((answer) => answer.by) };
  return { status: "done", audit: auditOf(answers.map((answer) => (answer as Extract<EvaluationAnswer, { status: "done" }>).evaluation)) };
}

/** The audit of up-to-date evaluations of one task: the unsliced one first, then one per slicing. */
function auditOf([overall, ...slicings]: EvaluationResponse[]): AuditResponse {
  const summary = auditSummary(overall!, slicings.map((report) => ({ by: report.by!, report })));
  const computedAt = [overall!, ...slicings].map((report) => report.computedAt).sort()[0]!;
  return { model: overall!.model, task: overall!.task, taskType: overall!.taskType, measure: overall!.measure, computedAt, ...summary };
}

/** Audits now, in this process (the command line: `concord audit`): what GET …/audit answers once its jobs are done. */
export async function auditNow(projectId: string, input: unknown): Promise<AuditResponse> {
  const query = parseInput(auditQuerySchema, input);
  const { model, task } = await modelAndTask(projectId, query);
  return auditOf(await evaluateAllNow(model, task.key, ["", ...query.slices]));
}

export interface AuditChoices {
  models: ModelSummary[];
  /** The metadata keys the project's items carry (as far as the imports recorded them). */
  metadataKeys: string[];
  watchList: string[];
}

/** What the audit page offers to choose from (reviewers and managers). */
export async function auditChoices(caller: Caller, projectId: string): Promise<AuditChoices> {
  const models = await listModels(caller, projectId);
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { metadataFacets: true, watchList: true } });
  return { models, metadataKeys: Object.keys(storedFacets(project.metadataFacets)).sort(), watchList: storedWatchList(project.watchList) };
}
