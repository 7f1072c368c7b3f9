-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "modelAgreement" DOUBLE PRECISION,
ADD COLUMN     "prefill" TEXT,
ADD COLUMN     "prefillPredictionId" TEXT;

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "prefill" TEXT,
ADD COLUMN     "prefillPredictionId" TEXT;

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "queueCertainty" DOUBLE PRECISION NOT NULL DEFAULT 2;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "preannotationHoldOut" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "preannotationModelId" TEXT,
ADD COLUMN     "queueAgainstModelId" TEXT,
ADD COLUMN     "queueModelId" TEXT;

-- CreateTable
CREATE TABLE "PredictionModel" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "trainingExportSha256" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "predictionsChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "predictionCount" INTEGER NOT NULL DEFAULT 0,
    "prefillShown" INTEGER NOT NULL DEFAULT 0,
    "prefillShownAgreement" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "prefillHeldOut" INTEGER NOT NULL DEFAULT 0,
    "prefillHeldOutAgreement" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "PredictionModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "score" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PredictionOutcome" (
    "modelId" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "measure" DOUBLE PRECISION NOT NULL,
    "error" BOOLEAN NOT NULL,

    CONSTRAINT "PredictionOutcome_pkey" PRIMARY KEY ("modelId","task","itemId")
);

-- CreateTable
CREATE TABLE "ModelEvaluation" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "report" JSONB,
    "error" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computedAt" TIMESTAMP(3),

    CONSTRAINT "ModelEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemTag" (
    "itemId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemTag_pkey" PRIMARY KEY ("itemId","tagId")
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
CREATE INDEX "Item_projectId_queueRank_queueCertainty_createdAt_id_idx" ON "Item"("projectId", "queueRank", "queueCertainty", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Item_projectId_originalName_idx" ON "Item"("projectId", "originalName");

-- AddForeignKey
ALTER TABLE "PredictionModel" ADD CONSTRAINT "PredictionModel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "PredictionModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PredictionOutcome" ADD CONSTRAINT "PredictionOutcome_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "PredictionModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PredictionOutcome" ADD CONSTRAINT "PredictionOutcome_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelEvaluation" ADD CONSTRAINT "ModelEvaluation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "PredictionModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemTag" ADD CONSTRAINT "ItemTag_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemTag" ADD CONSTRAINT "ItemTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
