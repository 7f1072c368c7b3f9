// A model's predictions for a project's items: imported by the API, the CLI and the Label Studio import, kept per
// model version and item (a second import of the same item replaces the first), and read by evaluations.
import type { z } from "zod";
import { itemName } from "@/lib/validation/item-name";
import { annotationResultSchema, mediaBoundsOf, type ResultEntry } from "@/lib/validation/annotation";
import { describeIssue, parseInput } from "@/lib/validation/parse";
import {
  predictionSchema,
  predictionsImportSchema,
  type ModelRef,
  type PredictionsImportReport,
} from "@/lib/validation/predictions";
import type { Task } from "@/lib/validation/project";
import { recordAudit } from "../audit";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";
import { AppError, isUniqueViolation } from "../errors";
import { storedLabelConfig } from "../stored-config";
import { afterPredictionsImport } from "./model-settings";
import { modelFields, type ModelRow } from "./models";

/** The model version's row, made on its first import (two imports making it at once find one). */
async function modelFor(projectId: string, ref: ModelRef, createdById: string): Promise<ModelRow> {
  const where = { projectId_name_version: { projectId, name: ref.name, version: ref.version } };
  for (let attempt = 0; ; attempt++) {
    const existing = await db().predictionModel.findUnique({ where, select: modelFields });
    if (existing) {
      if (ref.trainingExport && existing.trainingExportSha256 && existing.trainingExportSha256 !== ref.trainingExport) {
        throw new AppError("conflict", `Model "${ref.name}" version "${ref.version}" was trained on export ${existing.trainingExportSha256.slice(0, 12)}…, not ${ref.trainingExport.slice(0, 12)}…; give the new training a new version.`);
      }
      if (ref.trainingExport && !existing.trainingExportSha256) {
        return db().predictionModel.update({ where: { id: existing.id }, data: { trainingExportSha256: ref.trainingExport }, select: modelFields });
      }
      return existing;
    }
    try {
      return await db().predictionModel.create({
        data: { projectId, name: ref.name, version: ref.version, trainingExportSha256: ref.trainingExport ?? null, createdById },
        select: modelFields,
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 0) throw error;
    }
  }
}

/** Every problem zod found, on one line; paths start at `prefix` (the field the value came in). */
function problemsOf(issues: readonly z.core.$ZodIssue[], prefix?: string): string {
  return issues.map((issue) => describeIssue({ ...issue, path: prefix ? [prefix, ...issue.path] : issue.path }).message).join("; ");
}

/** A prediction ready to store: its entries checked against the item, and the model's confidence in it. */
export interface CheckedPrediction {
  itemId: string;
  result: (ResultEntry & { score?: number })[];
  score: number | null;
}

/**
 * Checks one prediction's result against the project's tasks and its item, as an imported label is checked (shapes
 * with an area, within the image or clip; a model may leave a required task unanswered). Entries may carry `score`
 * (0–1), which the annotation format itself has no place for. Throws a message for the prediction's rejection.
 */
export function checkPrediction(
  tasks: readonly Task[],
  item: { id: string; width: number | null; height: number | null; durationMs: number | null },
  input: { result: unknown; score?: number },
): CheckedPrediction {
  if (!Array.isArray(input.result)) throw new Error("result must be a list of entries (the annotation result format)");
  const scores = input.result.map((entry: unknown, index) => {
    const score = typeof entry === "object" && entry !== null ? (entry as { score?: unknown }).score : undefined;
    if (score === undefined) return undefined;
    if (typeof score !== "number" || !(score >= 0 && score <= 1)) throw new Error(`result.${index}.score: a score is a number from 0 to 1`);
    return score;
  });
  const withoutScores = input.result.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return entry;
    const { score: _score, ...rest } = entry as Record<string, unknown>;
    return rest;
  });
  const parsed = annotationResultSchema(tasks, mediaBoundsOf(item), "import").safeParse(withoutScores);
  if (!parsed.success) {
    throw new Error(problemsOf(parsed.error.issues, "result"));
  }
  const result = parsed.data.map((entry, index) => (scores[index] === undefined ? entry : { ...entry, score: scores[index] }));
  const entryScores = scores.filter((score): score is number => score !== undefined);
  return { itemId: item.id, result, score: input.score ?? (entryScores.length ? Math.min(...entryScores) : null) };
}

/**
 * Finds the items predictions name: an id of the project's, else an original name that names one item (two items of
 * one name must be named by id). Returns each name's item or why there is none.
 */
async function itemsNamed(projectId: string, names: readonly string[]): Promise<Map<string, { id: string; width: number | null; height: number | null; durationMs: number | null } | string>> {
  const select = { id: true, originalName: true, width: true, height: true, durationMs: true } as const;
  const unique = [...new Set(names)];
  const byId = await db().item.findMany({ where: { projectId, id: { in: unique } }, select });
  const found = new Map<string, { id: string; width: number | null; height: number | null; durationMs: number | null } | string>(byId.map((item) => [item.id, item]));
  const rest = unique.filter((name) => !found.has(name));
  if (rest.length) {
    const byName = await db().item.findMany({ where: { projectId, originalName: { in: [...new Set(rest.map(itemName))] } }, select });
    const named = new Map<string, (typeof byName)[number][]>();
    for (const item of byName) named.set(item.originalName, [...(named.get(item.originalName) ?? []), item]);
    for (const name of rest) {
      const matches = named.get(itemName(name)) ?? [];
      found.set(name, matches.length === 1 ? matches[0]! : matches.length ? `${matches.length} items are named "${itemName(name)}"; name the item by its id` : "no item of this project has this id or name");
    }
  }
  return found;
}

/** Writes checked predictions of one model version: each replaces the model's earlier prediction of its item. */
export async function storePredictions(projectId: string, modelId: string, predictions: readonly CheckedPrediction[]): Promise<void> {
  if (!predictions.length) return;
  await db().$transaction(async (tx) => {
    const replaced = await tx.prediction.deleteMany({ where: { modelId, itemId: { in: predictions.map((prediction) => prediction.itemId) } } });
    await tx.prediction.createMany({
      data: predictions.map((prediction) => ({ modelId, projectId, itemId: prediction.itemId, result: prediction.result as object[], score: prediction.score })),
    });
    await tx.predictionModel.update({
      where: { id: modelId },
      data: { predictionCount: { increment: predictions.length - replaced.count }, predictionsChangedAt: new Date() },
    });
  });
}

/**
 * Imports a model version's predictions (managers): `{model: {name, version, trainingExport?}, predictions: [{item,
 * result, score?}]}`. Each prediction stands alone: one naming no item, or whose result does not fit the project,
 * is rejected with its reason and the others are imported. An item named twice keeps the later prediction.
 */
export async function importPredictions(caller: Caller, projectId: string, input: unknown): Promise<PredictionsImportReport> {
  await requireProjectRole(caller, projectId, "manager");
  const body = parseInput(predictionsImportSchema, input);
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const { tasks } = storedLabelConfig(project.labelConfig);
  const rejected: PredictionsImportReport["rejected"] = [];
  const parsed = body.predictions.flatMap((raw, index) => {
    const prediction = predictionSchema.safeParse(raw);
    if (prediction.success) return [prediction.data];
    const name = typeof raw === "object" && raw !== null && typeof (raw as { item?: unknown }).item === "string" ? (raw as { item: string }).item : `predictions.${index}`;
    rejected.push({ item: name, reason: problemsOf(prediction.error.issues) });
    return [];
  });
  const items = await itemsNamed(projectId, parsed.map((prediction) => prediction.item));
  const checked = new Map<string, CheckedPrediction>();
  for (const prediction of parsed) {
    const item = items.get(prediction.item)!;
    if (typeof item === "string") {
      rejected.push({ item: prediction.item, reason: item });
      continue;
    }
    try {
      checked.set(item.id, checkPrediction(tasks, item, prediction));
    } catch (error) {
      rejected.push({ item: prediction.item, reason: (error as Error).message });
    }
  }
  const model = await storeModelPredictions(caller, projectId, body.model, [...checked.values()], rejected.length);
  return { model: { id: model.id, name: model.name, version: model.version }, imported: checked.size, rejected };
}

/**
 * Stores checked predictions as a model version's (its row made on the first import), updates what follows the model
 * (pre-annotation, queue order) and records the import; `rejected` counts those refused, for the audit record. The
 * caller has checked that they may import (managers).
 */
export async function storeModelPredictions(caller: Caller, projectId: string, ref: ModelRef, checked: readonly CheckedPrediction[], rejected: number): Promise<ModelRow> {
  const model = await modelFor(projectId, ref, caller.user.id);
  await storePredictions(projectId, model.id, checked);
  await afterPredictionsImport(projectId, model.id, checked.map((prediction) => prediction.itemId));
  await recordAudit(db(), {
    actorId: caller.user.id,
    projectId,
    action: "predictions.import",
    targetType: "predictionModel",
    targetId: model.id,
    data: { name: model.name, version: model.version, imported: checked.length, rejected },
  });
  return model;
}
