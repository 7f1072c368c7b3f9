// The error analysis: a model version's items from its latest evaluation of a task, one page at a time, each with
// what the model said beside the final label and the item's tags, for a person to look at and tag. A page reads the
// evaluation's outcomes in item order from their index (never counting them) and only its own items' labels.
import type { PredictedEntry } from "@/lib/evaluation/types";
import { standardizeResult } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { parseInput } from "@/lib/validation/parse";
import { modelErrorsQuerySchema } from "@/lib/validation/predictions";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";
import { AppError } from "../errors";
import { finalResults } from "../final-labels";
import { itemFields, itemView, type ItemListEntry } from "../items";
import { storedLabelConfig, storedStandardization } from "../stored-config";
import { modelEvaluation, taskOf } from "./evaluation";
import { findModel } from "./models";

export interface ModelErrorEntry extends ItemListEntry {
  /** The item's own figure in the evaluation, and whether it counts as an error. */
  outcome: { measure: number; error: boolean; watchHit: boolean };
  /** The task's entries of the final label, standardized as the evaluation compared them (null: none any more). */
  final: ResultEntry[] | null;
  /** The task's entries of the model's prediction, standardized, with their scores; and its score for the item. */
  prediction: { result: PredictedEntry[]; score: number | null };
  /** The item's tags, in the order they were added. */
  tags: string[];
}

export interface ModelErrorPage {
  model: { name: string; version: string };
  task: string;
  /** When the evaluation whose outcomes these are was computed. */
  evaluatedAt: string;
  items: ModelErrorEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

const ofTask = (result: readonly ResultEntry[], task: string) => result.filter((entry) => entry.task === task);

/**
 * A page of a model version's items (reviewers and managers) from its latest evaluation of the task, in item order:
 * its errors unless `outcome` says otherwise, optionally only those with a tag or with none. Before any evaluation of
 * the task the answer is 409, and the evaluation is started, as opening it would.
 */
export async function modelErrors(caller: Caller, projectId: string, input: unknown): Promise<ModelErrorPage> {
  await requireProjectRole(caller, projectId, "reviewer");
  const query = parseInput(modelErrorsQuerySchema, input);
  const model = await findModel(projectId, query.model, query.version);
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, standardization: true } });
  const task = taskOf(storedLabelConfig(project.labelConfig).tasks, query.task);
  // Every evaluation of the task (whatever its slicing) rewrites the same outcomes: the latest one computed made them.
  const evaluated = await db().modelEvaluation.findFirst({ where: { modelId: model.id, task: task.key, computedAt: { not: null } }, orderBy: { computedAt: "desc" }, select: { computedAt: true } });
  if (!evaluated?.computedAt) {
    await modelEvaluation(caller, projectId, { model: model.name, version: model.version, task: task.key });
    throw new AppError("conflict", `${model.name} ${model.version} has no evaluation of ${task.key} yet: it has been started; open the evaluation, or ask again once it is done.`);
  }
  const rows = await db().predictionOutcome.findMany({
    where: {
      modelId: model.id,
      task: task.key,
      ...(query.outcome === "all" ? {} : { error: query.outcome === "error" }),
      ...(query.cursor ? { itemId: { gt: query.cursor } } : {}),
      ...(query.tag ? { item: { tags: { some: { tag: { projectId, name: query.tag } } } } } : query.untagged ? { item: { tags: { none: {} } } } : {}),
    },
    orderBy: { itemId: "asc" },
    take: query.limit + 1,
    select: {
      measure: true,
      error: true,
      watchHit: true,
      item: { select: { ...itemFields, reviewState: true, reviewScore: true, tags: { orderBy: { createdAt: "asc" }, select: { tag: { select: { name: true } } } } } },
    },
  });
  const page = rows.slice(0, query.limit);
  const ids = page.map((row) => row.item.id);
  const rules = storedStandardization(project.standardization);
  const [finals, predictions] = await Promise.all([
    finalResults({ id: { in: ids } }, rules),
    db().prediction.findMany({ where: { modelId: model.id, itemId: { in: ids } }, select: { itemId: true, result: true, score: true } }),
  ]);
  const predictionOf = new Map(predictions.map((prediction) => [prediction.itemId, prediction]));
  return {
    model: { name: model.name, version: model.version },
    task: task.key,
    evaluatedAt: evaluated.computedAt.toISOString(),
    items: page.map(({ measure, error, watchHit, item: { reviewState, reviewScore, tags, ...item } }) => {
      const prediction = predictionOf.get(item.id);
      const final = finals.get(item.id);
      return {
        ...itemView(item),
        reviewState,
        reviewScore,
        outcome: { measure, error, watchHit },
        final: final ? ofTask(final, task.key) : null,
        prediction: { result: ofTask(standardizeResult((prediction?.result ?? []) as ResultEntry[], rules), task.key), score: prediction?.score ?? null },
        tags: tags.map((itemTag) => itemTag.tag.name),
      };
    }),
    nextCursor: rows.length > query.limit ? page.at(-1)!.item.id : null,
  };
}
