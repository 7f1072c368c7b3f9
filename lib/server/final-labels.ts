// Items' final labels as stored: what the dashboard and the item list's `final` filter compare answers with.
import { finalLabel } from "@/lib/review/final-label";
import { standardizeResult, type Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { db } from "./db/client";

/**
 * The final label of each of a project's items (or of these items) that has one, standardized: the decision in
 * force once resolved, the accepted consensus once accepted.
 */
export async function finalResults(where: { projectId: string } | { id: { in: string[] } }, standardization: Standardization): Promise<Map<string, ResultEntry[]>> {
  const rows = await db().item.findMany({
    where: { ...where, reviewState: { in: ["accepted", "resolved"] } },
    select: {
      id: true,
      reviewState: true,
      consensusResults: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true } },
      reviewDecisions: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true } },
    },
  });
  return new Map(
    rows.flatMap((row) => {
      const result = finalLabel(row.reviewState, row.reviewDecisions[0]?.result, row.consensusResults[0]?.result) as ResultEntry[] | null;
      return result ? [[row.id, standardizeResult(result, standardization)] as const] : [];
    }),
  );
}
