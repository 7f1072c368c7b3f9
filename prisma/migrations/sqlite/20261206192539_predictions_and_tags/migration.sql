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

    PRIMARY KEY ("modelId", "task", "itemId")
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

-- CreateIndex
CREATE INDEX "Item_projectId_originalName_idx" ON "Item"("projectId", "originalName");
