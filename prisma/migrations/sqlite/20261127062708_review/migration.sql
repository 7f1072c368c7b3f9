-- AlterTable
ALTER TABLE "Project" ADD COLUMN "reviewRules" JSONB;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Annotation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "labelerId" TEXT NOT NULL,
    "assignmentId" TEXT,
    "guidelineVersionId" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "isDraft" BOOLEAN NOT NULL DEFAULT false,
    "result" JSONB NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "activeMs" INTEGER NOT NULL DEFAULT 0,
    "guidelinesUnclear" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "clientInfo" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Annotation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_labelerId_fkey" FOREIGN KEY ("labelerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Annotation_guidelineVersionId_fkey" FOREIGN KEY ("guidelineVersionId") REFERENCES "GuidelineVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Annotation" ("activeMs", "assignmentId", "clientInfo", "createdAt", "guidelineVersionId", "id", "isDraft", "itemId", "labelerId", "projectId", "result", "revision", "startedAt", "submittedAt") SELECT "activeMs", "assignmentId", "clientInfo", "createdAt", "guidelineVersionId", "id", "isDraft", "itemId", "labelerId", "projectId", "result", "revision", "startedAt", "submittedAt" FROM "Annotation";
DROP TABLE "Annotation";
ALTER TABLE "new_Annotation" RENAME TO "Annotation";
CREATE INDEX "Annotation_projectId_submittedAt_idx" ON "Annotation"("projectId", "submittedAt");
CREATE UNIQUE INDEX "Annotation_itemId_labelerId_revision_key" ON "Annotation"("itemId", "labelerId", "revision");
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
    "agreement" JSONB,
    "agreementAt" DATETIME,
    "reviewState" TEXT NOT NULL DEFAULT 'open',
    "flagReasons" JSONB,
    "reviewScore" REAL,
    "extraLabelers" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Item_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Item_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("agreement", "agreementAt", "createdAt", "durationMs", "height", "id", "importBatchId", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "sha256", "sizeBytes", "source", "submittedCount", "width") SELECT "agreement", "agreementAt", "createdAt", "durationMs", "height", "id", "importBatchId", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "sha256", "sizeBytes", "source", "submittedCount", "width" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_projectId_createdAt_idx" ON "Item"("projectId", "createdAt");
CREATE INDEX "Item_projectId_submittedCount_idx" ON "Item"("projectId", "submittedCount");
CREATE INDEX "Item_projectId_reviewState_reviewScore_idx" ON "Item"("projectId", "reviewState", "reviewScore");
CREATE UNIQUE INDEX "Item_projectId_sha256_key" ON "Item"("projectId", "sha256");
CREATE TABLE "new_ReviewDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "guidelineVersionId" TEXT,
    "action" TEXT NOT NULL,
    "annotationId" TEXT,
    "result" JSONB,
    "reason" TEXT NOT NULL,
    "category" TEXT,
    "reviewSession" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReviewDecision_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewDecision_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewDecision_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewDecision_guidelineVersionId_fkey" FOREIGN KEY ("guidelineVersionId") REFERENCES "GuidelineVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ReviewDecision" ("category", "createdAt", "guidelineVersionId", "id", "itemId", "projectId", "reason", "result", "reviewSession", "reviewerId") SELECT "category", "createdAt", "guidelineVersionId", "id", "itemId", "projectId", "reason", "result", "reviewSession", "reviewerId" FROM "ReviewDecision";
DROP TABLE "ReviewDecision";
ALTER TABLE "new_ReviewDecision" RENAME TO "ReviewDecision";
CREATE INDEX "ReviewDecision_itemId_createdAt_idx" ON "ReviewDecision"("itemId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
