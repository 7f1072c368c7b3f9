// Labeler models: Dawid–Skene fits of each classification task's answers (class priors and every labeler's
// confusion matrix), stored with a version so that each judgment can say which model it used. Fitting reads the
// project's newest items and runs in the background, in a thread of its own (lib/server/judging.ts schedules it);
// requests only read the latest.
import { Worker } from "node:worker_threads";
import type { DawidSkeneResult, Rating } from "@/lib/quality/consensus";
import { classificationVote, type ClassModel } from "@/lib/review/flags";
import type { Task } from "@/lib/validation/project";
import { bundledScript } from "./bundles";
import type { Db, Tx } from "./db/client";
import type { EncodedRatings } from "./model-fit-worker";
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

/** Adds the ratings of these annotations to each classification task's (modelRatings), keyed by task. */
export function addModelRatings(ratingsByTask: Map<string, Rating[]>, tasks: readonly Task[], annotations: readonly LatestAnnotation[]): void {
  for (const task of tasks) {
    if (task.type !== "classification") continue;
    const ratings = ratingsByTask.get(task.key) ?? [];
    for (const rating of modelRatings(annotations, task)) ratings.push(rating);
    ratingsByTask.set(task.key, ratings);
  }
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

/** Ratings as integer codes, for the fitting thread: the item ids themselves do not matter to a fit, only which are the same. */
function encodeRatings(ratings: readonly Rating[]): EncodedRatings {
  const codes = () => new Map<string, number>();
  const [items, labelers, labels] = [codes(), codes(), codes()];
  const code = (names: Map<string, number>, name: string) => names.get(name) ?? names.set(name, names.size).get(name)!;
  const encoded = { items: new Int32Array(ratings.length), labelers: new Int32Array(ratings.length), labels: new Int32Array(ratings.length) };
  ratings.forEach((rating, index) => {
    encoded.items[index] = code(items, rating.item);
    encoded.labelers[index] = code(labelers, rating.labeler);
    encoded.labels[index] = code(labels, rating.label);
  });
  return { ...encoded, labelerNames: [...labelers.keys()], labelNames: [...labels.keys()] };
}

/** Dawid–Skene on these ratings in a thread of its own (model-fit-worker.ts), ended when it answers. */
async function fitInThread(ratings: readonly Rating[]): Promise<StoredParameters> {
  const worker = new Worker(await bundledScript("model-fit"));
  try {
    const encoded = encodeRatings(ratings);
    const fitted = new Promise<StoredParameters>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the labeler model's fitting thread ended (exit code ${code}) without a model`)));
    });
    worker.postMessage(encoded, [encoded.items.buffer as ArrayBuffer, encoded.labelers.buffer as ArrayBuffer, encoded.labels.buffer as ArrayBuffer]);
    return await fitted;
  } finally {
    await worker.terminate();
  }
}

/**
 * Fits and stores the next version of each classification task's model from its ratings (modelRatings of each
 * labeler's latest answers), in a thread of its own. Tasks answered on fewer than MIN_ITEMS_FOR_MODEL items get none.
 * Returns the tasks that got a new version.
 */
export async function fitLabelerModels(client: Db, projectId: string, ratingsByTask: ReadonlyMap<string, readonly Rating[]>): Promise<string[]> {
  const fitted: string[] = [];
  for (const [taskKey, ratings] of ratingsByTask) {
    const items = new Set(ratings.map((rating) => rating.item)).size;
    if (items < MIN_ITEMS_FOR_MODEL) continue;
    const parameters = await fitInThread(ratings);
    const previous = await client.labelerModel.findFirst({ where: { projectId, taskKey }, orderBy: { version: "desc" }, select: { version: true } });
    await client.labelerModel.create({
      data: { projectId, taskKey, version: (previous?.version ?? 0) + 1, items, ratings: ratings.length, parameters: parameters as object },
    });
    fitted.push(taskKey);
  }
  return fitted;
}
