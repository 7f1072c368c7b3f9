-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "modelAgreement" REAL;
ALTER TABLE "Annotation" ADD COLUMN "prefill" TEXT;
ALTER TABLE "Annotation" ADD COLUMN "prefillPredictionId" TEXT;

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "prefill" TEXT;
ALTER TABLE "Assignment" ADD COLUMN "prefillPredictionId" TEXT;

-- CreateTable
CREATE TABLE "PredictionModel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "trainingExportSha256" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "predictionsChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "predictionCount" INTEGER NOT NULL DEFAULT 0,
    "prefillShown" INTEGER NOT NULL DEFAULT 0,
    "prefillShownAgreement" REAL NOT NULL DEFAULT 0,
    "prefillHeldOut" INTEGER NOT NULL DEFAULT 0,
    "prefillHeldOutAgreement" REAL NOT NULL DEFAULT 0,
    CONSTRAINT "PredictionModel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "score" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Prediction_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "PredictionModel" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Prediction_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PredictionOutcome" (
    "modelId" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "measure" REAL NOT NULL,
    "error" BOOLEAN NOT NULL,

    PRIMARY KEY ("modelId", "task", "itemId"),
    CONSTRAINT "PredictionOutcome_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "PredictionModel" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PredictionOutcome_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ModelEvaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "report" JSONB,
    "error" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computedAt" DATETIME,
    CONSTRAINT "ModelEvaluation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "PredictionModel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tag_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ItemTag" (
    "itemId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("itemId", "tagId"),
    CONSTRAINT "ItemTag_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
    "queueCertainty" REAL NOT NULL DEFAULT 2,
    "agreement" JSONB,
    "agreementAt" DATETIME,
    "reviewState" TEXT NOT NULL DEFAULT 'open',
    "flagReasons" JSONB,
    "reviewScore" REAL,
    "extraLabelers" INTEGER NOT NULL DEFAULT 0,
    "waitingSince" DATETIME,
    "statistics" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Item_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Item_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("agreement", "agreementAt", "createdAt", "durationMs", "extraLabelers", "flagReasons", "height", "id", "importBatchId", "leaseCount", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "queueRank", "reviewScore", "reviewState", "sha256", "sizeBytes", "source", "statistics", "submittedCount", "waitingSince", "width") SELECT "agreement", "agreementAt", "createdAt", "durationMs", "extraLabelers", "flagReasons", "height", "id", "importBatchId", "leaseCount", "leaseVersion", "mediaPath", "metadata", "mimeType", "originalName", "projectId", "queueRank", "reviewScore", "reviewState", "sha256", "sizeBytes", "source", "statistics", "submittedCount", "waitingSince", "width" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_projectId_queueRank_createdAt_id_idx" ON "Item"("projectId", "queueRank", "createdAt", "id");
CREATE INDEX "Item_projectId_queueRank_queueCertainty_createdAt_id_idx" ON "Item"("projectId", "queueRank", "queueCertainty", "createdAt", "id");
CREATE INDEX "Item_projectId_createdAt_id_idx" ON "Item"("projectId", "createdAt", "id");
CREATE INDEX "Item_projectId_submittedCount_idx" ON "Item"("projectId", "submittedCount");
CREATE INDEX "Item_projectId_reviewState_reviewScore_id_idx" ON "Item"("projectId", "reviewState", "reviewScore", "id");
CREATE INDEX "Item_projectId_waitingSince_idx" ON "Item"("projectId", "waitingSince");
CREATE INDEX "Item_projectId_id_idx" ON "Item"("projectId", "id");
CREATE INDEX "Item_projectId_originalName_idx" ON "Item"("projectId", "originalName");
CREATE UNIQUE INDEX "Item_projectId_sha256_key" ON "Item"("projectId", "sha256");
CREATE TABLE "new_Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "mediaKind" TEXT NOT NULL,
    "labelConfig" JSONB NOT NULL,
    "reviewRules" JSONB,
    "standardization" JSONB,
    "overlap" INTEGER NOT NULL DEFAULT 3,
    "maxOverlap" INTEGER NOT NULL DEFAULT 5,
    "escalationTimeoutHours" INTEGER NOT NULL DEFAULT 24,
    "metadataFacets" JSONB,
    "preannotationModelId" TEXT,
    "preannotationHoldOut" INTEGER NOT NULL DEFAULT 20,
    "queueModelId" TEXT,
    "queueAgainstModelId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "archivedAt" DATETIME,
    CONSTRAINT "Project_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Project" ("archivedAt", "createdAt", "createdById", "description", "escalationTimeoutHours", "id", "labelConfig", "maxOverlap", "mediaKind", "metadataFacets", "name", "overlap", "reviewRules", "standardization", "updatedAt") SELECT "archivedAt", "createdAt", "createdById", "description", "escalationTimeoutHours", "id", "labelConfig", "maxOverlap", "mediaKind", "metadataFacets", "name", "overlap", "reviewRules", "standardization", "updatedAt" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PredictionModel_projectId_name_version_key" ON "PredictionModel"("projectId", "name", "version");

-- CreateIndex
CREATE INDEX "Prediction_itemId_idx" ON "Prediction"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "Prediction_modelId_itemId_key" ON "Prediction"("modelId", "itemId");

-- CreateIndex
CREATE INDEX "PredictionOutcome_modelId_task_error_itemId_idx" ON "PredictionOutcome"("modelId", "task", "error", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelEvaluation_modelId_task_by_key" ON "ModelEvaluation"("modelId", "task", "by");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_projectId_name_key" ON "Tag"("projectId", "name");

-- CreateIndex
CREATE INDEX "ItemTag_tagId_itemId_idx" ON "ItemTag"("tagId", "itemId");

-- CreateIndex
CREATE INDEX "ConsensusResult_projectId_createdAt_idx" ON "ConsensusResult"("projectId", "createdAt");
