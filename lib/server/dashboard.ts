// The project dashboard for managers and reviewers: progress, throughput, agreement and each labeler's
// quality, every figure with a link to the items behind it where there is one.
import type { ResultEntry } from "@/lib/validation/annotation";
import { confusionAgainstReference } from "@/lib/quality/categorical";
import { humanLevelPerformance } from "@/lib/quality/consensus";
import { classificationAnswer } from "@/lib/quality/item-agreement";
import type { Standardization } from "@/lib/review/standardize";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { classificationModel, classificationRatings, projectAgreement, type ProjectAgreement } from "./agreement";
import { finalLabel } from "@/lib/review/final-label";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { feedbackFor } from "./feedback";
import { storedLabelConfig, storedStandardization } from "./projects";

export interface Dashboard {
  states: { state: string; items: number; href: string | null }[];
  throughput: { day: string; submissions: number }[];
  labelers: {
    id: string;
    name: string;
    submitted: number;
    skipped: number;
    medianActiveSeconds: number | null;
    uncertaintyRate: number | null;
    agreementWithFinal: number | null;
    /** Dawid–Skene estimated accuracy on the first classification task, once the project has a model. */
    modelAccuracy: number | null;
  }[];
  agreement: ProjectAgreement;
  /** The first (single-choice) classification task against its final labels, when there are any. */
  classes: {
    task: string;
    /** Rows: final label; columns: labelers' answers; each labeler's answer to each item counted once. */
    confusion: { categories: string[]; counts: number[][] };
    /** Per final class: how often a labeler's answer matched it — an estimate of human-level performance. */
    humanLevel: { label: string; answers: number; agreeing: number; rate: number }[];
    /** Without final labels: how often a labeler's answer matches another labeler's, over all answers. */
    agreementWithOthers: number | null;
  } | null;
}

const THROUGHPUT_DAYS = 30;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null;
};

function isUncertain(result: ResultEntry[], uncertainClasses: Set<string>): boolean {
  return result.some((entry) => entry.uncertain || (entry.type === "classification" ? entry.values.some((value) => uncertainClasses.has(value)) : entry.type !== "transcript" && uncertainClasses.has(entry.label)));
}

export async function projectDashboard(caller: Caller, projectId: string): Promise<Dashboard> {
  await requireProjectRole(caller, projectId, "reviewer");
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { overlap: true, labelConfig: true, standardization: true } });
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const items = `/api/v1/projects/${projectId}/items`;
  const [byState, unlabeled, inProgress] = await Promise.all([
    db().item.groupBy({ by: ["reviewState"], where: { projectId }, _count: { _all: true } }),
    db().item.count({ where: { projectId, submittedCount: 0 } }),
    db().item.count({ where: { projectId, reviewState: "open", submittedCount: { gt: 0 } } }),
  ]);
  const count = (state: string) => byState.find((row) => row.reviewState === state)?._count._all ?? 0;
  const states = [
    { state: "unlabeled", items: unlabeled, href: `${items}?status=unlabeled` },
    { state: "in progress", items: inProgress, href: `${items}?status=in_progress` },
    { state: "accepted", items: count("accepted"), href: null },
    { state: "escalated", items: count("escalated"), href: null },
    { state: "flagged", items: count("flagged"), href: `/projects/${projectId}/review` },
    { state: "resolved", items: count("resolved"), href: null },
    { state: "excluded", items: count("excluded"), href: null },
  ];

  const since = new Date(Date.now() - THROUGHPUT_DAYS * 86_400_000);
  const [submissions, firstRevisions, assignments, members] = await Promise.all([
    db().annotation.findMany({ where: { projectId, isDraft: false, revision: 1, submittedAt: { gte: since } }, select: { submittedAt: true } }),
    db().annotation.findMany({ where: { projectId, isDraft: false, revision: 1 }, select: { labelerId: true, activeMs: true, result: true } }),
    db().assignment.groupBy({ by: ["userId", "status"], where: { projectId, status: { in: ["submitted", "skipped"] } }, _count: { _all: true } }),
    db().membership.findMany({ where: { projectId, role: "labeler" }, select: { user: { select: { id: true, name: true } } } }),
  ]);
  const perDay = new Map<string, number>();
  for (const { submittedAt } of submissions) if (submittedAt) perDay.set(submittedAt.toISOString().slice(0, 10), (perDay.get(submittedAt.toISOString().slice(0, 10)) ?? 0) + 1);
  const throughput = [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, submissions: count }));

  const uncertainClasses = new Set(tasks.flatMap((task) => ("uncertainClass" in task && task.uncertainClass ? [task.uncertainClass] : [])));
  const firstClassification = tasks.find((task) => task.type === "classification");
  const model = firstClassification ? await classificationModel(projectId, firstClassification, storedStandardization(project.standardization)) : null;
  const labelers = await Promise.all(
    members.map(async ({ user }) => {
      const mine = firstRevisions.filter((annotation) => annotation.labelerId === user.id);
      const statusCount = (status: string) => assignments.find((row) => row.userId === user.id && row.status === status)?._count._all ?? 0;
      const agreement = (await feedbackFor(projectId, user.id)).agreementByDay.reduce((sum, day) => ({ items: sum.items + day.items, agreed: sum.agreed + day.agreed }), { items: 0, agreed: 0 });
      const active = median(mine.map((annotation) => annotation.activeMs));
      return {
        id: user.id,
        name: user.name,
        submitted: statusCount("submitted"),
        skipped: statusCount("skipped"),
        medianActiveSeconds: active === null ? null : Math.round(active / 100) / 10,
        uncertaintyRate: mine.length ? mine.filter((annotation) => isUncertain(annotation.result as ResultEntry[], uncertainClasses)).length / mine.length : null,
        agreementWithFinal: agreement.items ? agreement.agreed / agreement.items : null,
        modelAccuracy: model?.labelers[user.id]?.accuracy ?? null,
      };
    }),
  );
  const classes = firstClassification?.type === "classification" && !firstClassification.multiple ? await classFigures(projectId, firstClassification, storedStandardization(project.standardization)) : null;
  return { states, throughput, labelers, agreement: await projectAgreement(caller, projectId), classes };
}

/** The item's final answer to a task: the decision in force, else the accepted consensus. */
async function finalAnswers(projectId: string, taskKey: string): Promise<Map<string, string>> {
  const rows = await db().item.findMany({
    where: { projectId, reviewState: { in: ["accepted", "resolved"] } },
    select: {
      id: true,
      reviewState: true,
      consensusResults: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true } },
      reviewDecisions: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true } },
    },
  });
  const finals = new Map<string, string>();
  for (const row of rows) {
    const result = finalLabel(row.reviewState, row.reviewDecisions[0]?.result, row.consensusResults[0]?.result) as ResultEntry[] | null;
    const answer = result ? classificationAnswer(result, taskKey) : null;
    if (answer !== null) finals.set(row.id, answer);
  }
  return finals;
}

async function classFigures(projectId: string, task: Extract<Task, { type: "classification" }>, standardization: Standardization): Promise<NonNullable<Dashboard["classes"]>> {
  const [ratings, finals] = await Promise.all([classificationRatings(projectId, task, standardization), finalAnswers(projectId, task.key)]);
  const categories = allowedLabels(task);
  const known = ratings.filter((rating) => categories.includes(rating.label));
  const confusion = confusionAgainstReference(
    known.map((rating) => finals.get(rating.item) ?? null),
    known.map((rating) => rating.label),
    { categories },
  );
  const humanLevel = categories.flatMap((label) => {
    const answers = known.filter((rating) => finals.get(rating.item) === label);
    const agreeing = answers.filter((rating) => rating.label === label).length;
    return answers.length ? [{ label, answers: answers.length, agreeing, rate: agreeing / answers.length }] : [];
  });
  return {
    task: task.key,
    confusion: { categories: confusion.categories.map(String), counts: confusion.counts },
    humanLevel,
    agreementWithOthers: humanLevelPerformance(known).overall.agreementWithOthers.value,
  };
}
