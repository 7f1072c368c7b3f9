// Feedback to a labeler: the items whose final label differs from their answer, with the reviewer's
// reason, and how often their answers matched the final labels, day by day.
import { itemAgreement } from "@/lib/quality/item-agreement";
import { feedbackFigure } from "@/lib/quality/item-statistics";
import { evaluateItem } from "@/lib/review/flags";
import { flagRulesSchema } from "@/lib/review/rules";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { projectStatistics } from "./statistics";
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

/** The most recent decisions a labeler's feedback looks through for answers resolved differently. */
export const FEEDBACK_DECISIONS = 200;

/**
 * A labeler's feedback; callers check who may see it. Agreement by day comes from the project's sums (the labeler's
 * own figure, lib/quality/item-statistics.ts); the items resolved differently from the newest reviewer decisions on
 * items they answered (LabelerDecision), FEEDBACK_DECISIONS at most, so the page costs the same however much they
 * and the project's reviewers have done.
 */
export async function feedbackFor(projectId: string, labelerId: string): Promise<Feedback> {
  const [project, sums, newest] = await Promise.all([
    db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } }),
    projectStatistics(projectId, [feedbackFigure(labelerId)]),
    // The newest decisions that resolved items this labeler had answered, by index (LabelerDecision). Their details
    // are read after the limit: joined in one statement, PostgreSQL would join every one of the labeler's decisions
    // before sorting them.
    db().labelerDecision.findMany({ where: { labelerId, projectId }, orderBy: { createdAt: "desc" }, take: FEEDBACK_DECISIONS, select: { decisionId: true } }),
  ]);
  const decisions = await db().reviewDecision.findMany({
    where: { id: { in: newest.map((row) => row.decisionId) } },
    orderBy: { createdAt: "desc" },
    select: {
      itemId: true,
      result: true,
      reason: true,
      category: true,
      createdAt: true,
      reviewer: { select: { name: true } },
      item: {
        select: {
          originalName: true,
          durationMs: true,
          reviewState: true,
          // The item's own latest decision: an earlier one was overruled.
          reviewDecisions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
          annotations: { where: { labelerId, isDraft: false }, orderBy: { revision: "desc" }, take: 1, select: { result: true } },
        },
      },
    },
  });
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const byDay = new Map<string, { items: number; agreed: number }>();
  for (const [[day, measure], amount] of sums.get(feedbackFigure(labelerId)) ?? []) {
    const counts = byDay.get(String(day)) ?? { items: 0, agreed: 0 };
    counts[measure === "agreed" ? "agreed" : "items"] += amount;
    byDay.set(String(day), counts);
  }
  const resolvedDifferently = decisions.flatMap((decision): Feedback["resolvedDifferently"] => {
    const yours = decision.item.annotations[0]?.result as ResultEntry[] | undefined;
    // Still resolved, by this decision (not reopened or overruled since).
    if (!yours || decision.item.reviewState !== "resolved" || decision.item.reviewDecisions[0]?.createdAt.getTime() !== decision.createdAt.getTime()) return [];
    const final = decision.result as ResultEntry[];
    if (agreesWithFinal(tasks, yours, final, decision.item.durationMs === null ? null : decision.item.durationMs / 1000)) return [];
    const at = decision.createdAt;
    return [{ itemId: decision.itemId, originalName: decision.item.originalName, yours, final, decision: { reason: decision.reason, category: decision.category, reviewer: decision.reviewer.name, at } }];
  });
  return {
    resolvedDifferently,
    agreementByDay: [...byDay]
      .filter(([, counts]) => counts.items > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, counts]) => ({ day, ...counts, rate: counts.agreed / counts.items })),
  };
}
