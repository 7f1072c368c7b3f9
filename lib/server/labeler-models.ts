// Labeler models: Dawid–Skene fits of each classification task's answers (class priors and every labeler's
// confusion matrix), stored with a version so that each judgment can say which model it used. Fitting reads the
// whole project and runs in the background (lib/server/judging.ts schedules it); requests only read the latest.
import { dawidSkene, type DawidSkeneResult, type Rating } from "@/lib/quality/consensus";
import { classificationVote, type ClassModel } from "@/lib/review/flags";
import type { Task } from "@/lib/validation/project";
import type { Db, Tx } from "./db/client";
import type { LatestAnnotation } from "./latest-annotations";

// Dawid–Skene needs enough items to estimate each labeler's confusion matrix; below this the vote share is the
// honest confidence.
export const MIN_ITEMS_FOR_MODEL = 20;

export interface LabelerModel extends ClassModel {
  labelers: DawidSkeneResult["labelers"];
  ratings: number;
  iterations: number;
  converged: boolean;
}

type StoredParameters = Pick<DawidSkeneResult, "priors" | "labelers" | "iterations" | "converged">;

/**
 * Parsed models by id. A model never changes once stored, so a cached one is never stale; judging reads the
 * latest model's id (an index lookup) and parses its parameters (up to labelers × classes² numbers) only once.
 */
const parsed = new Map<string, LabelerModel>();
const PARSED_KEPT = 64;

/** The answers to a classification task that a labeler model is fitted on: abstentions (the uncertainty class) left out. */
export function modelRatings(annotations: readonly LatestAnnotation[], task: Task): Rating[] {
  return annotations.flatMap((annotation) => {
    const vote = classificationVote(annotation.result, task);
    return vote === null || vote === "abstain" ? [] : [{ item: annotation.itemId, labeler: annotation.labelerId, label: vote.answer }];
  });
}

/** The latest fitted model of each classification task that has one. */
export async function latestLabelerModels(client: Db | Tx, projectId: string, tasks: readonly Task[]): Promise<Record<string, LabelerModel>> {
  const models: Record<string, LabelerModel> = {};
  for (const task of tasks) {
    if (task.type !== "classification") continue;
    const head = await client.labelerModel.findFirst({ where: { projectId, taskKey: task.key }, orderBy: { version: "desc" }, select: { id: true } });
    if (!head) continue;
    let model = parsed.get(head.id);
    if (!model) {
      const row = await client.labelerModel.findUniqueOrThrow({ where: { id: head.id } });
      const parameters = row.parameters as unknown as StoredParameters;
      model = {
        ref: { id: row.id, version: row.version, items: row.items, fittedAt: row.fittedAt.toISOString() },
        priors: parameters.priors,
        labelers: parameters.labelers,
        iterations: parameters.iterations,
        converged: parameters.converged,
        ratings: row.ratings,
      };
      if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
      parsed.set(head.id, model);
    }
    models[task.key] = model;
  }
  return models;
}

/**
 * Fits and stores the next version of each classification task's model from these annotations (each labeler's
 * latest answers in the project). Tasks answered on fewer than MIN_ITEMS_FOR_MODEL items get none.
 * Returns the tasks that got a new version.
 */
export async function fitLabelerModels(client: Db, projectId: string, tasks: readonly Task[], annotations: readonly LatestAnnotation[]): Promise<string[]> {
  const fitted: string[] = [];
  for (const task of tasks) {
    if (task.type !== "classification") continue;
    const ratings = modelRatings(annotations, task);
    const items = new Set(ratings.map((rating) => rating.item)).size;
    if (items < MIN_ITEMS_FOR_MODEL) continue;
    const { priors, labelers, iterations, converged } = dawidSkene(ratings);
    const previous = await client.labelerModel.findFirst({ where: { projectId, taskKey: task.key }, orderBy: { version: "desc" }, select: { version: true } });
    const parameters: StoredParameters = { priors, labelers, iterations, converged };
    await client.labelerModel.create({
      data: { projectId, taskKey: task.key, version: (previous?.version ?? 0) + 1, items, ratings: ratings.length, parameters: parameters as object },
    });
    fitted.push(task.key);
  }
  return fitted;
}
