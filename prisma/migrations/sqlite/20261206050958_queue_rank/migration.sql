-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Item" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "importBatchId" TEXT,
    "mediaPath" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "durationMs" INTEGER,
    "metadata" JSONB NOT NULL,
    "source" TEXT,
    "leaseVersion" INTEGER NOT NULL DEFAULT 0,
    "submittedCount" INTEGER NOT NULL DEFAULT 0,
    "leaseCount" INTEGER NOT NULL DEFAULT 0,
    "queueRank" INTEGER DEFAULT 2,
    "agreement" JSONB,
    "agreementAt" DATETIME,
    "reviewState" TEXT NOT NULL DEFAULT 'open',
    "flagReasons" JSONB,
    "reviewScore" REAL,
    "extraLabelers" INTEGER NOT NULL DEFAULT 0,
    "waitingSince" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Item_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Item_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("agreement", "agreementAt", "createdAt", "durationMs", "extraLabelers", "flagReasons", "height", "id", "importBatchId", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "reviewScore", "reviewState", "sha256", "sizeBytes", "source", "submittedCount", "waitingSince", "width") SELECT "agreement", "agreementAt", "createdAt", "durationMs", "extraLabelers", "flagReasons", "height", "id", "importBatchId", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "reviewScore", "reviewState", "sha256", "sizeBytes", "source", "submittedCount", "waitingSince", "width" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_projectId_queueRank_createdAt_id_idx" ON "Item"("projectId", "queueRank", "createdAt", "id");
CREATE INDEX "Item_projectId_createdAt_idx" ON "Item"("projectId", "createdAt");
CREATE INDEX "Item_projectId_submittedCount_idx" ON "Item"("projectId", "submittedCount");
CREATE INDEX "Item_projectId_reviewState_reviewScore_idx" ON "Item"("projectId", "reviewState", "reviewScore");
CREATE INDEX "Item_projectId_waitingSince_idx" ON "Item"("projectId", "waitingSince");
CREATE INDEX "Item_projectId_id_idx" ON "Item"("projectId", "id");
CREATE UNIQUE INDEX "Item_projectId_sha256_key" ON "Item"("projectId", "sha256");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Assignment_itemId_userId_idx" ON "Assignment"("itemId", "userId");

-- CreateIndex
CREATE INDEX "Assignment_status_expiresAt_idx" ON "Assignment"("status", "expiresAt");

-- Each item's live first-time leases (expired ones are reclaimed later), and its place in the queue by the rule
-- of lib/server/queue.ts.
UPDATE "Item" SET "leaseCount" = (SELECT COUNT(*) FROM "Assignment" a WHERE a."itemId" = "Item"."id" AND a."status" = 'active' AND a."isRevision" = false);
UPDATE "Item" SET "queueRank" = CASE
  WHEN "reviewState" IN ('resolved', 'excluded') THEN NULL
  WHEN (SELECT p."overlap" FROM "Project" p WHERE p."id" = "Item"."projectId") + "extraLabelers" - "submittedCount" - "leaseCount" <= 0 THEN NULL
  WHEN "submittedCount" + "leaseCount" = 0 THEN 2
  ELSE 1
END;
