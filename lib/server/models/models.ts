// A project's models: each name and version a row, found by name (the newest version unless one is named).
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";
import { AppError } from "../errors";

export interface ModelSummary {
  id: string;
  name: string;
  version: string;
  trainingExport: string | null;
  predictions: number;
  createdAt: Date;
}

export const modelFields = { id: true, name: true, version: true, trainingExportSha256: true, predictionCount: true, createdAt: true } as const;
export type ModelRow = { id: string; name: string; version: string; trainingExportSha256: string | null; predictionCount: number; createdAt: Date };
export const summary = (row: ModelRow): ModelSummary => ({
  id: row.id,
  name: row.name,
  version: row.version,
  trainingExport: row.trainingExportSha256,
  predictions: row.predictionCount,
  createdAt: row.createdAt,
});

/** The project's models, newest first, with how many items each version predicted. */
export async function listModels(caller: Caller, projectId: string): Promise<ModelSummary[]> {
  await requireProjectRole(caller, projectId, "reviewer");
  const rows = await db().predictionModel.findMany({ where: { projectId }, orderBy: [{ name: "asc" }, { createdAt: "desc" }], select: modelFields, take: 500 });
  return rows.map(summary);
}

/** A model version of the project by name (and version; the newest version without one), or 404. */
export async function findModel(projectId: string, name: string, version: string | undefined): Promise<ModelSummary> {
  const row = await db().predictionModel.findFirst({ where: { projectId, name, ...(version === undefined ? {} : { version }) }, orderBy: { createdAt: "desc" }, select: modelFields });
  if (!row) throw new AppError("not_found", version === undefined ? `This project has no model "${name}".` : `This project has no model "${name}" version "${version}".`);
  return summary(row);
}

