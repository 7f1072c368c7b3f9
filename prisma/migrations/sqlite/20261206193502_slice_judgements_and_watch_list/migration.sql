-- AlterTable
ALTER TABLE "Project" ADD COLUMN "watchList" JSONB;

-- CreateTable
CREATE TABLE "SliceJudgement" (
    "projectId" TEXT NOT NULL,
    "sliceKey" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "ease" TEXT NOT NULL DEFAULT '',
    "importance" TEXT NOT NULL DEFAULT '',
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("projectId", "sliceKey", "value"),
    CONSTRAINT "SliceJudgement_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PredictionOutcome" (
    "modelId" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "measure" REAL NOT NULL,
    "error" BOOLEAN NOT NULL,
    "watchHit" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("modelId", "task", "itemId"),
    CONSTRAINT "PredictionOutcome_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "PredictionModel" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PredictionOutcome_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PredictionOutcome" ("error", "itemId", "measure", "modelId", "task") SELECT "error", "itemId", "measure", "modelId", "task" FROM "PredictionOutcome";
DROP TABLE "PredictionOutcome";
ALTER TABLE "new_PredictionOutcome" RENAME TO "PredictionOutcome";
CREATE INDEX "PredictionOutcome_modelId_task_error_itemId_idx" ON "PredictionOutcome"("modelId", "task", "error", "itemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
