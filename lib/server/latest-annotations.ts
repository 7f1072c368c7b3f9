// Each labeler's latest submitted answer per item: what agreement, consensus and review compare.
import type { LabelerResult } from "@/lib/quality/labeler-pairs";
import { NO_STANDARDIZATION, standardizeResult, type Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { db, type Db, type Tx } from "./db/client";

export interface LatestAnnotation extends LabelerResult {
  itemId: string;
  guidelineVersion: number | null;
  guidelinesUnclear: boolean;
}

/**
 * Each labeler's latest submitted revision per item (drafts never count), with the project's
 * standardization rules applied when given: compared as canonical labels, stored as given.
 */
export async function latestAnnotations(
  where: { projectId: string; itemId?: { gte: string; lte?: string } } | { itemId: string | { in: string[] } },
  rules: Standardization = NO_STANDARDIZATION,
  client: Db | Tx = db(),
): Promise<LatestAnnotation[]> {
  const rows = await client.annotation.findMany({
    where: { ...where, isDraft: false },
    orderBy: [{ itemId: "asc" }, { labelerId: "asc" }, { revision: "desc" }],
    select: { itemId: true, labelerId: true, result: true, guidelinesUnclear: true, guidelineVersion: { select: { version: true } } },
  });
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    const key = `${row.itemId}:${row.labelerId}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ itemId: row.itemId, labelerId: row.labelerId, result: standardizeResult(row.result as ResultEntry[], rules), guidelinesUnclear: row.guidelinesUnclear, guidelineVersion: row.guidelineVersion?.version ?? null }];
  });
}
