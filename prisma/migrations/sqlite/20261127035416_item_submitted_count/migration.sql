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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Item_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Item_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("createdAt", "durationMs", "height", "id", "importBatchId", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "sha256", "sizeBytes", "source", "width") SELECT "createdAt", "durationMs", "height", "id", "importBatchId", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "sha256", "sizeBytes", "source", "width" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_projectId_createdAt_idx" ON "Item"("projectId", "createdAt");
CREATE INDEX "Item_projectId_submittedCount_idx" ON "Item"("projectId", "submittedCount");
CREATE UNIQUE INDEX "Item_projectId_sha256_key" ON "Item"("projectId", "sha256");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
