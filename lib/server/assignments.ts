// The labeler's queue: who gets which item next. Rules: a reviewer's request to revise one's own answer first;
// never an item the labeler already labeled or skipped; never more than `overlap` labelers working on or done with
// an item; started items before fresh ones; leases expire and free their slot; asking again returns the open lease.
// A labeler may hold one lease ahead of the current one, so the workspace can show the next task at once.
import { requireProjectRole, type Caller } from "./auth/caller";
import { db, type Tx } from "./db/client";
import { AppError } from "./errors";
import { mustAcknowledge } from "./guidelines";
import { itemFields, itemView, type ItemView } from "./items";
import { prefillForLease, prefillOf, type Prefill } from "./models/model-settings";
import { moveInQueue, pickItem, reclaimExpiredLeases } from "./queue";
import { wholeNumberSetting } from "./settings";

/** How long a lease lasts, 30 minutes unless CONCORD_LEASE_MINUTES says otherwise. */
export function leaseMilliseconds(): number {
  return wholeNumberSetting("CONCORD_LEASE_MINUTES") * 60_000;
}

/** Input pauses longer than this count as idle, not labeling time (CONCORD_IDLE_SECONDS, default 60). */
export function idleAfterMs(): number {
  return wholeNumberSetting("CONCORD_IDLE_SECONDS") * 1000;
}

export interface Lease {
  /** `draftVersion`: the version of the draft below (0 before any); drafts and submits send it back, so a stale tab is refused. */
  assignment: { id: string; expiresAt: Date; leasedAt: Date; draftVersion: number };
  item: ItemView;
  /** The labeler's saved draft for this item, if any, so a reopened task restores exactly. */
  draft: { result: unknown; activeMs: number; savedAt: Date } | null;
  /**
   * A lease to revise the labeler's own submitted answer: that answer (the editor starts from it unless a draft
   * exists), and the reviewer's reason when a reviewer asked for the revision.
   */
  revision: { of: number; result: unknown; request: { reason: string; requestedAt: Date } | null } | null;
  /** The model prediction the workspace starts from (unless a draft or revision exists), when pre-annotation is on. */
  prefill: Prefill | null;
}

/**
 * Leases the caller their next item in a project, or returns null when nothing is left for them.
 * With `ahead`, the lease after the caller's current one (prefetch): at most two open leases each.
 * Safe under concurrency on SQLite and PostgreSQL: the caller's membership row serialises their own requests (two
 * tabs, a prefetch), and the item is locked while its slot is taken (lib/server/queue.ts), so an item is never
 * overfilled nor leased twice to one labeler, and racing labelers take different items instead of retrying.
 */
export async function nextAssignment(caller: Caller, projectId: string, { ahead = false } = {}): Promise<Lease | null> {
  await requireProjectRole(caller, projectId, "labeler");
  const userId = caller.user.id;
  const assignmentId = await db().$transaction(async (tx) => {
    const now = new Date();
    // Takes this labeler's turn in the project, and says whether a reviewer asked them for revisions here and which
    // guidelines they confirmed against the current version: one statement, as most asks need nothing more.
    // (Administrators who are not members label as well, unserialised and unasked.)
    const [membership] = await tx.$queryRaw<{ revisionsAsked: boolean | number; acknowledged: number; current: number | null }[]>`
      UPDATE "Membership" SET "leaseVersion" = "leaseVersion" + 1 WHERE "projectId" = ${projectId} AND "userId" = ${userId}
      RETURNING EXISTS (SELECT 1 FROM "RevisionRequest" r WHERE r."projectId" = ${projectId} AND r."labelerId" = ${userId} AND r."status" = 'open') AS "revisionsAsked",
        "guidelinesAcknowledged" AS "acknowledged",
        (SELECT MAX(g."version") FROM "GuidelineVersion" g WHERE g."projectId" = ${projectId}) AS "current"`;
    const open = await tx.assignment.findMany({
      where: { projectId, userId, status: "active", expiresAt: { gt: now } },
      orderBy: { leasedAt: "asc" },
      take: 2,
      select: { id: true },
    });
    const reopened = ahead ? open[1] : open[0];
    // Opened as the current task (a prefetched one becomes current this way): the lease runs from now.
    if (reopened && !ahead) await tx.assignment.update({ where: { id: reopened.id }, data: { expiresAt: new Date(now.getTime() + leaseMilliseconds()) } });
    if (reopened) return reopened.id;
    // A new item only under the guidelines the labeler confirmed (the workspace shows them what changed).
    if (membership && membership.current !== null && Number(membership.acknowledged) < Number(membership.current)) await assertGuidelinesRead(tx, projectId, Number(membership.acknowledged), Number(membership.current));
    const expiresAt = new Date(now.getTime() + leaseMilliseconds());

    // A reviewer's request to revise comes before any new item (and is not someone else's to take).
    const requested = membership && !membership.revisionsAsked ? null : await tx.revisionRequest.findFirst({
      where: { projectId, labelerId: userId, status: "open", OR: [{ assignmentId: null }, { assignment: { OR: [{ status: { not: "active" } }, { expiresAt: { lte: now } }] } }] },
      orderBy: { createdAt: "asc" },
      select: { id: true, itemId: true },
    });
    if (requested) {
      const created = await tx.assignment.create({ data: { projectId, itemId: requested.itemId, userId, leasedAt: now, expiresAt, isRevision: true }, select: { id: true } });
      await tx.revisionRequest.update({ where: { id: requested.id }, data: { assignmentId: created.id } });
      return created.id;
    }

    // Nothing to take: leases that expired may hold the slots that are missing.
    const itemId = (await pickItem(tx, projectId, userId)) ?? ((await reclaimExpiredLeases(tx, now, projectId)) ? await pickItem(tx, projectId, userId) : null);
    if (!itemId) return null;
    const prefill = await prefillForLease(tx, projectId, itemId, userId);
    const created = await tx.assignment.create({ data: { projectId, itemId, userId, leasedAt: now, expiresAt, ...prefill }, select: { id: true } });
    await moveInQueue(tx, itemId, { leases: 1 });
    return created.id;
  });
  return assignmentId ? leaseView(assignmentId) : null;
}

/** Refuses a new lease while the project's current guidelines are unconfirmed (mustAcknowledge). */
async function assertGuidelinesRead(tx: Tx, projectId: string, acknowledged: number, version: number): Promise<void> {
  const current = await tx.guidelineVersion.findUniqueOrThrow({ where: { projectId_version: { projectId, version } }, select: { version: true, body: true } });
  if (!mustAcknowledge(acknowledged, current)) return;
  throw new AppError("conflict", `The guidelines changed (version ${version}): read and confirm them before you take a new item.`, { guidelinesVersion: version });
}

export async function leaseView(assignmentId: string): Promise<Lease> {
  const assignment = await db().assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: {
      id: true,
      expiresAt: true,
      leasedAt: true,
      draftVersion: true,
      userId: true,
      isRevision: true,
      prefill: true,
      prefillPredictionId: true,
      item: { select: itemFields },
      revisionRequest: { select: { reason: true, createdAt: true } },
    },
  });
  const [draft, revised, prefill] = await Promise.all([
    db().annotation.findFirst({ where: { itemId: assignment.item.id, labelerId: assignment.userId, isDraft: true }, select: { result: true, activeMs: true, createdAt: true } }),
    assignment.isRevision
      ? db().annotation.findFirst({ where: { itemId: assignment.item.id, labelerId: assignment.userId, isDraft: false }, orderBy: { revision: "desc" }, select: { revision: true, result: true } })
      : null,
    prefillOf(assignment),
  ]);
  const request = assignment.revisionRequest;
  return {
    assignment: { id: assignment.id, expiresAt: assignment.expiresAt, leasedAt: assignment.leasedAt, draftVersion: assignment.draftVersion },
    item: itemView(assignment.item),
    draft: draft ? { result: draft.result, activeMs: draft.activeMs, savedAt: draft.createdAt } : null,
    revision: revised ? { of: revised.revision, result: revised.result, request: request ? { reason: request.reason, requestedAt: request.createdAt } : null } : null,
    prefill,
  };
}
