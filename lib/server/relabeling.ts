// Relabeling and revisions: a reviewer sends an item back, asking chosen labelers to revise their own answers (their
// queue offers the item first, with their answer and the reason) or asking people who have not seen it; a labeler
// reopens one of their own recent items to revise it while it is undecided.
import { flagRulesSchema } from "@/lib/review/flags";
import { labelersWhoDisagree } from "@/lib/review/relabel";
import type { ResultEntry } from "@/lib/validation/annotation";
import { myItemsQuerySchema, type decisionSchema } from "@/lib/validation/items";
import { parseInput } from "@/lib/validation/parse";
import type { z } from "zod";
import { leaseMilliseconds, leaseView, type Lease } from "./assignments";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db, type Tx } from "./db/client";
import { AppError } from "./errors";
import { visibleItemRow } from "./items";
import { eligibleLabelers, isDecided, lockItem } from "./judging";
import { latestAnnotations } from "./latest-annotations";
import { moveInQueue } from "./queue";
import { storedLabelConfig, storedStandardization } from "./stored-config";

type RelabelChoice = NonNullable<z.output<typeof decisionSchema>["relabel"]>;
/** Who relabels, as stored with the decision: the labelers asked to revise, or how many fresh labelers. */
export type RelabelPlan = { mode: "revise"; labelers: string[] } | { mode: "fresh"; labelers: number };

/**
 * Who a relabel decision asks: the chosen labelers of the item (by default those whose answer differs from its
 * consensus), or a number of people who have not seen it. Refuses what cannot happen (someone who did not label
 * it or has left the project; more fresh labelers than are left).
 */
export async function planRelabel(projectId: string, itemId: string, choice: RelabelChoice = { mode: "revise" }): Promise<RelabelPlan> {
  if (choice.mode === "fresh") {
    const eligible = await eligibleLabelers(db(), projectId, itemId);
    if (eligible < choice.labelers) {
      throw new AppError("conflict", `Only ${eligible} labeler${eligible === 1 ? "" : "s"} of this project ${eligible === 1 ? "has" : "have"} not labeled or skipped this item; ask for fewer, or ask those who labeled it to revise.`, { eligible });
    }
    return choice;
  }
  const { labeled, asked } = await defaultRevisers(projectId, itemId);
  const labelers = [...new Set(choice.labelers ?? asked)];
  if (!labelers.length) throw new AppError("conflict", "Nobody has labeled this item yet, so nobody can revise it; ask fresh labelers instead.");
  const stranger = labelers.find((id) => !labeled.has(id));
  if (stranger) throw new AppError("bad_request", `relabel.labelers: ${stranger} has not labeled this item`);
  const members = await db().membership.count({ where: { projectId, userId: { in: labelers } } });
  if (members < labelers.length) throw new AppError("conflict", "Someone chosen to revise is no longer a member of this project; choose others, or ask fresh labelers.");
  return { mode: "revise", labelers };
}

/**
 * The item's labelers, and whom a relabel decision asks to revise unless the reviewer chooses: those whose answer
 * differs from the consensus, or all of them when everyone agreed with it (the reviewer's doubt concerns everyone).
 */
export async function defaultRevisers(projectId: string, itemId: string): Promise<{ labeled: Set<string>; asked: string[] }> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true, standardization: true, reviewRules: true } });
  const results = await latestAnnotations({ itemId }, storedStandardization(project.standardization));
  const labeled = new Set(results.map((result) => result.labelerId));
  const consensus = await db().consensusResult.findFirst({ where: { itemId }, orderBy: { createdAt: "desc" }, select: { result: true } });
  const disagreeing = labelersWhoDisagree(storedLabelConfig(project.labelConfig).tasks, results, (consensus?.result as ResultEntry[] | undefined) ?? null, flagRulesSchema.parse(project.reviewRules ?? {}));
  return { labeled, asked: disagreeing.length ? disagreeing : [...labeled] };
}

/**
 * Puts a relabel decision into effect: the item is open again and waits for the revisions or the fresh labels. The
 * caller holds the item's lock (lockItem). Extra labelers an earlier escalation asked for and did not get are not
 * waited for any more: fresh labelers are asked beyond the labels the item has.
 */
export async function applyRelabel(
  tx: Tx,
  { projectId, itemId, decisionId, reason, plan, labelsBeyondOverlap }: { projectId: string; itemId: string; decisionId: string; reason: string; plan: RelabelPlan; labelsBeyondOverlap: number },
): Promise<void> {
  const now = new Date();
  await tx.item.update({
    where: { id: itemId },
    data: { reviewState: "open", flagReasons: [], waitingSince: now, extraLabelers: labelsBeyondOverlap + (plan.mode === "fresh" ? plan.labelers : 0) },
  });
  await moveInQueue(tx, itemId);
  // A new round replaces any request still open from an earlier one.
  await tx.revisionRequest.updateMany({ where: { itemId, status: "open" }, data: { status: "cancelled", closedAt: now } });
  if (plan.mode === "revise") {
    await tx.revisionRequest.createMany({ data: plan.labelers.map((labelerId) => ({ projectId, itemId, labelerId, decisionId, reason })) });
  }
}

/**
 * Opens a revision of the caller's own submitted answer to an item that no reviewer has decided yet: a lease
 * (holding no overlap slot) that starts from their answer. Asking again returns the same lease.
 */
export async function openRevision(caller: Caller, itemId: string): Promise<Lease> {
  const item = await visibleItemRow(caller, itemId);
  await requireProjectRole(caller, item.projectId, "labeler");
  const userId = caller.user.id;
  const assignmentId = await db().$transaction(async (tx) => {
    // Locked: a reviewer's decision and a second click of the same labeler wait for this one.
    if (isDecided((await lockItem(tx, itemId, { reviewState: true })).reviewState)) throw new AppError("conflict", "A reviewer has decided this item, so its answers can no longer be revised.");
    if (!(await tx.annotation.count({ where: { itemId, labelerId: userId, isDraft: false } }))) throw new AppError("conflict", "You have not submitted an answer to this item, so there is nothing to revise.");
    const now = new Date();
    const open = await tx.assignment.findFirst({ where: { itemId, userId, isRevision: true, status: "active", expiresAt: { gt: now } }, select: { id: true } });
    if (open) return open.id;
    const created = await tx.assignment.create({
      data: { projectId: item.projectId, itemId, userId, leasedAt: now, expiresAt: new Date(now.getTime() + leaseMilliseconds()), isRevision: true },
      select: { id: true },
    });
    // A reviewer's request for this revision is answered by it.
    await tx.revisionRequest.updateMany({ where: { itemId, labelerId: userId, status: "open" }, data: { assignmentId: created.id } });
    return created.id;
  });
  return leaseView(assignmentId);
}

export interface MyItem {
  itemId: string;
  originalName: string;
  /** When the caller first submitted it, and their latest revision. */
  submittedAt: Date;
  revision: number;
  /** Decided items are closed to revisions. */
  decided: boolean;
  /** A reviewer asked the caller to revise it, and the revision is not in yet. */
  revisionRequested: boolean;
}

/** The caller's submitted items in a project, most recently submitted first, a page at a time. */
export async function myRecentItems(caller: Caller, projectId: string, query: URLSearchParams): Promise<{ items: MyItem[]; nextCursor: string | null }> {
  await requireProjectRole(caller, projectId, "labeler");
  const { cursor, limit } = parseInput(myItemsQuerySchema, Object.fromEntries(query));
  const labelerId = caller.user.id;
  const firsts = await db().annotation.findMany({
    where: { projectId, labelerId, isDraft: false, revision: 1 },
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, itemId: true, submittedAt: true, item: { select: { originalName: true, reviewState: true } } },
  });
  const page = firsts.slice(0, limit);
  // For the page's items (a page is at most a hundred), the latest revisions and the open requests in one query each.
  const pageItems = { labelerId, itemId: { in: page.map((first) => first.itemId) } };
  const [latest, requested] = await Promise.all([
    db().annotation.groupBy({ by: ["itemId"], where: { ...pageItems, isDraft: false }, _max: { revision: true } }),
    db().revisionRequest.findMany({ where: { ...pageItems, status: "open" }, select: { itemId: true } }),
  ]);
  const latestRevision = new Map(latest.map((row) => [row.itemId, row._max.revision ?? 1]));
  const revisionRequested = new Set(requested.map((request) => request.itemId));
  const items = page.map(
    (first): MyItem => ({
      itemId: first.itemId,
      originalName: first.item.originalName,
      submittedAt: first.submittedAt!,
      revision: latestRevision.get(first.itemId) ?? 1,
      decided: isDecided(first.item.reviewState),
      revisionRequested: revisionRequested.has(first.itemId),
    }),
  );
  return { items, nextCursor: firsts.length > limit ? page.at(-1)!.id : null };
}
