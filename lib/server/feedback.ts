// Feedback to a labeler: the items whose final label differs from their answer, with the reviewer's
// reason, and how often their answers matched the final labels, day by day.
import { itemAgreement } from "@/lib/quality/item-agreement";
import { evaluateItem } from "@/lib/review/flags";
import { flagRulesSchema } from "@/lib/review/rules";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import { finalLabel } from "@/lib/review/final-label";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { storedLabelConfig } from "./stored-config";

// Agreement with the final label judged by the project's flag thresholds; uncertainty marks are the
// labeler's honesty, not a disagreement.
const AGREEMENT_RULES = flagRulesSchema.parse({ flagUncertainty: false });

/** Whether a labeler's answer agrees with the final label, by the same measures that flag items. */
export function agreesWithFinal(tasks: readonly Task[], mine: ResultEntry[], final: ResultEntry[], durationSeconds: number | null): boolean {
  const results = [
    { labelerId: "labeler", result: mine },
    { labelerId: "final", result: final },
  ];
  return !evaluateItem({ tasks, results, agreement: itemAgreement(tasks, results, durationSeconds), rules: AGREEMENT_RULES, durationSeconds }).needsReview;
}

export interface Feedback {
  /** Reviewed items resolved differently from the caller's answer, newest decision first. */
  resolvedDifferently: {
    itemId: string;
    originalName: string;
    yours: unknown;
    final: unknown;
    decision: { reason: string; category: string | null; reviewer: string; at: Date };
  }[];
  /** Per day of submission: items with a final label, and how many of the caller's answers agreed with it. */
  agreementByDay: { day: string; items: number; agreed: number; rate: number }[];
}

export async function labelerFeedback(caller: Caller, projectId: string): Promise<Feedback> {
  await requireProjectRole(caller, projectId, "labeler");
  return feedbackFor(projectId, caller.user.id);
}

/** A labeler's latest answer on an item that has a final label, judged against it. */
export interface JudgedAnswer {
  labelerId: string;
  itemId: string;
  originalName: string;
  /** accepted (against the consensus) or resolved (against a reviewer's gold). */
  state: "accepted" | "resolved";
  result: unknown;
  final: ResultEntry[];
  submittedAt: Date | null;
  agreed: boolean;
  decision: { reason: string; category: string | null; reviewer: string; at: Date } | null;
}

/** Every labeler's (or one labeler's) latest answers on items with a final label, each judged against it. */
export async function judgedAnswers(projectId: string, labelerId?: string): Promise<JudgedAnswer[]> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const rows = await db().annotation.findMany({
    where: { projectId, ...(labelerId ? { labelerId } : {}), isDraft: false, item: { reviewState: { in: ["accepted", "resolved"] } } },
    orderBy: [{ itemId: "asc" }, { labelerId: "asc" }, { revision: "desc" }],
    select: {
      itemId: true,
      labelerId: true,
      result: true,
      submittedAt: true,
      item: {
        select: {
          originalName: true,
          durationMs: true,
          reviewState: true,
          consensusResults: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true } },
          reviewDecisions: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true, reason: true, category: true, createdAt: true, reviewer: { select: { name: true } } } },
        },
      },
    },
  });
  const latest = rows.filter((row, index) => rows[index - 1]?.itemId !== row.itemId || rows[index - 1]?.labelerId !== row.labelerId);
  return latest.flatMap((row): JudgedAnswer[] => {
    const decision = row.item.reviewState === "resolved" ? row.item.reviewDecisions[0] : undefined;
    const final = finalLabel(row.item.reviewState, row.item.reviewDecisions[0]?.result, row.item.consensusResults[0]?.result) as ResultEntry[] | null;
    if (!final) return [];
    return [
      {
        labelerId: row.labelerId,
        itemId: row.itemId,
        originalName: row.item.originalName,
        state: row.item.reviewState as JudgedAnswer["state"],
        result: row.result,
        final,
        submittedAt: row.submittedAt,
        agreed: agreesWithFinal(tasks, row.result as ResultEntry[], final, row.item.durationMs === null ? null : row.item.durationMs / 1000),
        decision: decision ? { reason: decision.reason, category: decision.category, reviewer: decision.reviewer.name, at: decision.createdAt } : null,
      },
    ];
  });
}

/** A labeler's feedback; callers check who may see it. */
export async function feedbackFor(projectId: string, labelerId: string): Promise<Feedback> {
  const resolvedDifferently: Feedback["resolvedDifferently"] = [];
  const byDay = new Map<string, { items: number; agreed: number }>();
  for (const answer of await judgedAnswers(projectId, labelerId)) {
    const day = (answer.submittedAt ?? new Date()).toISOString().slice(0, 10);
    const counts = byDay.get(day) ?? { items: 0, agreed: 0 };
    byDay.set(day, { items: counts.items + 1, agreed: counts.agreed + (answer.agreed ? 1 : 0) });
    if (!answer.agreed && answer.decision) resolvedDifferently.push({ itemId: answer.itemId, originalName: answer.originalName, yours: answer.result, final: answer.final, decision: answer.decision });
  }
  return {
    resolvedDifferently: resolvedDifferently.sort((a, b) => b.decision.at.getTime() - a.decision.at.getTime()),
    agreementByDay: [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, ...counts, rate: counts.agreed / counts.items })),
  };
}
