// The project dashboard for managers and reviewers: progress, throughput, agreement and each labeler's
// quality. Every figure carries the link to the items behind it (the project's item list, filtered).
import { dayFigure, dayOf, histogramMedian, SKIP_REASON_FIGURE } from "@/lib/quality/item-statistics";
import { OTHER_SKIP_REASON, projectSkipReasons } from "@/lib/labeling/skip-reasons";
import { Prisma } from "@/lib/generated/prisma-sqlite/client";
import type { ModelRef } from "@/lib/review/flags";
import { ITEM_PROGRESS, itemsHref, type ItemProgress } from "@/lib/validation/items";

export { itemsHref };
import { allowedLabels, type Task } from "@/lib/validation/project";
import { agreementFigures, type ProjectAgreement } from "./agreement";
import { requireProjectRole, type Caller } from "./auth/caller";
import { dashboardInThread } from "./dashboard-thread";
import { currentTarget, db } from "./db/client";
import { UNDECIDED } from "./items";
import { latestLabelerModels, MIN_ITEMS_FOR_MODEL, type LabelerModel } from "./labeler-models";
import { itemCounts, projectStatistics } from "./statistics";
import { storedLabelConfig } from "./stored-config";

type ClassificationTask = Extract<Task, { type: "classification" }>;

/** The project statistics (lib/quality/item-statistics.ts) this page reads besides agreement. */
const DASHBOARD_FIGURES = ["state", "first", "active", "uncertain", "submitted", "skipped", SKIP_REASON_FIGURE, "scored", "scoreSum", "completed", "completedSum", "judged", "agreed", "rated", "class", "classSeen", "others", "othersAgreeing"];

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
  /** First-time skips by reason: the project's reasons in their order (none: 0), then "other", then reasons no longer listed. */
  skipsByReason: { reason: string; skips: number }[];
}

const THROUGHPUT_DAYS = 30;

const seconds = (milliseconds: number | null) => (milliseconds === null ? null : Math.round(milliseconds / 100) / 10);

/** The days of the throughput window, oldest first, ending today (UTC). */
function windowDays(now: Date): string[] {
  return Array.from({ length: THROUGHPUT_DAYS }, (_, index) => dayOf(new Date(now.getTime() - (THROUGHPUT_DAYS - 1 - index) * 86_400_000)));
}


export async function projectDashboard(caller: Caller, projectId: string): Promise<Dashboard> {
  await requireProjectRole(caller, projectId, "reviewer");
  // SQLite's driver holds the thread it reads on: at 1,000,000 items a load (thousands of ledger rows, pages read
  // from disk on a cold cache, the garbage) held every other request for 170–460 ms. In a thread of its own, none waits.
  const target = currentTarget();
  return target.provider === "sqlite" ? dashboardInThread(target, projectId) : dashboardFigures(projectId);
}

/** The dashboard's figures (callers check who may see them): what the page shows, read from the project's sums. */
export async function dashboardFigures(projectId: string): Promise<Dashboard> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, skipReasons: true } });
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const href = (filters: Record<string, string | number>) => itemsHref(projectId, filters);

  const days = windowDays(new Date());
  const [sums, members, { items: itemCount }, agreement, heldIn] = await Promise.all([
    projectStatistics(projectId, [...DASHBOARD_FIGURES, ...days.map(dayFigure)]),
    db().membership.findMany({ where: { projectId, role: "labeler" }, select: { user: { select: { id: true, name: true } } } }),
    itemCounts(projectId, 1),
    agreementFigures(projectId),
    heldInOpenSessions(projectId),
  ]);
  const rows = (figure: string) => sums.get(figure) ?? [];
  /** One figure's amounts by its last key part (a labeler, a task), under the given leading parts. */
  const byLast = (figure: string, ...prefix: string[]) =>
    new Map(rows(figure).flatMap(([parts, amount]) => (prefix.every((part, index) => parts[index] === part) ? [[String(parts[prefix.length]), amount] as const] : [])));

  const states = itemStates(projectId, itemCount, new Map(rows("state").map(([[state], amount]) => [String(state), amount])), heldIn);
  const throughput = days.map((day) => {
    const byLabeler = Object.fromEntries(rows(dayFigure(day)).map(([[labelerId], amount]) => [String(labelerId), amount]));
    return {
      day,
      submissions: Object.values(byLabeler).reduce((sum, count) => sum + count, 0),
      byLabeler,
      href: href({ day }),
      labelerHrefs: Object.fromEntries(Object.keys(byLabeler).map((labeler) => [labeler, href({ day, labeler })])),
    };
  });

  // Each read once, then looked up per labeler row.
  const firsts = byLast("first");
  const [unsureCounts, submittedCounts, skippedCounts, ratedItems] = [byLast("uncertain"), byLast("submitted"), byLast("skipped"), byLast("rated")];
  const judgedCounts = { accepted: byLast("judged", "accepted"), resolved: byLast("judged", "resolved") };
  const agreedCounts = { accepted: byLast("agreed", "accepted"), resolved: byLast("agreed", "resolved") };
  const inThroughput = new Set(throughput.flatMap((day) => Object.keys(day.byLabeler)));
  // Reviewers and former members label too: their names, not their ids, belong in the tables.
  const labeledHere = new Set(firsts.keys());
  const others = [...new Set([...inThroughput, ...labeledHere])].filter((id) => !members.some(({ user }) => user.id === id));
  const otherUsers = others.length ? await db().user.findMany({ where: { id: { in: others } }, select: { id: true, name: true } }) : [];
  const throughputLabelers = [...members.map(({ user }) => user), ...otherUsers.filter((user) => inThroughput.has(user.id))];

  const classificationTasks = tasks.filter((task): task is ClassificationTask => task.type === "classification");
  // Requests only read the latest fitted models: fitting runs in the background (lib/server/judging.ts).
  const latestModels = await latestLabelerModels(db(), projectId, classificationTasks);
  const models = new Map(classificationTasks.map((task) => [task.key, latestModels[task.key] ?? null]));
  const activeTimes = new Map<string, Map<number, number>>();
  for (const [[labelerId, bucket], amount] of rows("active")) {
    const histogram = activeTimes.get(String(labelerId)) ?? new Map<number, number>();
    histogram.set(Number(bucket), amount);
    activeTimes.set(String(labelerId), histogram);
  }
  const agreementOf = (labelerId: string, state: "accepted" | "resolved"): Agreement => {
    const items = judgedCounts[state].get(labelerId) ?? 0;
    return { items, rate: items ? (agreedCounts[state].get(labelerId) ?? 0) / items : null, href: href({ labeler: labelerId, state }) };
  };
  // Everyone who labeled, not only today's labelers: a labeler removed for their work still belongs in this table.
  const rowUsers = [...members.map(({ user }) => ({ ...user, member: true })), ...otherUsers.filter((user) => labeledHere.has(user.id)).map((user) => ({ ...user, member: false }))];
  const labelers = rowUsers.map((user) => {
    const firstSubmissions = firsts.get(user.id) ?? 0;
    const unsure = unsureCounts.get(user.id) ?? 0;
    return {
      id: user.id,
      name: user.name,
      member: user.member,
      href: href({ labeler: user.id }),
      submitted: submittedCounts.get(user.id) ?? 0,
      skipped: { items: skippedCounts.get(user.id) ?? 0, href: href({ skipped: user.id }) },
      medianActiveSeconds: seconds(histogramMedian(activeTimes.get(user.id) ?? new Map())),
      uncertain: { rate: firstSubmissions ? unsure / firstSubmissions : null, items: unsure, href: href({ uncertain: user.id }) },
      withConsensus: agreementOf(user.id, "accepted"),
      withGold: agreementOf(user.id, "resolved"),
      estimatedAccuracy: Object.fromEntries(classificationTasks.map((task) => [task.key, models.get(task.key)?.labelers[user.id]?.accuracy ?? null])),
    };
  });
  const allActiveTimes = new Map<number, number>();
  for (const histogram of activeTimes.values()) for (const [bucket, count] of histogram) allActiveTimes.set(bucket, (allActiveTimes.get(bucket) ?? 0) + count);
  const scored = rows("scored")[0]?.[1] ?? 0;
  return {
    states,
    throughput,
    throughputLabelers,
    names: Object.fromEntries([...members.map(({ user }) => user), ...otherUsers].map((user) => [user.id, user.name])),
    medianActiveSeconds: { value: seconds(histogramMedian(allActiveTimes)), href: href({ status: "labeled" }) },
    overallAgreement: { mean: scored ? (rows("scoreSum")[0]?.[1] ?? 0) / scored : null, items: scored, href: href({ scored: "1" }) },
    agreementOverTime: agreementOverTime(projectId, rows("completed"), rows("completedSum")),
    labelers,
    dawidSkene: {
      minItems: MIN_ITEMS_FOR_MODEL,
      tasks: classificationTasks.map((task) => {
        const model = models.get(task.key);
        return { task: task.key, items: ratedItems.get(task.key) ?? 0, fitted: !!model, model: model ? model.ref : null };
      }),
    },
    agreement,
    classes: classificationTasks.map((task) => classFigures(projectId, task, rows("class"), rows("classSeen"), rows("others"), rows("othersAgreeing"), models.get(task.key) ?? null)),
    skipsByReason: skipsByReason(projectSkipReasons(project.skipReasons), byLast(SKIP_REASON_FIGURE)),
  };
}

function skipsByReason(listed: readonly string[], counts: ReadonlyMap<string, number>): Dashboard["skipsByReason"] {
  const reasons = [...new Set([...listed, OTHER_SKIP_REASON, ...counts.keys()])];
  return reasons.map((reason) => ({ reason, skips: counts.get(reason) ?? 0 }));
}

/**
 * Every item in one place of ITEM_PROGRESS, from the counted states: an item a review session holds is "in review",
 * and "unlabeled" is every item counted nowhere else. Same places as the item list's `progress` filter.
 */
/**
 * Undecided items held by open review sessions, by state: counted from the sessions' rows (as many as reviewers put
 * into sessions), not by probing every flagged item of the project for a session.
 */
async function heldInOpenSessions(projectId: string): Promise<Map<string, number>> {
  const undecided = Prisma.raw(UNDECIDED.map((state) => `'${state}'`).join(", "));
  const rows = await db().$queryRaw<{ state: string; items: bigint | number }[]>`
    SELECT i."reviewState" AS "state", COUNT(DISTINCT i."id") AS "items"
    FROM "ReviewSession" s JOIN "ReviewSessionItem" si ON si."sessionId" = s."id" JOIN "Item" i ON i."id" = si."itemId"
    WHERE s."projectId" = ${projectId} AND s."closedAt" IS NULL AND i."reviewState" IN (${undecided})
    GROUP BY i."reviewState"`;
  return new Map(rows.map((row) => [String(row.state), Number(row.items)]));
}

function itemStates(projectId: string, itemCount: number, counted: Map<string, number>, held: Map<string, number>): Dashboard["states"] {
  const heldIn = (state: string) => held.get(state) ?? 0;
  const count = (state: string) => counted.get(state) ?? 0;
  const items: Record<ItemProgress, number> = {
    unlabeled: itemCount - [...counted.values()].reduce((sum, amount) => sum + amount, 0),
    in_progress: count("open") + count("escalated") - heldIn("escalated"),
    complete: count("accepted"),
    flagged: count("flagged") - heldIn("flagged"),
    in_review: heldIn("flagged") + heldIn("escalated"),
    resolved: count("resolved"),
    excluded: count("excluded"),
  };
  return ITEM_PROGRESS.map((progress) => ({ state: progress.replace("_", " "), items: items[progress], href: itemsHref(projectId, { progress }) }));
}

/**
 * Mean agreement of the scored items per day they were completed (their last first submission) and guideline version
 * of that submission.
 */
function agreementOverTime(projectId: string, counts: [unknown[], number][], sums: [unknown[], number][]): Dashboard["agreementOverTime"] {
  const sumOf = new Map(sums.map(([[day, version], amount]) => [`${day}:${version}`, amount]));
  const byDay = new Map<string, Map<number, number>>();
  for (const [[day, version], items] of counts) {
    const means = byDay.get(String(day)) ?? new Map<number, number>();
    means.set(Number(version), (sumOf.get(`${day}:${version}`) ?? 0) / items);
    byDay.set(String(day), means);
  }
  const versions = [...new Set([...byDay.values()].flatMap((means) => [...means.keys()]))].sort((a, b) => a - b);
  const days = [...byDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, means]) => ({
      day,
      href: itemsHref(projectId, { completed: day }),
      ...Object.fromEntries(versions.map((version) => [`v${version}`, means.get(version) ?? null])),
    }));
  return { versions, days };
}

/** A classification task's counted answers against its final labels (see itemStatistics' "class" and "others"). */
function classFigures(
  projectId: string,
  task: ClassificationTask,
  answered: [unknown[], number][],
  seen: [unknown[], number][],
  others: [unknown[], number][],
  othersAgreeing: [unknown[], number][],
  model: LabelerModel | null,
): ClassFigures {
  const ofTask = (rows: [unknown[], number][]) => rows.filter(([[key]]) => key === task.key).map(([[, ...parts], amount]) => [parts.map(String), amount] as const);
  const counted = ofTask(answered);
  // A multiple-choice answer is its set of classes ("a + b"): the categories are the sets that occur.
  const names = task.multiple ? [...new Set([...counted.flatMap(([labels]) => labels), ...ofTask(seen).map(([[label]]) => label!)])].sort() : allowedLabels(task);
  const index = new Map(names.map((name, position) => [name, position]));
  const counts = names.map(() => names.map(() => 0));
  for (const [[final, answer], amount] of counted) counts[index.get(final!)!]![index.get(answer!)!]! += amount;
  const humanLevel = names.flatMap((label, row) => {
    const answers = counts[row]!.reduce((sum, count) => sum + count, 0);
    const agreeing = counts[row]![row]!;
    return answers ? [{ label, answers, agreeing, rate: agreeing / answers, href: itemsHref(projectId, { task: task.key, final: label }) }] : [];
  });
  const pairs = ofTask(others)[0]?.[1] ?? 0;
  return {
    task: task.key,
    multiple: task.multiple,
    confusion: {
      categories: names,
      counts,
      hrefs: names.map((final) => names.map((answer) => itemsHref(projectId, { task: task.key, final, answer }))),
    },
    humanLevel,
    agreementWithOthers: pairs ? (ofTask(othersAgreeing)[0]?.[1] ?? 0) / pairs : null,
    estimated: model
      ? Object.entries(model.labelers).map(([labelerId, estimate]) => ({
          labelerId,
          accuracy: estimate.accuracy,
          confusion: names.map((truth) => names.map((given) => estimate.confusion[truth]?.[given] ?? 0)),
        }))
      : null,
  };
}
