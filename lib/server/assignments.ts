// The labeler's queue: who gets which item next. Rules: a reviewer's request to revise one's own answer first;
// never an item the labeler already labeled or skipped; never more than `overlap` labelers working on or done with
// an item; started items before fresh ones; leases expire and free their slot; asking again returns the open lease.
// A labeler may hold one lease ahead of the current one, so the workspace can show the next task at once.
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { itemFields, itemView, type ItemView } from "./items";

/** How long a lease lasts, 30 minutes unless CONCORD_LEASE_MINUTES says otherwise. */
export function leaseMilliseconds(): number {
  return Number(process.env.CONCORD_LEASE_MINUTES ?? 30) * 60_000;
}

/** Input pauses longer than this count as idle, not labeling time (CONCORD_IDLE_SECONDS, default 60). */
export function idleAfterMs(): number {
  const seconds = Number(process.env.CONCORD_IDLE_SECONDS ?? 60);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
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
}

const MAX_ATTEMPTS = 20;

/** Assignments that hold one of an item's `overlap` slots (an active lease only until it expires; a revision never). */
function slotHolders(now: Date) {
  return { isRevision: false, OR: [{ status: "submitted" as const }, { status: "active" as const, expiresAt: { gt: now } }] };
}

/**
 * Leases the caller their next item in a project, or returns null when nothing is left for them.
 * With `ahead`, the lease after the caller's current one (prefetch): at most two open leases each.
 * Safe under concurrency on SQLite and PostgreSQL: two compare-and-swap counters (the item's and the
 * caller's membership's) make racing requests retry instead of overfilling an item or double-leasing.
 */
export async function nextAssignment(caller: Caller, projectId: string, { ahead = false } = {}): Promise<Lease | null> {
  await requireProjectRole(caller, projectId, "labeler");
  const userId = caller.user.id;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const outcome = await db().$transaction(async (tx) => {
      const now = new Date();
      // With the membership, whether a reviewer asked this labeler for revisions here: one statement, as most asks
      // (retries under contention included) have none, and each statement costs the request about a millisecond.
      const [membership] = await tx.$queryRaw<{ leaseVersion: number; revisionsAsked: boolean | number }[]>`
        SELECT m."leaseVersion", EXISTS (SELECT 1 FROM "RevisionRequest" r WHERE r."projectId" = m."projectId" AND r."labelerId" = m."userId" AND r.status = 'open') AS "revisionsAsked"
        FROM "Membership" m WHERE m."projectId" = ${projectId} AND m."userId" = ${userId}`;
      // Administrators who are not members label as well; their requests are not serialised per person.
      const open = await tx.assignment.findMany({
        where: { projectId, userId, status: "active", expiresAt: { gt: now } },
        orderBy: { leasedAt: "asc" },
        take: 2,
        select: { id: true, itemId: true },
      });
      const reopened = ahead ? open[1] : open[0];
      // Opened as the current task (a prefetched one becomes current this way): the lease runs from now.
      if (reopened && !ahead) await tx.assignment.update({ where: { id: reopened.id }, data: { expiresAt: new Date(now.getTime() + leaseMilliseconds()) } });
      if (reopened) return { assignmentId: reopened.id };

      // A reviewer's request to revise comes before any new item (and is not someone else's to take).
      const requested = membership && !membership.revisionsAsked ? null : await tx.revisionRequest.findFirst({
        where: { projectId, labelerId: userId, status: "open", OR: [{ assignmentId: null }, { assignment: { OR: [{ status: { not: "active" } }, { expiresAt: { lte: now } }] } }] },
        orderBy: { createdAt: "asc" },
        select: { id: true, itemId: true },
      });
      if (requested) {
        if (membership) {
          const claimedTurn = await tx.membership.updateMany({ where: { projectId, userId, leaseVersion: membership.leaseVersion }, data: { leaseVersion: { increment: 1 } } });
          if (claimedTurn.count === 0) return "retry" as const;
        }
        const created = await tx.assignment.create({
          data: { projectId, itemId: requested.itemId, userId, leasedAt: now, expiresAt: new Date(now.getTime() + leaseMilliseconds()), isRevision: true },
          select: { id: true },
        });
        await tx.revisionRequest.update({ where: { id: requested.id }, data: { assignmentId: created.id } });
        return { assignmentId: created.id };
      }

      const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { overlap: true } });
      const done = await tx.assignment.findMany({ where: { projectId, userId, status: { in: ["submitted", "skipped"] } }, select: { itemId: true } });
      const slots = await tx.assignment.groupBy({ by: ["itemId"], where: { projectId, ...slotHolders(now) }, _count: { _all: true } });
      // Disputed items may ask for labelers beyond the overlap (escalation, relabeling).
      const extras = new Map(
        (await tx.item.findMany({ where: { projectId, extraLabelers: { gt: 0 } }, select: { id: true, extraLabelers: true } })).map((item) => [item.id, item.extraLabelers]),
      );
      const target = (itemId: string) => project.overlap + (extras.get(itemId) ?? 0);
      const excluded = new Set([...done, ...open].map((assignment) => assignment.itemId));
      const full = slots.filter((slot) => slot._count._all >= target(slot.itemId)).map((slot) => slot.itemId);
      // Started items first, the most advanced first, so items reach their overlap (and review) soonest.
      const started = slots
        .filter((slot) => slot._count._all < target(slot.itemId) && !excluded.has(slot.itemId))
        .sort((a, b) => b._count._all - a._count._all);
      const itemId =
        started[0]?.itemId ??
        (
          await tx.item.findFirst({
            // An item a reviewer decided before anyone labeled it (excluded, say) is not labeled any more.
            where: { projectId, id: { notIn: [...excluded, ...full] }, reviewState: { notIn: ["resolved", "excluded"] } },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            select: { id: true },
          })
        )?.id;
      if (!itemId) return { assignmentId: null };

      const item = await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { leaseVersion: true } });
      const claimedItem = await tx.item.updateMany({ where: { id: itemId, leaseVersion: item.leaseVersion }, data: { leaseVersion: { increment: 1 } } });
      if (claimedItem.count === 0) return "retry" as const;
      if (membership) {
        const claimedTurn = await tx.membership.updateMany({ where: { projectId, userId, leaseVersion: membership.leaseVersion }, data: { leaseVersion: { increment: 1 } } });
        if (claimedTurn.count === 0) return "retry" as const;
      }
      // Re-count under the item's claim: a slot taken by a racing request that committed first shows now.
      const taken = await tx.assignment.count({ where: { itemId, ...slotHolders(now) } });
      if (taken >= target(itemId)) return "retry" as const;
      await tx.assignment.updateMany({ where: { projectId, userId, status: "active", expiresAt: { lte: now } }, data: { status: "expired" } });
      const created = await tx.assignment.create({
        data: { projectId, itemId, userId, leasedAt: now, expiresAt: new Date(now.getTime() + leaseMilliseconds()) },
        select: { id: true },
      });
      return { assignmentId: created.id };
    });
    if (outcome === "retry") continue;
    return outcome.assignmentId ? leaseView(outcome.assignmentId) : null;
  }
  throw new Error(`could not lease an item after ${MAX_ATTEMPTS} attempts under contention`);
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
      item: { select: itemFields },
      revisionRequest: { select: { reason: true, createdAt: true } },
    },
  });
  const [draft, revised] = await Promise.all([
    db().annotation.findFirst({ where: { itemId: assignment.item.id, labelerId: assignment.userId, isDraft: true }, select: { result: true, activeMs: true, createdAt: true } }),
    assignment.isRevision
      ? db().annotation.findFirst({ where: { itemId: assignment.item.id, labelerId: assignment.userId, isDraft: false }, orderBy: { revision: "desc" }, select: { revision: true, result: true } })
      : null,
  ]);
  const request = assignment.revisionRequest;
  return {
    assignment: { id: assignment.id, expiresAt: assignment.expiresAt, leasedAt: assignment.leasedAt, draftVersion: assignment.draftVersion },
    item: itemView(assignment.item),
    draft: draft ? { result: draft.result, activeMs: draft.activeMs, savedAt: draft.createdAt } : null,
    revision: revised ? { of: revised.revision, result: revised.result, request: request ? { reason: request.reason, requestedAt: request.createdAt } : null } : null,
  };
}
