-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "leaseCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "queueRank" INTEGER DEFAULT 2;

-- CreateIndex
CREATE INDEX "Assignment_itemId_userId_idx" ON "Assignment"("itemId", "userId");

-- CreateIndex
CREATE INDEX "Assignment_status_expiresAt_idx" ON "Assignment"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "Item_projectId_queueRank_createdAt_id_idx" ON "Item"("projectId", "queueRank", "createdAt", "id");

-- Each item's live first-time leases (expired ones are reclaimed later), and its place in the queue by the rule
-- of lib/server/queue.ts.
UPDATE "Item" SET "leaseCount" = (SELECT COUNT(*) FROM "Assignment" a WHERE a."itemId" = "Item"."id" AND a."status" = 'active' AND a."isRevision" = false);
UPDATE "Item" SET "queueRank" = CASE
  WHEN "reviewState" IN ('resolved', 'excluded') THEN NULL
  WHEN (SELECT p."overlap" FROM "Project" p WHERE p."id" = "Item"."projectId") + "extraLabelers" - "submittedCount" - "leaseCount" <= 0 THEN NULL
  WHEN "submittedCount" + "leaseCount" = 0 THEN 2
  ELSE 1
END;
