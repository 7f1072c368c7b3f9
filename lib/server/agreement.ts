// Agreement per project on request, from the sums each item adds when it changes (lib/quality/agreement-sums.ts,
// kept by lib/server/statistics.ts): reading them costs what the classes, labeler pairs and metadata values cost,
// whatever the number of items. An item's own agreement is computed when it is judged (lib/server/judging.ts).
import { agreementFigure, agreementFromSums, agreementPairsFigure, labelersAnswering, MAX_PAIR_MATRIX_LABELERS, type AgreementFigures } from "@/lib/quality/agreement-sums";
import { storedFacets } from "@/lib/quality/metadata-facets";
import { hasRules } from "@/lib/review/standardize";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { projectStatistics } from "./statistics";
import { storedLabelConfig, storedStandardization } from "./stored-config";

export type ProjectAgreement = AgreementFigures & { projectId: string };

/**
 * Project-wide agreement per task, per class, per labeler pair, per metadata value and per guideline version; with
 * the project's standardization rules applied unless `standardized` is false, so a manager sees what a rule changes.
 */
export async function projectAgreement(caller: Caller, projectId: string, { standardized = true } = {}): Promise<ProjectAgreement> {
  await requireProjectRole(caller, projectId, "reviewer");
  return agreementFigures(projectId, { standardized });
}

/** A project's agreement figures (callers check who may see them). */
export async function agreementFigures(projectId: string, { standardized = true } = {}): Promise<ProjectAgreement> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, standardization: true, metadataFacets: true } });
  // Items add amounts as given only where rules change labels; otherwise both views are the same sums.
  const view = !standardized && hasRules(storedStandardization(project.standardization)) ? "raw" : "standardized";
  const rows = (await projectStatistics(projectId, [agreementFigure(view)])).get(agreementFigure(view)) ?? [];
  // The pairs' amounts grow with the square of the team: read only for a team whose matrix anyone reads.
  const pairRows = labelersAnswering(rows) <= MAX_PAIR_MATRIX_LABELERS ? ((await projectStatistics(projectId, [agreementPairsFigure(view)])).get(agreementPairsFigure(view)) ?? []) : null;
  return { projectId, ...agreementFromSums(storedLabelConfig(project.labelConfig).tasks, rows, pairRows, storedFacets(project.metadataFacets)) };
}
