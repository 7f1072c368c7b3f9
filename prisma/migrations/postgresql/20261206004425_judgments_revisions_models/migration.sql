-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "draftVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "isRevision" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ConsensusResult" ADD COLUMN     "state" "ReviewState",
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'submission';

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "waitingSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "escalationTimeoutHours" INTEGER NOT NULL DEFAULT 24;

-- CreateTable
CREATE TABLE "RevisionRequest" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "labelerId" TEXT NOT NULL,
    "decisionId" TEXT,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "assignmentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "RevisionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelerModel" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "taskKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'dawid-skene',
    "items" INTEGER NOT NULL,
    "ratings" INTEGER NOT NULL,
    "parameters" JSONB NOT NULL,
    "fittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelerModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "RevisionRequest_assignmentId_key" ON "RevisionRequest"("assignmentId");

-- CreateIndex
CREATE INDEX "RevisionRequest_projectId_labelerId_status_idx" ON "RevisionRequest"("projectId", "labelerId", "status");

-- CreateIndex
CREATE INDEX "RevisionRequest_itemId_status_idx" ON "RevisionRequest"("itemId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "LabelerModel_projectId_taskKey_version_key" ON "LabelerModel"("projectId", "taskKey", "version");

-- CreateIndex
CREATE INDEX "Annotation_labelerId_projectId_submittedAt_idx" ON "Annotation"("labelerId", "projectId", "submittedAt");

-- CreateIndex
CREATE INDEX "Item_projectId_waitingSince_idx" ON "Item"("projectId", "waitingSince");

-- AddForeignKey
ALTER TABLE "RevisionRequest" ADD CONSTRAINT "RevisionRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevisionRequest" ADD CONSTRAINT "RevisionRequest_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevisionRequest" ADD CONSTRAINT "RevisionRequest_labelerId_fkey" FOREIGN KEY ("labelerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RevisionRequest" ADD CONSTRAINT "RevisionRequest_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelerModel" ADD CONSTRAINT "LabelerModel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Items already waiting for extra labels (escalated, or sent back to fresh labelers) start their wait now, so the
-- escalation timeout and "nobody left" apply to them too.
UPDATE "Item" SET "waitingSince" = CURRENT_TIMESTAMP WHERE "reviewState" = 'escalated' OR ("reviewState" = 'open' AND "extraLabelers" > 0);

-- Judgments made before could let a labeler model overrule agreement or make the uncertainty class a consensus label:
-- undecided judged items are judged again under the new rules (rejudgeStaleItems in lib/server/judging.ts).
UPDATE "Item" SET "agreementAt" = NULL WHERE "reviewState" IN ('accepted', 'flagged');
