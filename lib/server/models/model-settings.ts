// How a project puts its models to work for labelers: pre-annotation (the workspace starts from a model version's
// prediction, held back from a share of labelers' items to measure how much it pulls them toward the model), and the
// queue order (fresh items the model is least sure of first, or those two models disagree on most).
import { createHash } from "node:crypto";
import { resultAgreement } from "@/lib/evaluation";
import type { ResultEntry } from "@/lib/validation/annotation";
import { parseInput } from "@/lib/validation/parse";
import { modelSettingsSchema, type ModelSettingsInput } from "@/lib/validation/predictions";
import type { Task } from "@/lib/validation/project";
import { recordAudit } from "../audit";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db, type Tx } from "../db/client";
import { defineJob } from "../jobs";
import { storedLabelConfig } from "../stored-config";
import { findModel } from "./models";

/** The certainty of an item the queue model has no prediction for: after every item it has one for. */
export const NO_CERTAINTY = 2;

type ModelName = { name: string; version: string };

export interface ModelSettings {
  preannotation: { model: ModelName; holdOutPercent: number } | null;
  queueOrder: { model: ModelName; against: ModelName | null } | null;
  /** Agreement of first submissions with the pre-annotation model, with it shown and held back (null: none yet). */
  anchoring: { shown: { answers: number; agreement: number | null }; heldOut: { answers: number; agreement: number | null } } | null;
}

async function modelName(id: string | null): Promise<ModelName | null> {
  if (!id) return null;
  const row = await db().predictionModel.findUnique({ where: { id }, select: { name: true, version: true } });
  return row ? { name: row.name, version: row.version } : null;
}

/** The project's model settings, and what pre-annotation has done to agreement with the model so far. */
export async function modelSettings(caller: Caller, projectId: string): Promise<ModelSettings> {
  await requireProjectRole(caller, projectId, "reviewer");
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { preannotationModelId: true, preannotationHoldOut: true, queueModelId: true, queueAgainstModelId: true } });
  const [prefillModel, queueModel, againstModel] = await Promise.all([modelName(project.preannotationModelId), modelName(project.queueModelId), modelName(project.queueAgainstModelId)]);
  const counts = project.preannotationModelId
    ? await db().predictionModel.findUnique({ where: { id: project.preannotationModelId }, select: { prefillShown: true, prefillShownAgreement: true, prefillHeldOut: true, prefillHeldOutAgreement: true } })
    : null;
  const mean = (sum: number, count: number) => (count ? sum / count : null);
  return {
    preannotation: prefillModel ? { model: prefillModel, holdOutPercent: project.preannotationHoldOut } : null,
    queueOrder: queueModel ? { model: queueModel, against: againstModel } : null,
    anchoring: counts
      ? {
          shown: { answers: counts.prefillShown, agreement: mean(counts.prefillShownAgreement, counts.prefillShown) },
          heldOut: { answers: counts.prefillHeldOut, agreement: mean(counts.prefillHeldOutAgreement, counts.prefillHeldOut) },
        }
      : null,
  };
}

/** Changes the project's model settings (managers); a new queue order re-ranks the items in the background. */
export async function updateModelSettings(caller: Caller, projectId: string, input: unknown): Promise<ModelSettings> {
  await requireProjectRole(caller, projectId, "manager");
  const settings: ModelSettingsInput = parseInput(modelSettingsSchema, input);
  const idOf = async (model: ModelName | null | undefined) => (model ? (await findModel(projectId, model.name, model.version)).id : null);
  const data: Record<string, unknown> = {};
  if (settings.preannotation !== undefined) {
    data.preannotationModelId = await idOf(settings.preannotation?.model);
    if (settings.preannotation) data.preannotationHoldOut = settings.preannotation.holdOutPercent;
  }
  const before = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { queueModelId: true, queueAgainstModelId: true } });
  if (settings.queueOrder !== undefined) {
    data.queueModelId = await idOf(settings.queueOrder?.model);
    data.queueAgainstModelId = await idOf(settings.queueOrder?.against);
  }
  await db().project.update({ where: { id: projectId }, data });
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "project.model-settings", targetType: "project", targetId: projectId, data: settings as Record<string, unknown> });
  if (settings.queueOrder !== undefined && (data.queueModelId !== before.queueModelId || data.queueAgainstModelId !== before.queueAgainstModelId)) {
    queueCertaintyJob.trigger({ projectId });
  }
  return modelSettings(caller, projectId);
}

/**
 * Whether the project holds pre-annotation back from this labeler on this item: a fixed draw from their ids, so the
 * same labeler and item always get the same answer and about `percent` of each labeler's items are held back.
 */
export function heldOut(userId: string, itemId: string, percent: number): boolean {
  const draw = createHash("sha256").update(`${userId}\u0000${itemId}`).digest().readUInt32BE(0) % 100;
  return draw < percent;
}

/** Pre-annotation for a new lease of this item to this labeler, decided as the lease is made. */
export async function prefillForLease(tx: Tx, projectId: string, itemId: string, userId: string): Promise<{ prefill: string | null; prefillPredictionId: string | null }> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { preannotationModelId: true, preannotationHoldOut: true } });
  if (!project.preannotationModelId) return { prefill: null, prefillPredictionId: null };
  const prediction = await tx.prediction.findUnique({ where: { modelId_itemId: { modelId: project.preannotationModelId, itemId } }, select: { id: true } });
  if (!prediction) return { prefill: null, prefillPredictionId: null };
  return { prefill: heldOut(userId, itemId, project.preannotationHoldOut) ? "held-out" : "shown", prefillPredictionId: prediction.id };
}

export interface Prefill {
  model: ModelName;
  /** The prediction's entries without their scores: what the workspace starts from. */
  result: ResultEntry[];
}

/** The prediction a lease starts from, when its pre-annotation is shown. */
export async function prefillOf(lease: { prefill: string | null; prefillPredictionId: string | null }): Promise<Prefill | null> {
  if (lease.prefill !== "shown" || !lease.prefillPredictionId) return null;
  const prediction = await db().prediction.findUnique({ where: { id: lease.prefillPredictionId }, select: { result: true, model: { select: { name: true, version: true } } } });
  if (!prediction) return null;
  const result = (prediction.result as (ResultEntry & { score?: number })[]).map(({ score: _score, ...entry }) => entry as ResultEntry);
  return { model: prediction.model, result };
}

/**
 * Records, with a first submission made under pre-annotation (shown or held back), how far the answer agrees with the
 * prediction, on the annotation and in the model's sums. Returns what the annotation stores.
 */
export async function prefillOutcome(
  tx: Tx,
  tasks: readonly Task[],
  lease: { prefill: string | null; prefillPredictionId: string | null },
  answer: readonly ResultEntry[],
): Promise<{ prefill: string | null; prefillPredictionId: string | null; modelAgreement: number | null }> {
  if (!lease.prefill || !lease.prefillPredictionId) return { prefill: null, prefillPredictionId: null, modelAgreement: null };
  const prediction = await tx.prediction.findUnique({ where: { id: lease.prefillPredictionId }, select: { modelId: true, result: true } });
  if (!prediction) return { prefill: lease.prefill, prefillPredictionId: null, modelAgreement: null };
  const agreement = resultAgreement(tasks, prediction.result as ResultEntry[], answer);
  if (agreement !== null) {
    const shown = lease.prefill === "shown";
    await tx.predictionModel.update({
      where: { id: prediction.modelId },
      data: shown ? { prefillShown: { increment: 1 }, prefillShownAgreement: { increment: agreement } } : { prefillHeldOut: { increment: 1 }, prefillHeldOutAgreement: { increment: agreement } },
    });
  }
  return { prefill: lease.prefill, prefillPredictionId: lease.prefillPredictionId, modelAgreement: agreement };
}

/**
 * How sure the queue's model is of an item: the lowest score among its prediction's entries (its own score when it
 * gave one); with a second model, how far the two predictions agree. NO_CERTAINTY without a prediction or a score.
 */
export function queueCertainty(tasks: readonly Task[], prediction: { result: unknown; score: number | null } | undefined, against: { result: unknown } | undefined | null): number {
  if (!prediction) return NO_CERTAINTY;
  if (against === null) return prediction.score ?? NO_CERTAINTY;
  if (!against) return NO_CERTAINTY;
  return resultAgreement(tasks, prediction.result as ResultEntry[], against.result as ResultEntry[]) ?? NO_CERTAINTY;
}

/** Sets the queue certainty of these items of the project from its queue models' predictions. */
export async function updateQueueCertainty(projectId: string, itemIds: readonly string[]): Promise<void> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, queueModelId: true, queueAgainstModelId: true } });
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const modelIds = [project.queueModelId, project.queueAgainstModelId].filter((id): id is string => id !== null);
  const predictions = modelIds.length ? await db().prediction.findMany({ where: { modelId: { in: modelIds }, itemId: { in: [...itemIds] } }, select: { modelId: true, itemId: true, result: true, score: true } }) : [];
  // By model and item: an import's items may be thousands, each looked up once or twice.
  const byModelAndItem = new Map(predictions.map((prediction) => [`${prediction.modelId}\u0000${prediction.itemId}`, prediction]));
  const of = (modelId: string, itemId: string) => byModelAndItem.get(`${modelId}\u0000${itemId}`);
  const byCertainty = new Map<number, string[]>();
  for (const itemId of itemIds) {
    const certainty = project.queueModelId ? queueCertainty(tasks, of(project.queueModelId, itemId), project.queueAgainstModelId ? of(project.queueAgainstModelId, itemId) : null) : NO_CERTAINTY;
    const same = byCertainty.get(certainty);
    if (same) same.push(itemId);
    else byCertainty.set(certainty, [itemId]);
  }
  for (const [certainty, ids] of byCertainty) await db().item.updateMany({ where: { projectId, id: { in: ids } }, data: { queueCertainty: certainty } });
}

const CERTAINTY_PAGE = 500;

/** Every item of the project gets its queue certainty anew (the queue models changed), a page at a time. */
const queueCertaintyJob = defineJob<{ projectId: string }>({
  name: "queue-certainty",
  key: ({ projectId }) => projectId,
  run: async ({ projectId }) => {
    for (let last = ""; ; ) {
      const page = await db().item.findMany({ where: { projectId, id: { gt: last } }, orderBy: { id: "asc" }, take: CERTAINTY_PAGE, select: { id: true } });
      if (!page.length) return;
      last = page.at(-1)!.id;
      await updateQueueCertainty(projectId, page.map((item) => item.id));
    }
  },
});

/** After an import into a model: the items it predicted move in the queue when it is one of the queue's models. */
export async function afterPredictionsImport(projectId: string, modelId: string, itemIds: readonly string[]): Promise<void> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { queueModelId: true, queueAgainstModelId: true } });
  if (project.queueModelId === modelId || project.queueAgainstModelId === modelId) await updateQueueCertainty(projectId, itemIds);
}
