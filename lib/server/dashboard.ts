// The project dashboard for managers and reviewers: progress, throughput, agreement and each labeler's
// quality. Every figure carries the link to the items behind it (the project's item list, filtered).
import type { ResultEntry } from "@/lib/validation/annotation";
import { confusionAgainstReference } from "@/lib/quality/categorical";
import { humanLevelPerformance } from "@/lib/quality/consensus";
import { classificationAnswer } from "@/lib/quality/item-agreement";
import { median } from "@/lib/quality/median";
import { isUncertain, uncertainClassesOf } from "@/lib/review/uncertainty";
import { ITEM_PROGRESS } from "@/lib/validation/items";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { agreementFigures, ratingsOf, type ProjectAgreement } from "./agreement";
import { latestLabelerModels, MIN_ITEMS_FOR_MODEL, type LabelerModel } from "./labeler-models";
import type { ModelRef } from "@/lib/review/flags";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { judgedAnswers } from "./feedback";
import { finalResults } from "./final-labels";
import { itemsInReviewSessions, progressWhere } from "./items";
import { latestAnnotations } from "./latest-annotations";
import { storedLabelConfig, storedStandardization } from "./stored-config";

type ClassificationTask = Extract<Task, { type: "classification" }>;

/** Agreement with final labels: how many answers were judged, how many agreed. */
interface Agreement {
  items: number;
  rate: number | null;
  href: string;
}

export interface ClassFigures {
  task: string;
  multiple: boolean;
  /** Rows: final label; columns: labelers' answers; each labeler's answer to each item counted once. */
  confusion: { categories: string[]; counts: number[][]; hrefs: string[][] };
  /** Per final class: how often a labeler's answer matched it — an estimate of human-level performance. */
  humanLevel: { label: string; answers: number; agreeing: number; rate: number; href: string }[];
  /** Without final labels: how often a labeler's answer matches another labeler's, over all answers. */
  agreementWithOthers: number | null;
  /** Dawid–Skene's estimate per labeler, P(answer | true class), once the task has enough labeled items. */
  estimated: { labelerId: string; accuracy: number; confusion: number[][] }[] | null;
}

export interface Dashboard {
  /** Every item in exactly one state (ITEM_PROGRESS): the counts add up to the project's items. */
  states: { state: string; items: number; href: string }[];
  /** First submissions on each day of the window (none: 0), in all and per labeler (by id), with the links to their items. */
  throughput: { day: string; submissions: number; byLabeler: Record<string, number>; href: string; labelerHrefs: Record<string, string> }[];
  /** Everyone in `throughput`, labelers first, then anyone else who labeled (a reviewer, a former member). */
  throughputLabelers: { id: string; name: string }[];
  /** The name of every labeler and of anyone else who labeled, by user id. */
  names: Record<string, string>;
  /** Median active time of a labeler on an item, over every first submission; `href`: the labeled items. */
  medianActiveSeconds: { value: number | null; href: string };
  /** Mean agreement (each item's worst figure, 0–1) over every judged item. */
  overallAgreement: { mean: number | null; items: number; href: string };
  /** Mean agreement of the items completed each day, per guideline version in force at their last label. */
  agreementOverTime: { versions: number[]; days: ({ day: string; href: string } & Record<string, number | string | null>)[] };
  labelers: {
    id: string;
    name: string;
    /** False for someone who labeled but is not a labeler of the project now (a reviewer, or a former member). */
    member: boolean;
    href: string;
    submitted: number;
    skipped: { items: number; href: string };
    medianActiveSeconds: number | null;
    /** Of the labeler's first submissions, the share (and number) unsure of their answer. */
    uncertain: { rate: number | null; items: number; href: string };
    withConsensus: Agreement;
    withGold: Agreement;
    /** Dawid–Skene estimated accuracy per classification task (by key), once that task has a model. */
    estimatedAccuracy: Record<string, number | null>;
  }[];
  /** Per classification task, whether it has a Dawid–Skene model: it needs `minItems` items with an answer. */
  /** Per classification task: items answered, and the labeler model judging uses now (version, items it was fitted on, when). */
  dawidSkene: { minItems: number; tasks: { task: string; items: number; fitted: boolean; model: ModelRef | null }[] };
  agreement: ProjectAgreement;
  /** Every classification task against its final labels. */
  classes: ClassFigures[];
}

const THROUGHPUT_DAYS = 30;

const seconds = (milliseconds: number | null) => (milliseconds === null ? null : Math.round(milliseconds / 100) / 10);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The days of the throughput window, oldest first, ending today (UTC). */
function windowDays(now: Date): string[] {
  return Array.from({ length: THROUGHPUT_DAYS }, (_, index) => dayOf(new Date(now.getTime() - (THROUGHPUT_DAYS - 1 - index) * 86_400_000)));
}

/** The link to a project's items under some filters (itemListQuerySchema's, and meta.<key>). */
export function itemsHref(projectId: string, filters: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(filters).map(([key, value]) => [key, String(value)]));
  return `/projects/${projectId}/items${query.size ? `?${query}` : ""}`;
}

export async function projectDashboard(caller: Caller, projectId: string): Promise<Dashboard> {
  await requireProjectRole(caller, projectId, "reviewer");
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, standardization: true } });
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const standardization = storedStandardization(project.standardization);
  const href = (filters: Record<string, string | number>) => itemsHref(projectId, filters);

  const [firstRevisions, assignments, members, scores, judged, latest, inSessions] = await Promise.all([
    db().annotation.findMany({ where: { projectId, isDraft: false, revision: 1 }, select: { itemId: true, labelerId: true, activeMs: true, result: true, submittedAt: true, guidelineVersion: { select: { version: true } } } }),
    db().assignment.groupBy({ by: ["userId", "status"], where: { projectId, isRevision: false, status: { in: ["submitted", "skipped"] } }, _count: { _all: true } }),
    db().membership.findMany({ where: { projectId, role: "labeler" }, select: { user: { select: { id: true, name: true } } } }),
    db().item.findMany({ where: { projectId, reviewScore: { not: null } }, select: { id: true, reviewScore: true } }),
    judgedAnswers(projectId),
    latestAnnotations({ projectId }, standardization),
    itemsInReviewSessions(projectId),
  ]);
  // The same filters as the item list's `progress`, so each bar opens exactly the items it counts.
  const states = await Promise.all(
    ITEM_PROGRESS.map(async (progress) => ({
      state: progress.replace("_", " "),
      items: await db().item.count({ where: { projectId, AND: [progressWhere(progress, inSessions)] } }),
      href: href({ progress }),
    })),
  );

  const perDay = new Map(windowDays(new Date()).map((day) => [day, {} as Record<string, number>]));
  for (const { submittedAt, labelerId } of firstRevisions) {
    const byLabeler = submittedAt && perDay.get(dayOf(submittedAt));
    if (byLabeler) byLabeler[labelerId] = (byLabeler[labelerId] ?? 0) + 1;
  }
  const throughput = [...perDay].map(([day, byLabeler]) => ({
    day,
    submissions: Object.values(byLabeler).reduce((sum, count) => sum + count, 0),
    byLabeler,
    href: href({ day }),
    labelerHrefs: Object.fromEntries(Object.keys(byLabeler).map((labeler) => [labeler, href({ day, labeler })])),
  }));

  const inThroughput = new Set(throughput.flatMap((day) => Object.keys(day.byLabeler)));
  // Reviewers and former members label too: their names, not their ids, belong in the tables.
  const others = [...new Set([...inThroughput, ...latest.map((annotation) => annotation.labelerId)])].filter((id) => !members.some(({ user }) => user.id === id));
  const otherUsers = others.length ? await db().user.findMany({ where: { id: { in: others } }, select: { id: true, name: true } }) : [];
  const throughputLabelers = [...members.map(({ user }) => user), ...otherUsers.filter((user) => inThroughput.has(user.id))];

  const uncertainClasses = uncertainClassesOf(tasks);
  const classificationTasks = tasks.filter((task): task is ClassificationTask => task.type === "classification");
  const ratings = new Map(classificationTasks.map((task) => [task.key, ratingsOf(latest, task)]));
  // Requests only read the latest fitted models: fitting runs in the background (lib/server/judging.ts).
  const latestModels = await latestLabelerModels(db(), projectId, classificationTasks);
  const models = new Map(classificationTasks.map((task) => [task.key, latestModels[task.key] ?? null]));
  const agreementOf = (labelerId: string, state: "accepted" | "resolved"): Agreement => {
    const answers = judged.filter((answer) => answer.labelerId === labelerId && answer.state === state);
    return { items: answers.length, rate: answers.length ? answers.filter((answer) => answer.agreed).length / answers.length : null, href: href({ labeler: labelerId, state }) };
  };
  // Everyone who labeled, not only today's labelers: a labeler removed for their work still belongs in this table.
  const labeledHere = new Set(firstRevisions.map((annotation) => annotation.labelerId));
  const rowUsers = [...members.map(({ user }) => ({ ...user, member: true })), ...otherUsers.filter((user) => labeledHere.has(user.id)).map((user) => ({ ...user, member: false }))];
  const labelers = rowUsers.map((user) => {
    const mine = firstRevisions.filter((annotation) => annotation.labelerId === user.id);
    const statusCount = (status: string) => assignments.find((row) => row.userId === user.id && row.status === status)?._count._all ?? 0;
    const unsure = mine.filter((annotation) => isUncertain(annotation.result as ResultEntry[], uncertainClasses)).length;
    return {
      id: user.id,
      name: user.name,
      member: user.member,
      href: href({ labeler: user.id }),
      submitted: statusCount("submitted"),
      skipped: { items: statusCount("skipped"), href: href({ skipped: user.id }) },
      medianActiveSeconds: seconds(median(mine.map((annotation) => annotation.activeMs))),
      uncertain: { rate: mine.length ? unsure / mine.length : null, items: unsure, href: href({ uncertain: user.id }) },
      withConsensus: agreementOf(user.id, "accepted"),
      withGold: agreementOf(user.id, "resolved"),
      estimatedAccuracy: Object.fromEntries(classificationTasks.map((task) => [task.key, models.get(task.key)?.labelers[user.id]?.accuracy ?? null])),
    };
  });

  const finals = classificationTasks.length ? await finalResults({ projectId }, standardization) : new Map<string, ResultEntry[]>();
  const classes = classificationTasks.map((task) => classFigures(projectId, task, ratings.get(task.key)!, finals, models.get(task.key) ?? null));
  return {
    states,
    throughput,
    throughputLabelers,
    names: Object.fromEntries([...members.map(({ user }) => user), ...otherUsers].map((user) => [user.id, user.name])),
    medianActiveSeconds: { value: seconds(median(firstRevisions.map((annotation) => annotation.activeMs))), href: href({ status: "labeled" }) },
    overallAgreement: {
      mean: scores.length ? scores.reduce((sum, item) => sum + item.reviewScore!, 0) / scores.length : null,
      items: scores.length,
      href: href({ scored: "1" }),
    },
    agreementOverTime: agreementOverTime(projectId, firstRevisions, scores),
    labelers,
    dawidSkene: {
      minItems: MIN_ITEMS_FOR_MODEL,
      tasks: classificationTasks.map((task) => {
        const model = models.get(task.key);
        return { task: task.key, items: new Set(ratings.get(task.key)!.map((rating) => rating.item)).size, fitted: !!model, model: model ? model.ref : null };
      }),
    },
    agreement: await agreementFigures(projectId, tasks, latest),
    classes,
  };
}

/**
 * Each scored item counted on the day of its last first submission (when it was complete), under the
 * guideline version of that submission: mean agreement per day and version.
 */
function agreementOverTime(
  projectId: string,
  firstRevisions: { itemId: string; submittedAt: Date | null; guidelineVersion: { version: number } | null }[],
  scores: { id: string; reviewScore: number | null }[],
): Dashboard["agreementOverTime"] {
  const last = new Map<string, { at: Date; version: number }>();
  for (const annotation of firstRevisions) {
    if (!annotation.submittedAt) continue;
    const previous = last.get(annotation.itemId);
    if (!previous || annotation.submittedAt > previous.at) last.set(annotation.itemId, { at: annotation.submittedAt, version: annotation.guidelineVersion?.version ?? 0 });
  }
  const sums = new Map<string, Map<number, { total: number; items: number }>>();
  for (const { id, reviewScore } of scores) {
    const completed = last.get(id);
    if (!completed || reviewScore === null) continue;
    const byVersion = sums.get(dayOf(completed.at)) ?? new Map<number, { total: number; items: number }>();
    const sum = byVersion.get(completed.version) ?? { total: 0, items: 0 };
    byVersion.set(completed.version, { total: sum.total + reviewScore, items: sum.items + 1 });
    sums.set(dayOf(completed.at), byVersion);
  }
  const versions = [...new Set([...sums.values()].flatMap((byVersion) => [...byVersion.keys()]))].sort((a, b) => a - b);
  const days = [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, byVersion]) => ({
      day,
      href: itemsHref(projectId, { completed: day }),
      ...Object.fromEntries(versions.map((version) => [`v${version}`, byVersion.has(version) ? byVersion.get(version)!.total / byVersion.get(version)!.items : null])),
    }));
  return { versions, days };
}

function classFigures(
  projectId: string,
  task: ClassificationTask,
  ratings: { item: string; labeler: string; label: string }[],
  finals: Map<string, ResultEntry[]>,
  model: LabelerModel | null,
): ClassFigures {
  const finalOf = new Map([...finals].flatMap(([itemId, result]) => {
    const answer = classificationAnswer(result, task.key);
    return answer === null ? [] : [[itemId, answer] as const];
  }));
  // A multiple-choice answer is its set of classes ("a + b"): the categories are the sets that occur.
  const categories = task.multiple ? [...new Set([...ratings.map((rating) => rating.label), ...finalOf.values()])].sort() : allowedLabels(task);
  const known = ratings.filter((rating) => categories.includes(rating.label));
  const confusion = confusionAgainstReference(
    known.map((rating) => finalOf.get(rating.item) ?? null),
    known.map((rating) => rating.label),
    { categories },
  );
  const names = confusion.categories.map(String);
  const humanLevel = names.flatMap((label) => {
    const answers = known.filter((rating) => finalOf.get(rating.item) === label);
    const agreeing = answers.filter((rating) => rating.label === label).length;
    return answers.length ? [{ label, answers: answers.length, agreeing, rate: agreeing / answers.length, href: itemsHref(projectId, { task: task.key, final: label }) }] : [];
  });
  return {
    task: task.key,
    multiple: task.multiple,
    confusion: {
      categories: names,
      counts: confusion.counts,
      hrefs: names.map((final) => names.map((answer) => itemsHref(projectId, { task: task.key, final, answer }))),
    },
    humanLevel,
    agreementWithOthers: humanLevelPerformance(known).overall.agreementWithOthers.value,
    estimated: model
      ? Object.entries(model.labelers).map(([labelerId, estimate]) => ({
          labelerId,
          accuracy: estimate.accuracy,
          confusion: names.map((truth) => names.map((given) => estimate.confusion[truth]?.[given] ?? 0)),
        }))
      : null,
  };
}
