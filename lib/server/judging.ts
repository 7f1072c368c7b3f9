// Judging: once an item has all the labels it asked for, it is accepted with its consensus, escalated to one more
// labeler, or flagged for a reviewer (rules: lib/review/flags.ts). Every judgment is appended as a ConsensusResult
// (the item's history): its consensus, the methods and labeler models behind it, what triggered it and the state it
// gave. Judging runs inside the transaction that changed the item's labels, so what is stored is always judged.
import { isDeepStrictEqual } from "node:util";
import type { Rating } from "@/lib/quality/consensus";
import { agreementScore, itemAgreement, type TaskAgreement } from "@/lib/quality/item-agreement";
import { evaluateItem, flagRulesSchema, shouldEscalate, type FlagReason, type ItemEvaluation } from "@/lib/review/flags";
import type { Standardization } from "@/lib/review/standardize";
import type { Prisma } from "@/lib/generated/prisma-sqlite/client";
import type { ReviewState } from "@/lib/generated/prisma-sqlite/enums";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import { defineJob, sharedQueue } from "./jobs";
import { db, type Tx } from "./db/client";
import { addModelRatings, fitLabelerModels, latestLabelerModels, MIN_ITEMS_FOR_MODEL, type LabelerModel } from "./labeler-models";
import { latestAnnotations, type LatestAnnotation } from "./latest-annotations";
import { moveInQueue, reclaimAllExpiredLeases } from "./queue";
import { storedLabelConfig, storedReasons, storedStandardization } from "./stored-config";
import { countUncountedItems, refreshItemStatistics } from "./statistics";

/** What made Concord judge an item (kept with the judgment). */
export type JudgmentTrigger = "submission" | "revision" | "relabel" | "refit" | "settings" | "timeout" | "skip" | "import" | "upgrade";

/** The item's worst agreement figure on a 0–1 scale (1 − WER for transcripts), so the worst are reviewed first. */
export function reviewScore(agreement: Record<string, TaskAgreement>): number | null {
  const figures = Object.values(agreement).map(agreementScore);
  const defined = figures.filter((value): value is number => value !== null);
  return defined.length ? Math.min(...defined) : null;
}

const DECIDED: ReadonlySet<ReviewState> = new Set(["resolved", "excluded"]);

/** A reviewer has decided the item: its labels are history and it asks for no more. */
export const isDecided = (state: ReviewState) => DECIDED.has(state);

/**
 * Locks the item's row until the transaction ends and reads the fields selected. Every transaction that changes an
 * item's labels, requests or decision takes this lock first: on PostgreSQL they run one after the other per item,
 * always in the same lock order (SQLite has a single writer).
 */
export function lockItem<S extends Prisma.ItemSelect>(tx: Tx, itemId: string, select: S) {
  return tx.item.update({ where: { id: itemId }, data: { leaseVersion: { increment: 0 } }, select });
}

/** Reasons an item stopped waiting for more labelers. */
const WAIT_ENDED: ReadonlySet<FlagReason["code"]> = new Set(["no-labeler-left", "waited-too-long", "max-overlap-lowered"]);

/**
 * Labelers of the project who could still take the item: project members with the labeler role who have neither
 * submitted nor skipped it. (Reviewers and managers may label too, but nobody waits for them.)
 */
export async function eligibleLabelers(tx: Tx, projectId: string, itemId: string): Promise<number> {
  return tx.membership.count({ where: { projectId, role: "labeler", user: { assignments: { none: { itemId, status: { in: ["submitted", "skipped"] } } } } } });
}

/**
 * Judges the item if it has all the labels it asked for (its overlap plus any extra labelers) and no requested
 * revision is outstanding; returns its new state, or null when it still waits. The item's row is locked first:
 * on PostgreSQL a concurrent submission of the same item waits for this transaction and then sees its labels.
 *
 * `endWait`: the item stops waiting for more labels (nobody eligible is left, it waited too long, the maximum was
 * lowered): it asks for no more labelers, its outstanding revision requests expire, and it is judged with the labels
 * it has, going to a reviewer with this reason rather than being escalated again.
 */
export async function judgeItem(tx: Tx, itemId: string, trigger: JudgmentTrigger, options: { endWait?: FlagReason } = {}): Promise<ReviewState | null> {
  return (await judge(tx, itemId, trigger, options))?.state ?? null;
}

/**
 * judgeItem's work; with `onlyIfChanged`, an outcome (consensus, reasons, state) equal to the item's last judgment
 * is not recorded again: the item is only marked judged. Says whether a judgment was recorded.
 */
async function judge(
  tx: Tx,
  itemId: string,
  trigger: JudgmentTrigger,
  { endWait, onlyIfChanged = false }: { endWait?: FlagReason; onlyIfChanged?: boolean },
): Promise<{ state: ReviewState; recorded: boolean } | null> {
  const item = await lockItem(tx, itemId, {
    projectId: true,
    submittedCount: true,
    extraLabelers: true,
    reviewState: true,
    durationMs: true,
    flagReasons: true,
    project: { select: { overlap: true, maxOverlap: true, labelConfig: true, reviewRules: true, standardization: true } },
    _count: { select: { revisionRequests: { where: { status: "open" } } } },
  });
  const { project } = item;
  if (endWait) {
    item.extraLabelers = Math.max(0, item.submittedCount - project.overlap);
    await tx.item.update({ where: { id: itemId }, data: { extraLabelers: item.extraLabelers } });
    await moveInQueue(tx, itemId);
    await tx.revisionRequest.updateMany({ where: { itemId, status: "open" }, data: { status: "expired", closedAt: new Date() } });
  } else if (item._count.revisionRequests) return null;
  if (item.submittedCount < project.overlap + item.extraLabelers) return null;

  const tasks = storedLabelConfig(project.labelConfig).tasks;
  const durationSeconds = item.durationMs === null ? null : item.durationMs / 1000;
  const results = await latestAnnotations({ itemId }, storedStandardization(project.standardization), tx);
  const agreement = itemAgreement(tasks, results, durationSeconds);
  const rules = flagRulesSchema.parse(project.reviewRules ?? {});
  const verdict = evaluateItem({ tasks, results, agreement, rules, durationSeconds, classModels: await latestLabelerModels(tx, item.projectId, tasks) });

  const reasons = [...verdict.reasons, ...(endWait ? [endWait] : [])];
  let state: ReviewState;
  if (isDecided(item.reviewState)) state = item.reviewState;
  else if (endWait) state = "flagged";
  else if (shouldEscalate({ ...verdict, labelers: results.length, maxOverlap: project.maxOverlap, rules })) {
    // A wait that ended stays ended: judged again (a refit, a labeler's own revision), the item stays with a reviewer.
    const ended = storedReasons(item.flagReasons).find((reason) => WAIT_ENDED.has(reason.code));
    const eligible = ended ? 0 : await eligibleLabelers(tx, item.projectId, itemId);
    state = eligible > 0 ? "escalated" : "flagged";
    if (ended) reasons.push(ended);
    else if (!eligible) reasons.push({ code: "no-labeler-left", detail: "disputed, but every labeler of the project has labeled or skipped it" });
  } else state = verdict.needsReview ? "flagged" : "accepted";

  if (onlyIfChanged && state === item.reviewState && (await sameAsLastJudgment(tx, itemId, verdict, reasons))) {
    await tx.item.update({ where: { id: itemId }, data: { agreementAt: new Date() } });
    return { state, recorded: false };
  }
  const escalated = state === "escalated";
  await tx.item.update({
    where: { id: itemId },
    data: {
      agreement,
      agreementAt: new Date(),
      reviewState: state,
      flagReasons: reasons as object[],
      reviewScore: reviewScore(agreement),
      // An escalated item waits for one more labeler, from now; a judged one waits for nobody.
      waitingSince: escalated ? new Date() : null,
      ...(escalated ? { extraLabelers: { increment: 1 } } : {}),
    },
  });
  // It takes one more labeler.
  if (escalated) await moveInQueue(tx, itemId);
  await recordJudgment(tx, { itemId, projectId: item.projectId, verdict, reasons, state, trigger });
  await refreshItemStatistics(tx, itemId);
  return { state, recorded: true };
}

/** Whether the item's last judgment had this consensus and these reasons (as stored: JSON, keys in any order). */
async function sameAsLastJudgment(tx: Tx, itemId: string, verdict: ItemEvaluation, reasons: FlagReason[]): Promise<boolean> {
  const last = await tx.consensusResult.findFirst({ where: { itemId }, orderBy: { createdAt: "desc" }, select: { result: true, agreement: true } });
  const asStored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  return (
    last !== null &&
    isDeepStrictEqual(last.result, asStored(verdict.consensus.flatMap((task) => task.entries))) &&
    isDeepStrictEqual(storedJudgment(last).reasons ?? [], asStored(reasons))
  );
}

/** Appends a judgment to the item's history. */
async function recordJudgment(
  tx: Tx,
  { itemId, projectId, verdict, reasons, state, trigger }: { itemId: string; projectId: string; verdict: ItemEvaluation; reasons: FlagReason[]; state: ReviewState; trigger: JudgmentTrigger },
): Promise<void> {
  const confidences = verdict.consensus.map((task) => task.confidence).filter((value): value is number => value !== null);
  await tx.consensusResult.create({
    data: {
      projectId,
      itemId,
      method: [...new Set(verdict.consensus.map((task) => task.method))].join("+") || "none",
      result: verdict.consensus.flatMap((task) => task.entries) as object[],
      confidence: confidences.length ? Math.min(...confidences) : null,
      agreement: { reasons, tasks: verdict.consensus.map(({ task, method, confidence, model }) => ({ task, method, confidence, ...(model ? { model } : {}) })) } as object,
      flagged: reasons.length > 0,
      trigger,
      state,
    },
  });
}

/** Judges an item in a transaction of its own (a refit, a settings change, an import), and notes the judgment. */
export async function judgeItemNow(projectId: string, itemId: string, trigger: JudgmentTrigger): Promise<ReviewState | null> {
  const state = await db().$transaction((tx) => judgeItem(tx, itemId, trigger));
  if (state && trigger !== "refit") noteJudgment(projectId);
  return state;
}

// Refitting: the labeler models learn from every judged item, but a fit reads the whole project, so it runs in the
// background once enough has been judged since the last one: a tenth of the items the model knows (at least
// MIN_ITEMS_FOR_MODEL), or, before a first model, a check every few judgments whether enough items are labeled;
// and at most once a minute.
const judgedSinceFit = new Map<string, number>();
const REFIT_SHARE = 0.1;
const FIRST_FIT_CHECK_EVERY = 5;

/** Items the project's latest models were fitted on (the fewest over its tasks); null before a first model. */
const modelItems = new Map<string, number | null>();

/** Projects with no classification task, so no labeler model: noteJudgment schedules nothing for them. */
const unmodelled = new Set<string>();

/** The project's tasks changed: whether it has labeler models is looked at again. */
export function forgetTasksOf(projectId: string): void {
  unmodelled.delete(projectId);
}

/** Counts a judgment of the project's items, and schedules a refit of its labeler models when one may be due. */
export function noteJudgment(projectId: string): void {
  if (unmodelled.has(projectId)) return;
  const judged = (judgedSinceFit.get(projectId) ?? 0) + 1;
  judgedSinceFit.set(projectId, judged);
  const items = modelItems.get(projectId);
  const due = items ? judged >= refitAfter(items) : judged % FIRST_FIT_CHECK_EVERY === 0;
  if (due) scheduleRefit(projectId);
}

// A fit reads the whole project: at most one a minute per project, the one asked for meanwhile run when it is time.
const REFIT_MIN_INTERVAL_MS = 60_000;
const lastFitAt = new Map<string, number>();
const refitTimers = new Map<string, NodeJS.Timeout>();

// One refit per project waits in the queue, and one runs at a time across instances. On the shared queue the judgments
// counted by the instance that asks go with the job (`judged`), to be counted by the instance that runs it.
const refitJob = defineJob<{ projectId: string; judged: number }>({
  name: "labeler-models",
  key: ({ projectId }) => projectId,
  run: ({ projectId, judged }) => {
    judgedSinceFit.set(projectId, (judgedSinceFit.get(projectId) ?? 0) + judged);
    return refitIfDue(projectId);
  },
});

function requestRefit(projectId: string): void {
  const judged = sharedQueue() ? (judgedSinceFit.get(projectId) ?? 0) : 0;
  refitJob.send({ projectId, judged }).then(
    (handedOver) => handedOver && judgedSinceFit.set(projectId, (judgedSinceFit.get(projectId) ?? 0) - judged),
    (error: unknown) => console.error("concord: could not queue a refit:", error instanceof Error ? error.message : error),
  );
}

function scheduleRefit(projectId: string): void {
  if (refitTimers.has(projectId)) return;
  const run = () => requestRefit(projectId);
  const wait = (lastFitAt.get(projectId) ?? 0) + REFIT_MIN_INTERVAL_MS - Date.now();
  if (wait <= 0) return run();
  const timer = setTimeout(() => {
    refitTimers.delete(projectId);
    run();
  }, wait);
  timer.unref();
  refitTimers.set(projectId, timer);
}

const refitAfter = (modelItemCount: number) => Math.max(MIN_ITEMS_FOR_MODEL, Math.ceil(modelItemCount * REFIT_SHARE));

/**
 * Refits when due: a first model once enough items have answers, a new one once a tenth more have been judged (in
 * this process, or in the instances whose jobs it ran) since the last. What the latest models were fitted on is read once per process, so a restart does
 * not refit a big project after a few judgments.
 */
async function refitIfDue(projectId: string): Promise<void> {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { labelConfig: true } });
  const tasks = project ? storedLabelConfig(project.labelConfig).tasks : [];
  if (!tasks.some((task) => task.type === "classification")) return void unmodelled.add(projectId);
  if (!modelItems.has(projectId)) modelItems.set(projectId, fewestItems(await latestLabelerModels(db(), projectId, tasks)));
  const items = modelItems.get(projectId);
  // An instance that asks without having fitted does not know when the last fit was: the minute is kept here.
  if (Date.now() - (lastFitAt.get(projectId) ?? 0) < REFIT_MIN_INTERVAL_MS) return;
  const due = items
    ? (judgedSinceFit.get(projectId) ?? 0) >= refitAfter(items)
    : // Before a first model, a cheap look first: are enough items labeled to fit one?
      (await db().item.count({ where: { projectId, submittedCount: { gte: 1 } }, take: MIN_ITEMS_FOR_MODEL })) >= MIN_ITEMS_FOR_MODEL;
  if (due) await refitLabelerModels(projectId);
}

function fewestItems(models: Record<string, LabelerModel>): number | null {
  const counts = Object.values(models).map((model) => model.ref.items);
  return counts.length ? Math.min(...counts) : null;
}

/**
 * A labeler model is fitted on the answers to the project's newest MODEL_FIT_ITEMS items with two labels or more:
 * plenty to estimate each labeler's confusion, and a fit whose time and memory do not grow with the project.
 */
export const MODEL_FIT_ITEMS = 100_000;

/** The id of the oldest of the newest `fitItems` such items (ids grow with creation), or "" while the project has fewer. */
async function modelFitStart(projectId: string, fitItems: number): Promise<string> {
  const [oldest] = await db().item.findMany({ where: { projectId, submittedCount: { gte: 2 } }, orderBy: { id: "desc" }, skip: fitItems - 1, take: 1, select: { id: true } });
  return oldest?.id ?? "";
}

const FIT_PAGE = 2_000;

/** The ratings a fit is made of, read a page of items at a time so that no one read holds the app up. */
async function modelFitRatings(projectId: string, tasks: readonly Task[], standardization: Standardization, fitItems: number): Promise<Map<string, Rating[]>> {
  const ratings = new Map<string, Rating[]>();
  let from: { gte: string } | { gt: string } = { gte: await modelFitStart(projectId, fitItems) };
  for (;;) {
    const page: { id: string }[] = await db().item.findMany({ where: { projectId, id: from, submittedCount: { gte: 1 } }, orderBy: { id: "asc" }, take: FIT_PAGE, select: { id: true } });
    if (!page.length) return ratings;
    addModelRatings(ratings, tasks, await latestAnnotations({ projectId, itemId: { gte: page[0]!.id, lte: page.at(-1)!.id } }, standardization));
    from = { gt: page.at(-1)!.id };
  }
}

/**
 * Fits the next version of the project's labeler models on the latest answers to its newest items (modelFitStart),
 * then re-judges the items whose outcome the new models change (see rejudgeChangedItems). Returns the tasks that got
 * a new model.
 */
export async function refitLabelerModels(projectId: string, { fitItems = MODEL_FIT_ITEMS } = {}): Promise<string[]> {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { labelConfig: true, standardization: true, reviewRules: true } });
  if (!project) return [];
  const tasks = storedLabelConfig(project.labelConfig).tasks;
  if (!tasks.some((task) => task.type === "classification")) return [];
  judgedSinceFit.set(projectId, 0);
  lastFitAt.set(projectId, Date.now());
  const standardization = storedStandardization(project.standardization);
  const fitted = await fitLabelerModels(db(), projectId, await modelFitRatings(projectId, tasks, standardization, fitItems));
  modelItems.set(projectId, fewestItems(await latestLabelerModels(db(), projectId, tasks)));
  if (fitted.length) await rejudgeChangedItems(projectId, tasks, flagRulesSchema.parse(project.reviewRules ?? {}), standardization);
  return fitted;
}

const REJUDGE_PAGE = 500;
/** Reasons a labeler model can change: the ones its posterior decides. */
const MODEL_REASONS: ReadonlySet<FlagReason["code"]> = new Set(["low-confidence", "model-disagrees"]);

/** What a labeler model decides of an item: each classification task's consensus answer and model-driven reasons. */
function modelOutcome(tasks: readonly Task[], entries: readonly ResultEntry[], reasons: readonly FlagReason[]): string {
  return JSON.stringify(
    tasks.map((task) => [
      entries.filter((entry) => entry.task === task.key).map((entry) => (entry.type === "classification" ? [...entry.values].sort() : [])),
      reasons.filter((reason) => reason.task === task.key && MODEL_REASONS.has(reason.code)).map((reason) => reason.code).sort(),
    ]),
  );
}

/**
 * Re-judges the accepted and flagged items whose classification outcome (consensus answer, or a model-driven
 * reason) differs under the latest models from their last judgment; the rest keep theirs. Pages through the
 * project's items by id, reading each page's answers and judgments by id range.
 */
async function rejudgeChangedItems(projectId: string, tasks: readonly Task[], rules: ReturnType<typeof flagRulesSchema.parse>, standardization: ReturnType<typeof storedStandardization>): Promise<void> {
  const classificationTasks = tasks.filter((task) => task.type === "classification");
  const classModels = await latestLabelerModels(db(), projectId, tasks);
  let last = "";
  for (;;) {
    const page = await db().item.findMany({ where: { projectId, id: { gt: last } }, orderBy: { id: "asc" }, take: REJUDGE_PAGE, select: { id: true, reviewState: true } });
    if (!page.length) return;
    const range = { gte: page[0]!.id, lte: page.at(-1)!.id };
    last = range.lte;
    const judged = new Set(page.filter((item) => item.reviewState === "accepted" || item.reviewState === "flagged").map((item) => item.id));
    if (!judged.size) continue;
    const judgments = await db().consensusResult.findMany({ where: { projectId, itemId: range }, orderBy: [{ itemId: "asc" }, { createdAt: "desc" }], select: { itemId: true, result: true, agreement: true } });
    const latestJudgment = new Map<string, (typeof judgments)[number]>();
    for (const judgment of judgments) if (!latestJudgment.has(judgment.itemId)) latestJudgment.set(judgment.itemId, judgment);
    // Only a majority the model confirmed or could overrule can change: never a unanimous answer, nor a tie.
    const candidates = [...latestJudgment.values()].filter((judgment) => judged.has(judgment.itemId) && modelDecides(classificationTasks, judgment));
    if (!candidates.length) continue;
    const resultsOf = new Map<string, LatestAnnotation[]>();
    for (const annotation of await latestAnnotations({ projectId, itemId: range }, standardization)) resultsOf.set(annotation.itemId, [...(resultsOf.get(annotation.itemId) ?? []), annotation]);
    for (const judgment of candidates) {
      const now = evaluateItem({ tasks: classificationTasks, results: resultsOf.get(judgment.itemId) ?? [], agreement: {}, rules, classModels });
      const before = modelOutcome(classificationTasks, judgment.result as ResultEntry[], storedJudgment(judgment).reasons ?? []);
      if (before !== modelOutcome(classificationTasks, now.consensus.flatMap((task) => task.entries), now.reasons)) await db().$transaction((tx) => judgeItem(tx, judgment.itemId, "refit"));
    }
  }
}

/** A judgment's stored reasons and per-task methods. */
const storedJudgment = (judgment: { agreement: unknown }) => (judgment.agreement ?? {}) as { reasons?: FlagReason[]; tasks?: { task: string; method: string }[] };

/** Whether a labeler model had a say in this judgment of some classification task: a majority stood behind its consensus. */
function modelDecides(tasks: readonly Task[], judgment: { result: unknown; agreement: unknown }): boolean {
  const methods = new Map((storedJudgment(judgment).tasks ?? []).map((task) => [task.task, task.method]));
  const entries = judgment.result as ResultEntry[];
  return tasks.some((task) => (methods.get(task.key) === "majority-vote" || methods.get(task.key) === "dawid-skene") && entries.some((entry) => entry.task === task.key));
}

// Waiting items: an item that asked for more labels (escalation, relabeling) waits at most its project's
// escalationTimeoutHours, then goes to a reviewer with what it has.
const HOUR_MS = 3_600_000;
const WAIT_PAGE = 100;

/** Items that waited longer than their project allows go to review; all projects, or one. Returns how many. */
export async function endOverdueWaits(projectId?: string): Promise<number> {
  const now = Date.now();
  const projects = await db().project.findMany({
    where: { ...(projectId ? { id: projectId } : {}), items: { some: { waitingSince: { not: null } } } },
    select: { id: true, escalationTimeoutHours: true },
  });
  let ended = 0;
  for (const project of projects) {
    const hours = project.escalationTimeoutHours;
    for (;;) {
      const overdue = await db().item.findMany({ where: { projectId: project.id, waitingSince: { lt: new Date(now - hours * HOUR_MS) } }, take: WAIT_PAGE, select: { id: true, reviewState: true } });
      if (!overdue.length) break;
      for (const item of overdue) {
        const waitedFor = item.reviewState === "escalated" ? "one more labeler" : "the labels a reviewer asked for";
        const endWait: FlagReason = { code: "waited-too-long", detail: `waited more than ${hours} h for ${waitedFor}` };
        const state = await db().$transaction((tx) => judgeItem(tx, item.id, "timeout", { endWait }));
        // An item that cannot be judged (it lacks even its first labels) waits for nothing more than any open item.
        if (state === null) await db().item.update({ where: { id: item.id }, data: { waitingSince: null } });
        ended++;
      }
    }
  }
  return ended;
}

/**
 * After the project's maximum of labelers per item was lowered: escalated items that asked for more than it allows
 * ask for no more than it allows, and those that already have that many go to review.
 */
export async function applyMaxOverlap(projectId: string): Promise<void> {
  const { overlap, maxOverlap } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { overlap: true, maxOverlap: true } });
  const allowedExtra = Math.max(0, maxOverlap - overlap);
  const endWait: FlagReason = { code: "max-overlap-lowered", detail: `the project now asks at most ${maxOverlap} labelers per item` };
  for (;;) {
    const page = await db().item.findMany({ where: { projectId, reviewState: "escalated", extraLabelers: { gt: allowedExtra } }, take: WAIT_PAGE, select: { id: true, submittedCount: true } });
    if (!page.length) return;
    for (const item of page) {
      if (item.submittedCount >= maxOverlap) await db().$transaction((tx) => judgeItem(tx, item.id, "settings", { endWait }));
      else
        await db().$transaction(async (tx) => {
          await tx.item.update({ where: { id: item.id }, data: { extraLabelers: allowedExtra } });
          await moveInQueue(tx, item.id);
        });
    }
  }
}

/**
 * Judges again the undecided items whose last judgment predates the rules in force: the migration that brought
 * them (20261206004425) cleared agreementAt of accepted and flagged items. An item whose outcome changes gets a
 * judgment triggered by "upgrade"; the others are only marked judged. One project, or all; what is done stays done,
 * so an interrupted run resumes where it stopped.
 */
export async function rejudgeStaleItems(projectId?: string): Promise<{ judged: number; changed: number }> {
  const counts = { judged: 0, changed: 0 };
  let last = "";
  for (;;) {
    const page = await db().item.findMany({
      where: { ...(projectId ? { projectId } : {}), agreementAt: null, reviewState: { in: ["accepted", "flagged"] }, id: { gt: last } },
      orderBy: { id: "asc" },
      take: WAIT_PAGE,
      select: { id: true },
    });
    if (!page.length) return counts;
    last = page.at(-1)!.id;
    for (const { id } of page) {
      const outcome = await db().$transaction((tx) => judge(tx, id, "upgrade", { onlyIfChanged: true }));
      counts.judged++;
      if (outcome?.recorded) counts.changed++;
      // Still waiting for labels (its overlap was raised, say): it is judged when they come.
      if (!outcome) await db().item.update({ where: { id }, data: { agreementAt: new Date() } });
    }
  }
}

const SWEEP_EVERY_MS = 60_000;

// What is stale after an upgrade is judged, and counted, once by each process that runs the sweep.
let staleLeft = true;
let uncountedLeft = true;

const sweepJob = defineJob<object>({
  name: "judging-sweep",
  key: () => "all",
  run: async () => {
    if (staleLeft) {
      const { changed } = await rejudgeStaleItems();
      if (changed) console.error(`concord: judged ${changed} item(s) again under the current rules; their history says so.`);
      staleLeft = false;
    }
    if (uncountedLeft) {
      await countUncountedItems();
      uncountedLeft = false;
    }
    await reclaimAllExpiredLeases();
    await endOverdueWaits();
  },
});

/**
 * Started with the production server: judges again what an upgrade left stale and counts the statistics of items no
 * earlier version counted (once each), gives expired leases' slots back and ends overdue waits, now and every minute (one
 * instance at a time: a job).
 */
export function startSweeps(): NodeJS.Timeout {
  const sweep = () => sweepJob.trigger({});
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}
