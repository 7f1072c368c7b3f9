-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "submittedCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Item_projectId_submittedCount_idx" ON "Item"("projectId", "submittedCount");
