// Where each item stands in its project's labeling queue, kept on the item so that finding a labeler's next item is
// an indexed read whatever the project's size. An item's leaseCount is its first-time leases not yet submitted,
// skipped, released or reclaimed; its queueRank is
//   null  when it takes no more labelers: its overlap plus extra labelers are all submitted or leased, or a
//         reviewer has decided it;
//   1     when started: someone holds it or has labeled it;
//   2     when fresh.
// Every statement that changes submittedCount, leaseCount, extraLabelers or reviewState recomputes it (rankSql), in
// the same transaction; a change of the project's overlap re-ranks all its items.
import { Prisma } from "@/lib/generated/prisma-sqlite/client";
import { currentTarget, db, type Tx } from "./db/client";
import { defineJob } from "./jobs";

/** The rank of an Item row (SQL over the row being updated) after adding these to its counters. */
function rankSql(submitted: number, leases: number): Prisma.Sql {
  return Prisma.sql`CASE
    WHEN "reviewState" IN ('resolved', 'excluded') THEN NULL
    WHEN (SELECT p."overlap" FROM "Project" p WHERE p."id" = "Item"."projectId") + "extraLabelers" - ("submittedCount" + ${submitted}) - ("leaseCount" + ${leases}) <= 0 THEN NULL
    WHEN "submittedCount" + ${submitted} + "leaseCount" + ${leases} = 0 THEN 2
    ELSE 1
  END`;
}

/**
 * Adds to the item's submitted and leased counts and recomputes its rank, in one statement. With no change, only
 * re-ranks it: call it after changing its extra labelers or review state.
 */
export async function moveInQueue(tx: Tx, itemId: string, { submitted = 0, leases = 0 }: { submitted?: number; leases?: number } = {}): Promise<void> {
  await tx.$executeRaw`UPDATE "Item" SET "submittedCount" = "submittedCount" + ${submitted}, "leaseCount" = "leaseCount" + ${leases}, "queueRank" = ${rankSql(submitted, leases)} WHERE "id" = ${itemId}`;
}

const RERANK_PAGE = 1000;

const rerankJob = defineJob<{ projectId: string }>({
  name: "rerank",
  key: ({ projectId }) => projectId,
  run: async ({ projectId }) => {
    let last = "";
    for (;;) {
      const page = await db().item.findMany({ where: { projectId, id: { gt: last } }, orderBy: { id: "asc" }, take: RERANK_PAGE, select: { id: true } });
      if (!page.length) return;
      const range = { first: page[0]!.id, last: page.at(-1)!.id };
      last = range.last;
      await db().$executeRaw`UPDATE "Item" SET "queueRank" = ${rankSql(0, 0)} WHERE "projectId" = ${projectId} AND "id" >= ${range.first} AND "id" <= ${range.last}`;
    }
  },
});

/** Re-ranks every item of the project (its overlap changed), a page at a time in the background (a job). */
export function rerankProject(projectId: string): void {
  rerankJob.trigger({ projectId });
}

// Started items come first, oldest first, so items reach their overlap (and review) soonest. A labeler skips the
// ones they hold or are done with; to keep that cost bounded when one labeler is far ahead of the others, only
// this many started items are looked at before a fresh one is taken, and the rest only when no fresh one is left.
const STARTED_WINDOW = 64;

/**
 * The next item for the labeler, locked for this transaction: on PostgreSQL concurrent labelers skip an item another
 * is taking (SKIP LOCKED) rather than wait or collide on it, and only when every candidate was being taken do they
 * wait for them, so that "nothing left" is never said of an item that was merely busy. SQLite runs one writing
 * transaction at a time.
 */
export async function pickItem(tx: Tx, projectId: string, userId: string): Promise<string | null> {
  if (currentTarget().provider === "sqlite") return pickItemLocking(tx, projectId, userId, Prisma.empty);
  return (await pickItemLocking(tx, projectId, userId, Prisma.sql`FOR UPDATE SKIP LOCKED`)) ?? (await pickItemLocking(tx, projectId, userId, Prisma.sql`FOR UPDATE`));
}

async function pickItemLocking(tx: Tx, projectId: string, userId: string, lock: Prisma.Sql): Promise<string | null> {
  const pick = async (candidates: Prisma.Sql) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      SELECT i."id" FROM "Item" i
      WHERE ${candidates}
        AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."itemId" = i."id" AND a."userId" = ${userId} AND a."isRevision" = false AND a."status" IN ('active', 'submitted', 'skipped'))
      ORDER BY i."queueRank", i."queueCertainty", i."createdAt", i."id"
      LIMIT 1 ${lock}`;
    return row?.id ?? null;
  };
  return (
    // The rank is tested on i too: PostgreSQL re-tests a row that changed while it waited for it on i's conditions.
    (await pick(Prisma.sql`i."queueRank" = 1 AND i."id" IN (SELECT w."id" FROM "Item" w WHERE w."projectId" = ${projectId} AND w."queueRank" = 1 ORDER BY w."createdAt", w."id" LIMIT ${STARTED_WINDOW})`)) ??
    (await pick(Prisma.sql`i."projectId" = ${projectId} AND i."queueRank" = 2`)) ??
    (await pick(Prisma.sql`i."projectId" = ${projectId} AND i."queueRank" = 1`))
  );
}

const RECLAIM_PAGE = 100;

/** Every project's expired leases give their slots back (the production server's sweep, every minute). */
export async function reclaimAllExpiredLeases(): Promise<void> {
  const now = new Date();
  while ((await db().$transaction((tx) => reclaimExpiredLeases(tx, now))) === RECLAIM_PAGE);
}

/**
 * Leases past their expiry give their slot back: marked expired, their items re-ranked. One project's, or all
 * projects' (the sweep); at most a page at a time. Returns how many were reclaimed.
 */
export async function reclaimExpiredLeases(tx: Tx, now: Date, projectId?: string): Promise<number> {
  const expired = await tx.assignment.findMany({
    where: { status: "active", expiresAt: { lte: now }, ...(projectId ? { projectId } : {}) },
    take: RECLAIM_PAGE,
    select: { id: true, itemId: true, isRevision: true },
  });
  let reclaimed = 0;
  for (const lease of expired) {
    // Conditional: a lease renewed or closed meanwhile keeps its slot, or has given it back already.
    const closed = await tx.assignment.updateMany({ where: { id: lease.id, status: "active", expiresAt: { lte: now } }, data: { status: "expired" } });
    if (!closed.count) continue;
    reclaimed++;
    if (!lease.isRevision) await moveInQueue(tx, lease.itemId, { leases: -1 });
  }
  return reclaimed;
}
