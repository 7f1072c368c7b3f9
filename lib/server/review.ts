// Review: reviewers see the items judging flagged (lib/server/judging.ts) and decide their gold label with a reason
// and a category; decisions are appended, never overwritten, and the latest is in force.
import type { FlagReason, ModelOpinion } from "@/lib/review/flags";
import { mediaBoundsOf, parseResult, type ResultEntry } from "@/lib/validation/annotation";
import { decisionSchema, newReviewSessionSchema, reviewQueueQuerySchema } from "@/lib/validation/items";
import { parseInput } from "@/lib/validation/parse";
import type { ReviewState } from "@/lib/generated/prisma-sqlite/enums";
import { recordAudit } from "./audit";
import { finalLabel } from "@/lib/review/final-label";
import { requireProjectRole, roleSatisfies, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { metadataFilters, visibleItemRow } from "./items";
import { lockItem } from "./judging";
import { latestAnnotations, type LatestAnnotation } from "./latest-annotations";
import { moveInQueue } from "./queue";
import { applyRelabel, defaultRevisers, planRelabel } from "./relabeling";
import { storedLabelConfig, storedReasons } from "./stored-config";
import { refreshItemStatistics } from "./statistics";

export interface QueueEntry {
  itemId: string;
  originalName: string;
  reasons: FlagReason[];
  /** The item's worst agreement figure (0–1), the queue's order. */
  score: number | null;
  agreement: unknown;
  metadata: unknown;
}

// With filters on reasons or answers, the flagged items read to fill one page: a request never reads the whole of a
// big queue. A page of the queue's order reads ids and scores only; the page's items are read in full after.
const QUEUE_BATCH = 500;
const MAX_QUEUE_SCANNED = 5_000;

/** A place in the queue's order: lowest score first, unscored items last, then by id. Pages start by key, not by offset. */
type QueuePlace = { id: string; reviewScore: number | null };

async function queueCursor(projectId: string, cursor: string | undefined): Promise<QueuePlace | null> {
  if (!cursor) return null;
  // The cursor's item may have been decided since: its place in the order still says where the next page starts.
  const item = await db().item.findFirst({ where: { id: cursor, projectId }, select: { id: true, reviewScore: true } });
  if (!item) throw new AppError("bad_request", "cursor: no such item in this project; start again without it.");
  return item;
}

/**
 * Up to `take` items of `where` after `after` in the queue's order. Scored and unscored items are read apart: one
 * ORDER BY with unscored ones last is a sort of every flagged item on SQLite, while scored items in score order are
 * its (projectId, reviewState, reviewScore) index read in order.
 */
async function queuedItems(where: object, after: QueuePlace | null, take: number, withReasons: boolean): Promise<(QueuePlace & { flagReasons?: unknown })[]> {
  const select = { id: true, reviewScore: true, flagReasons: withReasons };
  const scoreFrom = after?.reviewScore;
  const scored =
    scoreFrom === null
      ? []
      : await db().item.findMany({
          where: { AND: [where, scoreFrom === undefined ? { reviewScore: { not: null } } : { reviewScore: { gte: scoreFrom }, OR: [{ reviewScore: { gt: scoreFrom } }, { id: { gt: after!.id } }] }] },
          orderBy: [{ reviewScore: "asc" }, { id: "asc" }],
          take,
          select,
        });
  if (scored.length === take) return scored;
  const unscored = await db().item.findMany({
    where: { AND: [where, { reviewScore: null }, ...(scoreFrom === null ? [{ id: { gt: after!.id } }] : [])] },
    orderBy: { id: "asc" },
    take: take - scored.length,
    select,
  });
  return [...scored, ...unscored];
}

/**
 * Flagged items for reviewers, lowest agreement first, filtered by reason, task, class given, labeler
 * and `meta.<key>=<value>`. Filters on reasons and answers run here rather than in SQL, on a few hundred
 * items at a time; with them a page may come back short (or empty) with a `nextCursor`: there is more to look through.
 */
export async function reviewQueue(caller: Caller, projectId: string, query: URLSearchParams): Promise<{ items: QueueEntry[]; nextCursor: string | null }> {
  await requireProjectRole(caller, projectId, "reviewer");
  const { cursor, limit, reason, task, label, labeler } = parseInput(reviewQueueQuerySchema, Object.fromEntries([...query].filter(([key]) => !key.startsWith("meta."))));
  const filtered = Boolean(reason || task || label || labeler);
  const batch = filtered ? QUEUE_BATCH : limit + 1;
  const found: string[] = [];
  const where = { projectId, reviewState: "flagged", AND: metadataFilters(query) };
  let after = await queueCursor(projectId, cursor);
  let scanned = 0;
  for (;;) {
    const rows = await queuedItems(where, after, batch, Boolean(reason || task));
    const answers = label || labeler ? await latestResults(rows.map((row) => row.id)) : null;
    for (const row of rows) {
      const reasons = storedReasons(row.flagReasons);
      if (reason && !reasons.some((candidate) => candidate.code === reason)) continue;
      if (task && !reasons.some((candidate) => candidate.task === task)) continue;
      const itemAnswers = answers?.get(row.id) ?? [];
      if (labeler && !itemAnswers.some((answer) => answer.labelerId === labeler)) continue;
      if (label && !itemAnswers.some((answer) => answer.result.some((entry) => labelsOf(entry).includes(label)))) continue;
      found.push(row.id);
    }
    scanned += rows.length;
    const last = rows.at(-1);
    if (found.length > limit) return queuePage(found.slice(0, limit), found[limit - 1]!);
    if (!last || rows.length < batch) return queuePage(found, null);
    if (scanned >= MAX_QUEUE_SCANNED) return queuePage(found, last.id);
    after = last;
  }
}

/** The queue entries of these items, in this order. */
async function queuePage(itemIds: string[], nextCursor: string | null): Promise<{ items: QueueEntry[]; nextCursor: string | null }> {
  const rows = await db().item.findMany({
    where: { id: { in: itemIds } },
    select: { id: true, originalName: true, flagReasons: true, reviewScore: true, agreement: true, metadata: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = itemIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ itemId: row.id, originalName: row.originalName, reasons: storedReasons(row.flagReasons), score: row.reviewScore, agreement: row.agreement, metadata: row.metadata }] : [];
  });
  return { items, nextCursor };
}

function labelsOf(entry: ResultEntry): string[] {
  return entry.type === "classification" ? entry.values : entry.type === "transcript" ? [] : [entry.label];
}

/** Each labeler's latest submitted result, grouped by item. */
async function latestResults(itemIds: string[]): Promise<Map<string, LatestAnnotation[]>> {
  const byItem = new Map<string, LatestAnnotation[]>();
  for (const annotation of await latestAnnotations({ itemId: { in: itemIds } })) byItem.set(annotation.itemId, [...(byItem.get(annotation.itemId) ?? []), annotation]);
  return byItem;
}

export interface DecisionView {
  id: string;
  action: string;
  annotationId: string | null;
  result: unknown;
  reason: string;
  category: string | null;
  /** For relabel: who was asked (labelers asked to revise, or how many fresh labelers). */
  relabel: unknown;
  /** The review session it was made in. */
  sessionId: string | null;
  reviewer: { id: string; name: string };
  createdAt: Date;
}

const decisionFields = {
  id: true,
  action: true,
  annotationId: true,
  result: true,
  reason: true,
  category: true,
  relabel: true,
  reviewSession: true,
  createdAt: true,
  reviewer: { select: { id: true, name: true } },
} as const;

function decisionView({ reviewSession, ...row }: { reviewSession: string | null } & Omit<DecisionView, "sessionId">): DecisionView {
  return { ...row, sessionId: reviewSession };
}

/** Who a decision is attributed to: the caller, or in a meeting another reviewer or manager of the project. */
async function decidingReviewer(caller: Caller, projectId: string, decidedBy: string | undefined): Promise<string> {
  if (!decidedBy || decidedBy === caller.user.id) return caller.user.id;
  const membership = await db().membership.findUnique({ where: { projectId_userId: { projectId, userId: decidedBy } }, select: { role: true } });
  if (!membership || !roleSatisfies(membership.role, "reviewer")) throw new AppError("bad_request", "decidedBy: only a reviewer or manager of this project can decide");
  return decidedBy;
}

/** The session a decision is made in must be this project's and hold the item. */
async function checkSession(projectId: string, itemId: string, sessionId: string | undefined): Promise<void> {
  if (!sessionId) return;
  const session = await db().reviewSession.findFirst({ where: { id: sessionId, projectId }, select: { items: { where: { itemId }, select: { itemId: true } } } });
  if (!session) throw new AppError("bad_request", "sessionId: no review session of this project has that id");
  if (!session.items.length) throw new AppError("bad_request", "sessionId: this item is not in that session");
}

/** Records a reviewer's decision: the item's gold label (or its exclusion, or a new round of labels). */
export async function decideItem(caller: Caller, itemId: string, input: unknown): Promise<DecisionView> {
  const decision = parseInput(decisionSchema, input);
  const item = await visibleItemRow(caller, itemId);
  await requireProjectRole(caller, item.projectId, "reviewer");
  const project = await db().project.findUniqueOrThrow({ where: { id: item.projectId }, select: { labelConfig: true, overlap: true } });
  const reviewerId = await decidingReviewer(caller, item.projectId, decision.decidedBy);
  await checkSession(item.projectId, itemId, decision.sessionId);

  let gold: unknown = null;
  if (decision.action === "accept-annotation") {
    const annotation = await db().annotation.findFirst({ where: { id: decision.annotationId, itemId, isDraft: false }, select: { result: true } });
    if (!annotation) throw new AppError("bad_request", "annotationId: no submitted annotation of this item has that id");
    gold = annotation.result;
  } else if (decision.action === "accept-consensus") {
    const consensus = await db().consensusResult.findFirst({ where: { itemId }, orderBy: { createdAt: "desc" }, select: { result: true } });
    if (!consensus || !(consensus.result as unknown[]).length) throw new AppError("conflict", "This item has no consensus to accept (a tie, or not all labels are in); accept one labeler's version or edit a label.");
    gold = consensus.result;
  } else if (decision.action === "edit") {
    // A final label is held to the rules of a submission: shapes with an area, every required task answered.
    gold = parseResult(storedLabelConfig(project.labelConfig).tasks, mediaBoundsOf(item), decision.result, "submission");
  }
  const relabel = decision.action === "relabel" ? await planRelabel(item.projectId, itemId, decision.relabel) : null;
  const guideline = await db().guidelineVersion.findFirst({ where: { projectId: item.projectId }, orderBy: { version: "desc" }, select: { id: true } });

  const created = await storeDecision(caller, { id: itemId, projectId: item.projectId }, project.overlap, {
    reviewerId,
    guidelineVersionId: guideline?.id ?? null,
    action: decision.action,
    annotationId: decision.action === "accept-annotation" ? decision.annotationId! : null,
    gold,
    reason: decision.reason,
    category: decision.category,
    relabel,
    sessionId: decision.sessionId ?? null,
  });
  return decisionView(created!); // stored: only onlyIfUndecided gives null
}

interface NewDecision {
  reviewerId: string;
  guidelineVersionId: string | null;
  action: string;
  annotationId: string | null;
  gold: unknown;
  reason: string;
  category: string | null;
  relabel: Awaited<ReturnType<typeof planRelabel>> | null;
  sessionId: string | null;
}

/** Stores a decision checked by the caller: the item's new state, queue place, labelers' feedback, audit and statistics. */
/**
 * Stores a decision under the item's lock. `onlyIfUndecided` (an import's gold label) stores nothing, and gives null,
 * when the item has a decision by then, so that one arriving from a reviewer at the same moment is never doubled;
 * `provenance` goes into the decision's audit record.
 */
async function storeDecision(
  caller: Caller,
  item: { id: string; projectId: string },
  overlap: number,
  decision: NewDecision,
  options: { onlyIfUndecided?: boolean; provenance?: object } = {},
) {
  const { id: itemId, projectId } = item;
  const { relabel } = decision;
  const state: ReviewState = decision.action === "exclude" ? "excluded" : "resolved";
  return db().$transaction(async (tx) => {
    const { submittedCount } = await lockItem(tx, itemId, { submittedCount: true });
    if (options.onlyIfUndecided && (await tx.reviewDecision.findFirst({ where: { itemId }, select: { id: true } }))) return null;
    // Extra labelers asked for and not yet come are not waited for any more.
    const labelsBeyondOverlap = Math.max(0, submittedCount - overlap);
    const row = await tx.reviewDecision.create({
      data: {
        projectId,
        itemId,
        reviewerId: decision.reviewerId,
        guidelineVersionId: decision.guidelineVersionId,
        action: decision.action,
        annotationId: decision.annotationId,
        result: decision.gold === null ? undefined : (decision.gold as object),
        reason: decision.reason,
        category: decision.category,
        relabel: relabel ?? undefined,
        reviewSession: decision.sessionId,
      },
      select: decisionFields,
    });
    // Relabeling opens the item again; it is judged when the revisions or the fresh labels are in.
    if (relabel) await applyRelabel(tx, { projectId, itemId, decisionId: row.id, reason: decision.reason, plan: relabel, labelsBeyondOverlap });
    else {
      await tx.item.update({ where: { id: itemId }, data: { reviewState: state, waitingSince: null, extraLabelers: labelsBeyondOverlap } });
      await moveInQueue(tx, itemId);
      await tx.revisionRequest.updateMany({ where: { itemId, status: "open" }, data: { status: "cancelled", closedAt: new Date() } });
      // Each labeler's feedback reads the decisions on items they answered from here (lib/server/feedback.ts).
      if (state === "resolved") {
        await tx.$executeRaw`INSERT INTO "LabelerDecision" ("labelerId", "decisionId", "projectId", "createdAt")
          SELECT DISTINCT a."labelerId", d."id", d."projectId", d."createdAt"
          FROM "ReviewDecision" d JOIN "Annotation" a ON a."itemId" = d."itemId" AND NOT a."isDraft" WHERE d."id" = ${row.id}`;
      }
    }
    await recordAudit(tx, {
      actorId: caller.user.id,
      projectId,
      action: "review.decide",
      targetType: "item",
      targetId: itemId,
      data: {
        decisionId: row.id,
        action: decision.action,
        category: decision.category,
        reason: decision.reason,
        decidedBy: decision.reviewerId,
        ...(relabel ? { relabel } : {}),
        ...(options.provenance ? { provenance: options.provenance } : {}),
      },
    });
    await refreshItemStatistics(tx, itemId);
    return row;
  });
}

/**
 * An imported gold label (a Label Studio ground-truth annotation): an edit decision by the importing reviewer or
 * manager that resolves the item, its result already checked against the project and item by the import. An item
 * with a decision keeps it: false, and nothing is stored.
 */
export async function importGoldLabel(caller: Caller, item: { id: string; projectId: string }, result: ResultEntry[], reason: string, provenance: object): Promise<boolean> {
  await requireProjectRole(caller, item.projectId, "reviewer");
  const project = await db().project.findUniqueOrThrow({ where: { id: item.projectId }, select: { overlap: true } });
  const guideline = await db().guidelineVersion.findFirst({ where: { projectId: item.projectId }, orderBy: { version: "desc" }, select: { id: true } });
  const decision = { reviewerId: caller.user.id, guidelineVersionId: guideline?.id ?? null, action: "edit", annotationId: null, gold: result, reason, category: null, relabel: null, sessionId: null };
  return (await storeDecision(caller, item, project.overlap, decision, { onlyIfUndecided: true, provenance })) !== null;
}

/** One judgment of an item, as its history shows it. */
export interface JudgmentView {
  id: string;
  at: Date;
  /** What made Concord judge it: submission, revision, relabel, refit, settings, timeout, skip, import, upgrade. */
  trigger: string;
  /** The state it gave the item (null for judgments made before states were recorded). */
  state: ReviewState | null;
  method: string;
  result: unknown;
  confidence: number | null;
  reasons: FlagReason[];
  /** Per task: its method and confidence, and for a classification task judged with a labeler model the model
   *  (id, version, items it was fitted on, when) with its most probable answer, the vote's and the posterior. */
  tasks: { task: string; method: string; confidence: number | null; model?: ModelOpinion }[];
}

export interface RevisionRequestView {
  labeler: { id: string; name: string };
  reason: string;
  /** open, done, declined, expired or cancelled */
  status: string;
  createdAt: Date;
  closedAt: Date | null;
}

export interface ItemReview {
  state: ReviewState;
  reasons: FlagReason[];
  score: number | null;
  /** The latest judgment: the automatic consensus (the proposal while flagged). */
  consensus: JudgmentView | null;
  /** Every judgment, newest first (at most the last 50): how the consensus came about and changed. */
  history: JudgmentView[];
  /** Every decision, newest (in force) first. */
  decisions: DecisionView[];
  /** The final label: the decision in force, else an accepted consensus; null while open, flagged or excluded. */
  gold: unknown;
  /** Revisions reviewers asked of its labelers, newest first. */
  revisionRequests: RevisionRequestView[];
  /** Whom a relabel decision asks to revise unless the reviewer chooses: the labelers whose answer differs from the consensus. */
  relabelDefault: string[];
  /** Who skipped it and why, newest first; `revisionLease`: a declined revision rather than a first-time skip. */
  skips: SkipView[];
}

export interface SkipView {
  labeler: { id: string; name: string };
  reason: string | null;
  note: string | null;
  at: Date | null;
  revisionLease: boolean;
}

const HISTORY_KEPT = 50;

function judgmentView(row: { id: string; createdAt: Date; trigger: string; state: ReviewState | null; method: string; result: unknown; confidence: number | null; agreement: unknown }): JudgmentView {
  const stored = (row.agreement ?? {}) as { reasons?: FlagReason[]; tasks?: JudgmentView["tasks"] };
  return { id: row.id, at: row.createdAt, trigger: row.trigger, state: row.state, method: row.method, result: row.result, confidence: row.confidence, reasons: stored.reasons ?? [], tasks: stored.tasks ?? [] };
}

/**
 * Where an item stands in review. Reviewers and managers see the reasons, the consensus and its history, the
 * decisions and revision requests; labelers see only the state, so nobody is swayed by the others' answers.
 */
export async function itemReview(caller: Caller, itemId: string): Promise<ItemReview | { state: ReviewState }> {
  const item = await visibleItemRow(caller, itemId);
  const role = await requireProjectRole(caller, item.projectId, "labeler");
  const row = await db().item.findUniqueOrThrow({ where: { id: itemId }, select: { reviewState: true, flagReasons: true, reviewScore: true } });
  if (!roleSatisfies(role, "reviewer")) return { state: row.reviewState };
  const [judgments, decisions, requests, relabel, skips] = await Promise.all([
    db().consensusResult.findMany({
      where: { itemId },
      orderBy: { createdAt: "desc" },
      take: HISTORY_KEPT,
      select: { id: true, createdAt: true, trigger: true, state: true, method: true, result: true, confidence: true, agreement: true },
    }),
    db().reviewDecision.findMany({ where: { itemId }, orderBy: { createdAt: "desc" }, select: decisionFields }),
    db().revisionRequest.findMany({
      where: { itemId },
      orderBy: { createdAt: "desc" },
      select: { reason: true, status: true, createdAt: true, closedAt: true, labeler: { select: { id: true, name: true } } },
    }),
    defaultRevisers(item.projectId, itemId),
    db().assignment.findMany({
      where: { itemId, status: "skipped" },
      orderBy: { completedAt: "desc" },
      take: HISTORY_KEPT,
      select: { skipReason: true, skipNote: true, completedAt: true, isRevision: true, user: { select: { id: true, name: true } } },
    }),
  ]);
  const history = judgments.map(judgmentView);
  return {
    state: row.reviewState,
    reasons: storedReasons(row.flagReasons),
    score: row.reviewScore,
    consensus: history[0] ?? null,
    history,
    decisions: decisions.map(decisionView),
    gold: finalLabel(row.reviewState, decisions[0]?.result, history[0]?.result),
    revisionRequests: requests,
    relabelDefault: relabel.asked,
    skips: skips.map((skip) => ({ labeler: skip.user, reason: skip.skipReason, note: skip.skipNote, at: skip.completedAt, revisionLease: skip.isRevision })),
  };
}

export interface ReviewSessionView {
  id: string;
  name: string;
  createdBy: string | null;
  createdAt: Date;
  /** Items in the session and how many were decided in it. */
  items: number;
  decided: number;
}

async function sessionView(row: { id: string; name: string; createdAt: Date; createdBy: { name: string } | null; _count: { items: number } }): Promise<ReviewSessionView> {
  const decided = await db().reviewDecision.groupBy({ by: ["itemId"], where: { reviewSession: row.id } });
  return { id: row.id, name: row.name, createdBy: row.createdBy?.name ?? null, createdAt: row.createdAt, items: row._count.items, decided: decided.length };
}

const sessionFields = { id: true, name: true, createdAt: true, createdBy: { select: { name: true } }, _count: { select: { items: true } } } as const;

/** A named session over the review queue as it stands now (with the same filters), worst items first. */
export async function createReviewSession(caller: Caller, projectId: string, input: unknown): Promise<ReviewSessionView> {
  const { name, ...filters } = parseInput(newReviewSessionSchema, input);
  const query = new URLSearchParams({ ...filters, limit: "500" } as Record<string, string>);
  const { items } = await reviewQueue(caller, projectId, query);
  if (!items.length) throw new AppError("conflict", "Nothing in the review queue matches; a session needs at least one item.");
  const row = await db().reviewSession.create({
    data: { projectId, name, createdById: caller.user.id, items: { createMany: { data: items.map((item, position) => ({ itemId: item.itemId, position })) } } },
    select: sessionFields,
  });
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "review.session", targetType: "reviewSession", targetId: row.id, data: { name, items: items.length } });
  return sessionView(row);
}

export async function listReviewSessions(caller: Caller, projectId: string): Promise<ReviewSessionView[]> {
  await requireProjectRole(caller, projectId, "reviewer");
  const rows = await db().reviewSession.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, select: sessionFields });
  return Promise.all(rows.map(sessionView));
}

/** A session's items in order, each with its state and the decision made in the session, if any. */
export async function reviewSessionItems(caller: Caller, projectId: string, sessionId: string) {
  await requireProjectRole(caller, projectId, "reviewer");
  const row = await db().reviewSession.findFirst({ where: { id: sessionId, projectId }, select: sessionFields });
  if (!row) throw new AppError("not_found", "No such review session.");
  const [held, decisions] = await Promise.all([
    db().reviewSessionItem.findMany({
      where: { sessionId },
      orderBy: { position: "asc" },
      select: { item: { select: { id: true, originalName: true, reviewState: true, reviewScore: true, flagReasons: true } } },
    }),
    db().reviewDecision.findMany({ where: { reviewSession: sessionId }, orderBy: { createdAt: "desc" }, select: { ...decisionFields, itemId: true } }),
  ]);
  // Newest first: the first decision of an item is the one that stands.
  const decisionOf = new Map<string, DecisionView>();
  for (const { itemId, ...decision } of decisions) if (!decisionOf.has(itemId)) decisionOf.set(itemId, decisionView(decision));
  return {
    session: await sessionView(row),
    items: held.map(({ item }) => ({
      itemId: item.id,
      originalName: item.originalName,
      state: item.reviewState,
      score: item.reviewScore,
      reasons: storedReasons(item.flagReasons),
      decision: decisionOf.get(item.id) ?? null,
    })),
  };
}
