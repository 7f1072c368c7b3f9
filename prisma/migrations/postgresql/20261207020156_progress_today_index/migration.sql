-- DropIndex
DROP INDEX "Assignment_projectId_userId_status_idx";

-- CreateIndex
CREATE INDEX "Assignment_projectId_userId_status_completedAt_idx" ON "Assignment"("projectId", "userId", "status", "completedAt");
